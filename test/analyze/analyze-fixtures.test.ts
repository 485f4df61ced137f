import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createNodeAnalyzer } from '../../src/runtime/node/analyze-file.js';
import { analysisResultSchema, STAGE_NAMES } from '../../src/result/index.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/step/${name}`, import.meta.url));
const analyzer = createNodeAnalyzer();
afterAll(() => analyzer.dispose());

describe('analyze() end to end on the hand-authored STEP fixtures (real reader, real occt-import-js worker)', () => {
  it('cube: every stage passes, 6 planar faces keyed by STEP id, volume 1000 mm³', async () => {
    const result = await analyzer.analyzeFile(fixture('cube.step'));
    expect(analysisResultSchema.safeParse(result).success).toBe(true);
    expect(result.stages.map((s) => s.name)).toEqual([...STAGE_NAMES]);
    expect(result.stages.every((s) => s.passed)).toBe(true);
    expect(result.error).toBeUndefined();
    expect(result.quality.score).toBe(1);
    const part = result.part!;
    expect(part.faces).toHaveLength(6);
    expect(part.countsBySurfaceType).toEqual({ plane: 6 });
    for (const f of part.faces) {
      expect(Number.isInteger(f.stepId)).toBe(true);
      expect(f.area).toBeCloseTo(100, 9);
      expect(f.mapping).toBe('order');
    }
    expect(part.volumeMm3).toBeCloseTo(1000, 6);
    expect(part.surfaceAreaMm2).toBeCloseTo(600, 6);
    // A cube's AAG: 12 convex arcs of 90°.
    expect(result.aag!.arcs).toHaveLength(12);
    expect(result.aag!.arcs.every((a) => a.convexity === 'convex' && Math.abs(a.dihedralDeg - 90) < 1e-6)).toBe(true);
    expect(result.input.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('plate with a through hole: area and volume against the hand-computed values', async () => {
    const result = await analyzer.analyzeFile(fixture('plate-hole.step'));
    expect(result.stages.every((s) => s.passed)).toBe(true);
    const part = result.part!;
    // 40×30×10 plate, hole r=5: V = 12000 − 250π; A = 2(1200 − 25π) + 2·400 + 2·300 + 100π.
    const volume = 12000 - 250 * Math.PI;
    const area = 2 * (1200 - 25 * Math.PI) + 800 + 600 + 100 * Math.PI;
    expect(Math.abs(part.volumeMm3! - volume) / volume).toBeLessThan(2e-3); // chordal mesh error
    expect(Math.abs(part.surfaceAreaMm2 - area) / area).toBeLessThan(2e-3);
    const hole = part.faces.find((f) => f.surfaceType === 'cylinder')!;
    expect(hole.name).toBe('hole');
    // A through hole's wall meets the top and bottom faces at convex rim edges.
    const holeArcs = result.aag!.arcs.filter((a) => a.a === hole.index || a.b === hole.index);
    expect(holeArcs).toHaveLength(2);
    expect(holeArcs.every((a) => a.convexity === 'convex')).toBe(true);
  });

  it('block with a pocket: pocket floor and walls meet concave', async () => {
    const result = await analyzer.analyzeFile(fixture('block-pocket.step'));
    expect(result.stages.every((s) => s.passed)).toBe(true);
    expect(result.part!.volumeMm3).toBeCloseTo(40 * 30 * 20 - 20 * 10 * 5, 6);
    const concave = result.aag!.arcs.filter((a) => a.convexity === 'concave');
    // 4 wall–floor edges + 4 wall–wall corners.
    expect(concave).toHaveLength(8);
  });

  it('open shell: the geometry stage fails with GEOM_OPEN_SHELL, the analysis still completes', async () => {
    const result = await analyzer.analyzeFile(fixture('open-box.step'));
    expect(result.error).toBeUndefined();
    const geometry = result.stages.find((s) => s.name === 'geometry')!;
    expect(geometry.passed).toBe(false);
    expect(geometry.findings.map((f) => f.code)).toContain('GEOM_OPEN_SHELL');
    expect(result.part!.volumeMm3).toBeNull();
  });

  it('one reversed face: the geometry stage reports inconsistent orientation', async () => {
    const result = await analyzer.analyzeFile(fixture('cube-reversed-face.step'));
    const geometry = result.stages.find((s) => s.name === 'geometry')!;
    expect(geometry.passed).toBe(false);
    expect(geometry.findings.map((f) => f.code)).toContain('GEOM_INCONSISTENT_ORIENTATION');
    expect(result.quality.score).toBeLessThan(1);
  });

  it('inch units: the part comes out in millimetres', async () => {
    const result = await analyzer.analyzeFile(fixture('cube-inch.step'));
    expect(result.part!.units.lengthUnit).toMatch(/inch/i);
    const { min, max } = result.part!.bbox;
    expect(max[0] - min[0]).toBeGreaterThan(25);
  });

  it('two-part assembly: products and instances are reported', async () => {
    const result = await analyzer.analyzeFile(fixture('assembly-two-parts.step'));
    expect(result.error).toBeUndefined();
    expect(result.part!.assembly).not.toBeNull();
    expect(result.part!.assembly!.instances).toBeGreaterThanOrEqual(2);
  });

  it('bytes, Blob and ReadableStream inputs give the same result as the path', async () => {
    const bytes = new Uint8Array(readFileSync(fixture('cube.step')));
    const a = await analyzer.analyze(bytes, { name: 'cube.step' });
    const b = await analyzer.analyze(new Blob([bytes]), { name: 'cube.step' });
    const c = await analyzer.analyze(new Blob([bytes]).stream(), { name: 'cube.step' });
    for (const r of [a, b, c]) {
      expect(r.stages.every((s) => s.passed)).toBe(true);
      expect(r.part!.faces.map((f) => f.stepId)).toEqual(a.part!.faces.map((f) => f.stepId));
    }
  });

  it('a missing file is a failed input stage with INTAKE_NOT_FOUND, never an exception', async () => {
    const result = await analyzer.analyzeFile('/nonexistent/part.step');
    expect(result.stages[0].passed).toBe(false);
    expect(result.stages[0].findings[0].code).toBe('INTAKE_NOT_FOUND');
    expect(result.stages.slice(1, 4).every((s) => s.skipped)).toBe(true);
    expect(result.quality.score).toBe(0);
    expect(result.error?.code).toBe('INTAKE_NOT_FOUND');
    expect(analysisResultSchema.safeParse(result).success).toBe(true);
  });
});
