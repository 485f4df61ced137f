import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createNodeAnalyzer } from '../../src/runtime/node/analyze-file.js';
import { codes, countingTessellator, stage } from '../support/counting-tessellator.js';
import { createHeuristicRecognizer } from '../../src/stages/recognize/tier2-heuristics/index.js';
import type { AnalysisResult } from '../../src/result/index.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/step/${name}`, import.meta.url));
/** A 10 mm cube as a FACETED_BREP whose faces are bounded by POLY_LOOPs: the reader models no loop, OpenCascade does. */
const FACETED = fixture('faceted-cube-poly-loops.step');
/** A shape representation with only a placement: neither the reader nor OpenCascade finds anything to build. */
const NO_SHAPE = fixture('no-shape.step');

const finding = (r: AnalysisResult, code: string) => stage(r, 'parse').findings.find((f) => f.code === code);

describe('STEP whose B-Rep the reader cannot build: fallback to OpenCascade (real reader, real occt-import-js worker)', () => {
  const tessellators: ReturnType<typeof countingTessellator>[] = [];
  const make = (mesh: 'always' | 'auto' | 'never') => {
    const tessellator = countingTessellator();
    tessellators.push(tessellator);
    return { tessellator, analyzer: createNodeAnalyzer({ mesh, tessellator, recognizers: [createHeuristicRecognizer()] }) };
  };
  afterAll(async () => {
    for (const t of tessellators) await t.close();
  });

  for (const mesh of ['auto', 'always'] as const) {
    it(`${mesh}: a faceted cube bounded by POLY_LOOPs is analysed from OpenCascade's tessellation, with a PARSE_BREP_FALLBACK warning saying why`, async () => {
      const { analyzer, tessellator } = make(mesh);
      const r = await analyzer.analyzeFile(FACETED);
      expect(tessellator.calls).toBe(1);
      expect(r.error).toBeUndefined();
      const why = finding(r, 'PARSE_BREP_FALLBACK');
      expect(why?.severity).toBe('warning');
      expect(why?.message).toContain("none of its 6 face(s) has both a surface and a boundary it reads; 6 entities it does not read");
      // The entities the reader skipped are still reported, each type once.
      expect(codes(r, 'parse').filter((c) => c === 'PARSE_UNSUPPORTED_ENTITY')).toHaveLength(1);
      expect(stage(r, 'parse').passed).toBe(true);
      if (mesh === 'auto') expect(finding(r, 'PARSE_MESH_BUILT')?.message).toContain('the STEP reader could not build the B-Rep');
      // The part is the tessellation's: six planar faces, twelve triangles, a closed 10 mm cube.
      expect(r.part!.brepSource).toBe('mesh-derived');
      expect(r.part!.counts.faces).toBe(6);
      expect(r.part!.counts.triangles).toBe(12);
      expect(r.part!.surfaceAreaMm2).toBeCloseTo(600, 6);
      expect(r.part!.volumeMm3).toBeCloseTo(1000, 6);
      // The full geometry stage ran on the mesh and found the cube sound (without the fallback: GEOM_EULER_VIOLATION
      // on a B-Rep without edges).
      expect(stage(r, 'geometry').passed).toBe(true);
      expect(codes(r, 'geometry')).not.toContain('GEOM_MESH_CHECK_NOT_RUN');
      // Tier 2 reads the mesh-derived faces: the six sides of a bare block are its stock.
      expect(r.recognition?.tier).toBe(2);
      expect(r.recognition!.faces.map((f) => f.className)).toEqual(Array(6).fill('stock'));
    }, 120_000);
  }

  it("never: OpenCascade is not loaded, so there is no fallback; the reader's part is analysed as it is", async () => {
    const { analyzer, tessellator } = make('never');
    const r = await analyzer.analyzeFile(FACETED);
    expect(tessellator.calls).toBe(0);
    expect(finding(r, 'PARSE_BREP_FALLBACK')).toBeUndefined();
    expect(codes(r, 'parse')).toContain('PARSE_MESH_NOT_BUILT');
    expect(r.part!.brepSource).toBe('step');
    expect(r.part!.counts.triangles).toBe(0);
    expect(codes(r, 'geometry')).toContain('GEOM_EULER_VIOLATION');
  }, 60_000);

  it('a file neither path can read gets the same typed error as without the fallback, plus a note that OpenCascade failed too', async () => {
    const never = await make('never').analyzer.analyzeFile(NO_SHAPE);
    for (const mesh of ['auto', 'always'] as const) {
      const { analyzer, tessellator } = make(mesh);
      const r = await analyzer.analyzeFile(NO_SHAPE);
      expect(tessellator.calls).toBe(1);
      expect(r.error).toEqual(never.error);
      expect(r.error?.code).toBe('PARSE_NO_SOLID_OR_SHELL');
      const note = finding(r, 'PARSE_BREP_FALLBACK_FAILED');
      expect(note?.severity).toBe('info');
      expect(note?.message).toMatch(/OpenCascade's tessellation failed too: OCCT_[A-Z_]+/);
      // Every other finding is what the reader alone gave.
      expect(codes(r, 'parse').filter((c) => c !== 'PARSE_BREP_FALLBACK_FAILED')).toEqual(codes(never, 'parse'));
      expect(r.quality.score).toBe(never.quality.score);
    }
  }, 120_000);

  it('a malformed entity is not a reason to fall back: PART_BAD_ENTITY stays the error and OpenCascade is not asked', async () => {
    const { analyzer, tessellator } = make('auto');
    // The cube with one CARTESIAN_POINT missing its coordinates (OpenCascade would misread, not reject, such a file).
    const text = readFileSync(fixture('cube.step'), 'utf8');
    expect(text).toContain("#13=CARTESIAN_POINT('',(0.,0.,0.));");
    const file = join(mkdtempSync(join(tmpdir(), 'cadlens-fallback-')), 'cube-bad-point.step');
    writeFileSync(file, text.replace("#13=CARTESIAN_POINT('',(0.,0.,0.));", "#13=CARTESIAN_POINT('');"));
    const r = await analyzer.analyzeFile(file);
    expect(r.error?.code).toBe('PART_BAD_ENTITY');
    expect(finding(r, 'PARSE_BREP_FALLBACK')).toBeUndefined();
    expect(tessellator.calls).toBe(0);
  }, 60_000);
});
