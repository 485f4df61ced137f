import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAnalyzer } from '../../src/index.js';
import { createNodeAnalyzer } from '../../src/runtime/node/analyze-file.js';
import { createDefaultRecognizers } from '../../src/runtime/node/default-recognizers.js';
import { createHeuristicRecognizer } from '../../src/stages/recognize/tier2-heuristics/index.js';
import type { Recognizer } from '../../src/stages/recognize/index.js';
import type { AnalysisResult } from '../../src/result/index.js';
import { codes, countingTessellator, meshModeAnalyzers, stage } from '../support/counting-tessellator.js';
import { comparable } from '../support/comparable-result.js';
import { observed } from '../support/observed-recognizer.js';
import { HAS_SHARED, REALWORLD_DIR, sharedTitle } from '../support/shared-data.js';

// test/fixtures/freeform/make-fixtures.py: a block whose through hole (Ø10) and rectangular pocket (20 × 16 × 8) were
// cut with tools converted to B-splines, so the hole's wall and the pocket's five faces are B-spline surfaces.
const FILE = fileURLToPath(new URL('../fixtures/freeform/bspline-hole-pocket.step', import.meta.url));
const bytes = new Uint8Array(readFileSync(FILE));

/** What recognition produced, without the triangle lists (a part analysed without the mesh has none). */
const recognitionOf = (r: AnalysisResult) => ({
  tier: r.recognition?.tier,
  faces: r.recognition?.faces.map(({ triangles: _t, ...face }) => face),
  features: r.recognition?.features,
});


describe("a part with B-spline faces: recognized from the exact B-Rep on every mesh path (real reader, real occt-import-js worker)", () => {
  const { make, closeAll } = meshModeAnalyzers();
  afterAll(closeAll);

  it("'never' finds the hole and the pocket on the B-spline faces, as 'always' does on the tessellated part", async () => {
    const never = make('never');
    // recognizeDuringImport off: the tessellated part itself is recognized (its faces have triangles to fit)
    const always = make('always', { recognizeDuringImport: false });
    const n = await never.analyzer.analyzeFile(FILE);
    const a = await always.analyzer.analyzeFile(FILE);
    expect(never.tessellator.calls).toBe(0);
    expect(always.tessellator.calls).toBe(1);
    expect(n.part!.faces.filter((f) => f.surfaceType === 'bspline')).toHaveLength(6);
    expect(a.part!.counts.triangles).toBeGreaterThan(0);
    // (the B-spline hole wall and pocket faces are exactly a cylinder and planes: since session 20 Tier 1 reads them by
    // that canonical kind and takes the part, so the features come in Tier 1's order; compared by type)
    const features = n.recognition!.features.map((f) => [f.type, f.parameters]).sort((x, y) => String(x[0]).localeCompare(String(y[0])));
    expect(features).toEqual([
      ['rectangular_pocket', { depthMm: 8, widthMm: 16, lengthMm: 20, wallCount: 4 }],
      ['through_hole', { diameterMm: 10, depthMm: 20 }],
    ]);
    expect(recognitionOf(n)).toEqual(recognitionOf(a));
  });

  it("'auto' does not tessellate it, says why, and recognizes what 'never' does", async () => {
    const auto = make('auto');
    const never = make('never');
    const r = await auto.analyzer.analyzeFile(FILE);
    expect(auto.tessellator.calls).toBe(0);
    expect(codes(r, 'parse')).not.toContain('PARSE_MESH_BUILT');
    expect(stage(r, 'parse').findings.find((f) => f.code === 'PARSE_MESH_NOT_BUILT')?.message).toContain('fits its 6 free-form face(s) from their exact surfaces');
    expect(recognitionOf(r)).toEqual(recognitionOf(await never.analyzer.analyzeFile(FILE)));
  });

  it("'always' (default recognizers) recognizes it during OpenCascade's import, with the tessellated part's result", async () => {
    const events: string[] = [];
    const { tessellator } = make('always');
    const early = createAnalyzer({
      tessellator: { ...tessellator, tessellate: (...args) => tessellator.tessellate(...args).finally(() => events.push('import settled')) },
      recognizers: createDefaultRecognizers().map((r) => observed(r, events)),
      mesh: 'always',
    });
    const late = createNodeAnalyzer({ mesh: 'always', recognizeDuringImport: false });
    try {
      const e = await early.analyze(bytes, { name: 'bspline-hole-pocket.step' });
      const l = await late.analyze(bytes, { name: 'bspline-hole-pocket.step' });
      const firstRecognize = events.findIndex((x) => x.startsWith('recognize'));
      expect(firstRecognize).toBeGreaterThanOrEqual(0);
      expect(firstRecognize).toBeLessThan(events.indexOf('import settled'));
      expect(e.recognition?.features.map((f) => f.type).sort()).toEqual(['rectangular_pocket', 'through_hole']);
      expect(comparable(e)).toEqual(comparable(l));
    } finally {
      await Promise.all([early.dispose(), late.dispose()]);
    }
  });
});

// A real part (realworld tune D10, a printed gripper: 57 faces, 4 of them B-splines), read by the real
// reader and tessellated by the real worker.
const D10 = join(REALWORLD_DIR, 'parts', 'D10__gripper_static_part.step');

describe.skipIf(!HAS_SHARED)(sharedTitle("a real part with B-spline faces: 'auto' does not tessellate it and recognizes what 'always' does"), () => {
  const tessellators: ReturnType<typeof countingTessellator>[] = [];
  afterAll(async () => {
    for (const t of tessellators) await t.close();
  });
  const make = (mesh: 'always' | 'auto', recognizers: Recognizer[] | undefined) => {
    const tessellator = countingTessellator();
    tessellators.push(tessellator);
    // recognizeDuringImport off: 'always' recognizes the tessellated part itself, whose free-form faces have triangles
    return { tessellator, analyzer: createNodeAnalyzer({ mesh, tessellator, recognizeDuringImport: false, ...(recognizers ? { recognizers } : {}) }) };
  };

  for (const [name, recognizers] of [
    ['Tier 2', () => [createHeuristicRecognizer()]],
    ['the default recognizers', () => undefined],
  ] as const) {
    it(`${name}: same per-face classes and features, OpenCascade never called under 'auto'`, async () => {
      const auto = make('auto', recognizers());
      const always = make('always', recognizers());
      const u = await auto.analyzer.analyzeFileDetailed(D10);
      const a = await always.analyzer.analyzeFileDetailed(D10);
      try {
        expect(auto.tessellator.calls).toBe(0);
        expect(always.tessellator.calls).toBe(1);
        expect(u.part!.faces.filter((f) => f.surfaceType === 'bspline')).toHaveLength(4);
        expect(u.part!.mesh.indices.length).toBe(0);
        expect(a.part!.mesh.indices.length).toBeGreaterThan(0);
        expect(codes(u.result, 'parse')).not.toContain('PARSE_MESH_BUILT');
        expect(stage(u.result, 'parse').findings.find((f) => f.code === 'PARSE_MESH_NOT_BUILT')?.message).toContain('fits its 4 free-form face(s) from their exact surfaces');
        expect(u.result.recognition!.faces).toHaveLength(57);
        expect(recognitionOf(u.result)).toEqual(recognitionOf(a.result));
      } finally {
        await Promise.all([auto.analyzer.dispose(), always.analyzer.dispose()]);
      }
    }, 120_000);
  }
});
