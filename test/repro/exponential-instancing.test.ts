/**
 * Issue 10 / 9: a 16 KB file whose MAPPED_ITEMs double 30 times (2^30 cube instances) was accepted by
 * the reader and builder and ended as `OCCT_TIMEOUT` (transient, so a retry policy would spend another
 * 60 s of CPU on it). Instances are now counted with their multiplicity, without expanding them, before
 * anything is built or tessellated; above `MAX_SOLID_INSTANCES` the file is refused as
 * `PART_LIMIT_INSTANCES` (permanent). Assembly placements count the same way.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { buildPartFromStep } from '../../src/brep/index.js';
import { MAX_SOLID_INSTANCES } from '../../src/brep/instancing.js';
import { isCadlensError } from '../../src/errors/index.js';
import { readStep } from '../../src/formats/step/index.js';
import { analysisResultSchema } from '../../src/result/index.js';
import { createNodeAnalyzer } from '../../src/runtime/node/analyze-file.js';
import { cubeStepText, instancedCubeStep, thrown } from '../support/hostile-step.js';

/** The two-part assembly fixture with `extra` more placements of its cube; `swapped` writes rep_1/rep_2 the other way round. */
function assemblyWithCubeCopies(extra: number, swapped: boolean): string {
  let text = readFileSync(fileURLToPath(new URL('../fixtures/step/assembly-two-parts.step', import.meta.url)), 'latin1');
  const rel = (child: number, parent: number) => (swapped ? `#${parent},#${child}` : `#${child},#${parent}`);
  text = text.replace("REPRESENTATION_RELATIONSHIP('','',#138,#255)", `REPRESENTATION_RELATIONSHIP('','',${rel(138, 255)})`);
  text = text.replace("REPRESENTATION_RELATIONSHIP('','',#248,#255)", `REPRESENTATION_RELATIONSHIP('','',${rel(248, 255)})`);
  const lines: string[] = [];
  for (let i = 0, id = 5000; i < extra; i++, id += 10) {
    lines.push(`#${id}=NEXT_ASSEMBLY_USAGE_OCCURRENCE('X${i}','copy ${i}','',#12,#17,$);`);
    lines.push(`#${id + 1}=PRODUCT_DEFINITION_SHAPE('','',#${id});`);
    lines.push(`#${id + 2}=ITEM_DEFINED_TRANSFORMATION('','',#137,#253);`);
    lines.push(`#${id + 3}=(REPRESENTATION_RELATIONSHIP('','',${rel(138, 255)})REPRESENTATION_RELATIONSHIP_WITH_TRANSFORMATION(#${id + 2})SHAPE_REPRESENTATION_RELATIONSHIP());`);
    lines.push(`#${id + 4}=CONTEXT_DEPENDENT_SHAPE_REPRESENTATION(#${id + 3},#${id + 1});`);
  }
  return text.replace('ENDSEC;\nEND-ISO', `${lines.join('\n')}\nENDSEC;\nEND-ISO`);
}

describe('repro: exponential instancing is refused before tessellation, as a permanent error', () => {
  const analyzer = createNodeAnalyzer({ recognizers: [] });
  afterAll(() => analyzer.dispose());

  it('2^13 instances (under the limit) still build', () => {
    expect(2 ** 13).toBeLessThanOrEqual(MAX_SOLID_INSTANCES);
    expect(buildPartFromStep(readStep(instancedCubeStep(13, 2))).faces).toHaveLength(6);
  });

  for (const levels of [14, 30, 200]) {
    it(`2^${levels} instances → PART_LIMIT_INSTANCES, permanent, with the count in details`, () => {
      const e = thrown(() => buildPartFromStep(readStep(instancedCubeStep(levels, 2))));
      expect(isCadlensError(e)).toBe(true);
      if (!isCadlensError(e)) return;
      expect(e.code).toBe('PART_LIMIT_INSTANCES');
      expect(e.kind).toBe('permanent');
      expect(e.details.limit).toBe(MAX_SOLID_INSTANCES);
      expect(e.details.solidInstances).toBeGreaterThan(MAX_SOLID_INSTANCES);
    });
  }

  it('the analyzer reports it without calling OpenCascade: error PART_LIMIT_INSTANCES, permanent, schema-valid', async () => {
    const bytes = new TextEncoder().encode(instancedCubeStep(30, 2));
    const result = await analyzer.analyze(bytes, { name: 'doubling.step' });
    expect(analysisResultSchema.safeParse(result).success).toBe(true);
    expect(result.error?.code).toBe('PART_LIMIT_INSTANCES');
    expect(result.error?.kind).toBe('permanent');
    expect(result.timings.tessellate).toBeUndefined();
  });

  for (const swapped of [false, true]) {
    it(`assembly placements count with their multiplicity (${swapped ? 'rep_1/rep_2 swapped' : 'usual rep_1/rep_2 order'})`, () => {
      // cube placed 1 + 5 times, slab once: 7 instances
      const text = assemblyWithCubeCopies(5, swapped);
      expect(buildPartFromStep(readStep(text), { instancing: { maxSolidInstances: 7 } }).assembly!.instances).toHaveLength(7);
      const e = thrown(() => buildPartFromStep(readStep(text), { instancing: { maxSolidInstances: 6 } }));
      expect(isCadlensError(e) && e.code).toBe('PART_LIMIT_INSTANCES');
      expect(isCadlensError(e) && e.details.solidInstances).toBe(7);
    });
  }
});
