/**
 * Realworld D05 (AAGNet's partA) declares metres but its coordinates are millimetres: cadlens reported, without a
 * word, a part of 66.8 × 86.4 × 50 m. The geometry stage now says so (`GEOM_SIZE_IMPLAUSIBLE`, warning), with the
 * size the coordinates give in the likely unit; the geometry is unchanged. Fixtures written here: the plate fixture
 * with its length unit changed to metres, and an STL of a 50 mm cube written in metres (an STL has no unit).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createNodeAnalyzer } from '../../src/runtime/node/analyze-file.js';
import { createPartSizeValidator, defaultGeometryValidators } from '../../src/stages/validate/geometry/index.js';
import type { AnalysisResult } from '../../src/result/index.js';

const dir = mkdtempSync(join(tmpdir(), 'cadlens-size-'));
const plate = readFileSync(new URL('../fixtures/step/plate-hole-pocket.step', import.meta.url), 'latin1');
const MM_UNIT = '(LENGTH_UNIT()NAMED_UNIT(*)SI_UNIT(.MILLI.,.METRE.))';
const analyzer = createNodeAnalyzer({ mesh: 'never', recognizers: [] });
afterAll(async () => {
  await analyzer.dispose();
  rmSync(dir, { recursive: true, force: true });
});

const sizeFindings = (r: AnalysisResult) => r.stages.flatMap((s) => s.findings.filter((f) => f.code === 'GEOM_SIZE_IMPLAUSIBLE').map((f) => ({ stage: s.name, ...f })));

/** An ASCII STL of an axis-aligned cube of edge `edge` (file units), 12 triangles. */
function cubeStl(edge: number): string {
  const v = (x: number, y: number, z: number) => [x * edge, y * edge, z * edge].join(' ');
  const quads: [number, number, number][][] = [
    [[0, 0, 0], [0, 1, 0], [1, 1, 0], [1, 0, 0]],
    [[0, 0, 1], [1, 0, 1], [1, 1, 1], [0, 1, 1]],
    [[0, 0, 0], [1, 0, 0], [1, 0, 1], [0, 0, 1]],
    [[0, 1, 0], [0, 1, 1], [1, 1, 1], [1, 1, 0]],
    [[0, 0, 0], [0, 0, 1], [0, 1, 1], [0, 1, 0]],
    [[1, 0, 0], [1, 1, 0], [1, 1, 1], [1, 0, 1]],
  ];
  const tri = (a: number[], b: number[], c: number[]) => `facet normal 0 0 0\nouter loop\nvertex ${v(a[0], a[1], a[2])}\nvertex ${v(b[0], b[1], b[2])}\nvertex ${v(c[0], c[1], c[2])}\nendloop\nendfacet`;
  return `solid cube\n${quads.flatMap(([a, b, c, d]) => [tri(a, b, c), tri(a, c, d)]).join('\n')}\nendsolid cube\n`;
}

describe('GEOM_SIZE_IMPLAUSIBLE: a size that points to a wrong length unit', () => {
  it('the plate as written (millimetres) has no such finding', async () => {
    const path = join(dir, 'plate-mm.step');
    writeFileSync(path, plate, 'latin1');
    const result = await analyzer.analyzeFile(path);
    expect(sizeFindings(result)).toEqual([]);
  });

  it('the plate declaring metres: a warning with the size as read and as millimetres; the geometry stage still passes', async () => {
    expect(plate).toContain(MM_UNIT);
    const path = join(dir, 'plate-m.step');
    writeFileSync(path, plate.replace(MM_UNIT, '(LENGTH_UNIT()NAMED_UNIT(*)SI_UNIT($,.METRE.))'), 'latin1');
    const result = await analyzer.analyzeFile(path);
    const [finding, ...more] = sizeFindings(result);
    expect(more).toEqual([]);
    expect(finding).toMatchObject({ stage: 'geometry', severity: 'warning' });
    const { min, max } = result.part!.bbox;
    const largestM = Math.max(...max.map((v, i) => v - min[i])) / 1000;
    expect(largestM).toBeGreaterThan(10);
    expect(finding.message).toMatch(/^the part is [\d.]+ × [\d.]+ × [\d.]+ m \(the file's length unit is metre\), implausibly large for a part \(largest extent over 10 m\); read as millimetres it would be [\d.]+ × [\d.]+ × [\d.]+ mm: check the file's length unit$/);
    expect(finding.message).toContain(`${Number(largestM.toPrecision(3))}`);
    expect(result.stages.find((s) => s.name === 'geometry')!.passed).toBe(true);
  });

  it('an STL of a 50 mm cube written in metres: implausibly small, and 50 × 50 × 50 mm read as metres', async () => {
    const path = join(dir, 'cube-in-metres.stl');
    writeFileSync(path, cubeStl(0.05));
    const result = await analyzer.analyzeFile(path);
    expect(sizeFindings(result).map((f) => f.message)).toEqual([
      'the part is 50 × 50 × 50 µm (a mesh file has no length unit: read as millimetres), implausibly small for a part (largest extent under 0.1 mm); read as metres it would be 50 × 50 × 50 mm: check the file\'s length unit',
    ]);
  });

  it('the range is an option: createPartSizeValidator({ maxMm: 50 }) flags the millimetre plate', async () => {
    const strict = createNodeAnalyzer({ mesh: 'never', recognizers: [], validators: { geometry: [...defaultGeometryValidators.filter((v) => v.id !== 'cadlens/geometry/part-size'), createPartSizeValidator({ maxMm: 50 })] } });
    try {
      const result = await strict.analyzeFile(join(dir, 'plate-mm.step'));
      expect(sizeFindings(result).map((f) => f.message)).toEqual([expect.stringMatching(/mm \(the file's length unit is millimetre\), implausibly large for a part \(largest extent over 50 mm\): check the file's length unit$/)]);
    } finally {
      await strict.dispose();
    }
  });
});
