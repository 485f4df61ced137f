import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createNodeAnalyzer } from '../../src/runtime/node/analyze-file.js';
import { codes, countingTessellator, stage } from '../support/counting-tessellator.js';
import { createHeuristicRecognizer } from '../../src/stages/recognize/tier2-heuristics/index.js';

// NIST's test parts (and many PMI exports) carry GEOMETRIC_CURVE_SET / GEOMETRIC_SET items of curves and points
// next to their solids. The STEP reader does not model them (PARSE_UNSUPPORTED_ENTITY stays), but they have no
// triangles in OpenCascade's mesh either, so under mesh: 'auto' they are no reason to tessellate; a set that holds
// a surface still is. The files are the project's cube fixture with such an item added to its representation.
const cube = readFileSync(fileURLToPath(new URL('../fixtures/step/cube.step', import.meta.url)), 'utf8');

/** The cube with `items` (entity lines, ids from #900) added as an item (#900) of its shape representation. */
function cubeWith(itemLines: string[]): Uint8Array {
  const text = cube
    .replace("#128=ADVANCED_BREP_SHAPE_REPRESENTATION('cube',(#126,#127),#12);", "#128=ADVANCED_BREP_SHAPE_REPRESENTATION('cube',(#126,#127,#900),#12);")
    .replace('ENDSEC;\nEND-ISO-10303-21;', `${itemLines.join('\n')}\nENDSEC;\nEND-ISO-10303-21;`);
  expect(text).toContain('#900=');
  return new TextEncoder().encode(text);
}

const LINE = ["#901=CARTESIAN_POINT('',(0.,0.,20.));", "#902=DIRECTION('',(1.,0.,0.));", "#903=VECTOR('',#902,1.);", "#904=LINE('',#901,#903);"];

describe("mesh: 'auto' and wireframe sets next to the solid (real reader, real OpenCascade worker)", () => {
  const tessellator = countingTessellator();
  const auto = createNodeAnalyzer({ mesh: 'auto', tessellator, recognizers: [createHeuristicRecognizer()] });
  afterAll(async () => {
    await auto.dispose();
  });

  it('a GEOMETRIC_CURVE_SET or a GEOMETRIC_SET of curves and points: reported, not tessellated', async () => {
    for (const set of ["#900=GEOMETRIC_CURVE_SET('pmi',(#904,#901));", "#900=GEOMETRIC_SET('pmi',(#904,#901));"]) {
      const before = tessellator.calls;
      const r = await auto.analyze(cubeWith([...LINE, set]), { name: 'cube-with-set.step' });
      expect(tessellator.calls).toBe(before);
      expect(codes(r, 'parse')).toContain('PARSE_UNSUPPORTED_ENTITY');
      expect(codes(r, 'parse')).toContain('PARSE_MESH_NOT_BUILT');
      expect(r.part!.counts.faces).toBe(6);
    }
  });

  it('a GEOMETRIC_SET that holds a surface is tessellated (OpenCascade may mesh it)', async () => {
    const before = tessellator.calls;
    const plane = ["#905=AXIS2_PLACEMENT_3D('',#901,$,$);", "#906=PLANE('',#905);"];
    const r = await auto.analyze(cubeWith([...LINE, ...plane, "#900=GEOMETRIC_SET('loose',(#904,#906));"]), { name: 'cube-with-surface-set.step' });
    expect(tessellator.calls).toBe(before + 1);
    expect(stage(r, 'parse').findings.find((f) => f.code === 'PARSE_MESH_BUILT')?.message).toContain('did not understand 1 entity');
  });
});
