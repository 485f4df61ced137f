import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { codes, meshModeAnalyzers, stage } from '../support/counting-tessellator.js';
import { createMeshOnlyRecognizer } from '../../src/stages/recognize/tier4-mesh-only/index.js';
import type { AnalysisResult } from '../../src/result/index.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/step/${name}`, import.meta.url));
const igesCube = fileURLToPath(new URL('../../node_modules/occt-import-js/test/testfiles/cube-10x10mm/Cube 10x10.igs', import.meta.url));


describe("mesh: 'always' | 'auto' | 'never' (real reader, real occt-import-js worker)", () => {
  const { make, closeAll } = meshModeAnalyzers();
  afterAll(closeAll);

  it("never: OpenCascade is not called; the B-Rep gives the measures, features and the topology checks", async () => {
    const never = make('never');
    const always = make('always');
    const a = await always.analyzer.analyzeFile(fixture('plate-hole-pocket.step'));
    const n = await never.analyzer.analyzeFile(fixture('plate-hole-pocket.step'));
    expect(never.tessellator.calls).toBe(0);
    expect(always.tessellator.calls).toBe(1);
    expect(n.error).toBeUndefined();
    expect(codes(n, 'parse')).toContain('PARSE_MESH_NOT_BUILT');
    expect(stage(n, 'parse').passed).toBe(true);
    expect(codes(n, 'geometry').filter((c) => c === 'GEOM_MESH_CHECK_NOT_RUN')).toHaveLength(4);
    expect(codes(n, 'geometry')).not.toContain('GEOM_CHECK_NOT_RUN');
    expect(codes(n, 'quality')).toEqual(['QUALITY_SCORE', 'QUALITY_PARTIAL']);
    expect(n.quality.score).toBe(a.quality.score);
    expect(n.part!.counts.triangles).toBe(0);
    // Exact areas of the trimmed surfaces vs the triangles' (which differ by the chord error on arcs).
    const af = a.part!.faces, nf = n.part!.faces;
    expect(nf).toHaveLength(af.length);
    for (let i = 0; i < af.length; i++) expect(Math.abs(nf[i].area - af[i].area)).toBeLessThan(1e-2 * af[i].area);
    expect(nf.some((f) => f.surfaceType === 'cylinder')).toBe(true);
    expect(n.recognition?.features).toEqual(a.recognition?.features);
    expect(n.recognition?.faces.map((f) => [f.faceIndex, f.classId])).toEqual(a.recognition?.faces.map((f) => [f.faceIndex, f.classId]));
  });

  it("timings.measure is there whenever the exact face measures are taken: without the mesh, and for recognition with it", async () => {
    const never = await make('never').analyzer.analyzeFile(fixture('plate-hole-pocket.step'));
    const always = await make('always').analyzer.analyzeFile(fixture('plate-hole-pocket.step'));
    const validateOnly = await make('always', { recognize: false }).analyzer.analyzeFile(fixture('plate-hole-pocket.step'));
    expect(never.timings.measure).toBeGreaterThanOrEqual(0);
    expect(always.timings.tessellate).toBeGreaterThanOrEqual(0);
    expect(always.timings.measure).toBeGreaterThanOrEqual(0); // recognition reads the exact measures on the mesh path too
    expect(validateOnly.recognition).toBeNull();
    expect(validateOnly.timings.measure).toBeUndefined();
  });

  it("auto: tessellates only when asked (needMesh, a forced mesh tier) and says why", async () => {
    const auto = make('auto');
    const plain = await auto.analyzer.analyzeFile(fixture('cube.step'));
    expect(auto.tessellator.calls).toBe(0);
    expect(stage(plain, 'parse').findings.find((f) => f.code === 'PARSE_MESH_NOT_BUILT')?.message).toContain('nothing in this analysis needs the mesh');
    const wanted = await auto.analyzer.analyzeFileDetailed(fixture('cube.step'), { needMesh: true });
    expect(auto.tessellator.calls).toBe(1);
    expect(wanted.part!.mesh.indices.length).toBe(36);
    expect(stage(wanted.result, 'parse').findings.find((f) => f.code === 'PARSE_MESH_BUILT')?.message).toContain('needMesh');
    expect(codes(wanted.result, 'geometry')).not.toContain('GEOM_MESH_CHECK_NOT_RUN');

    const tier4 = make('auto', { tier: 4, recognizers: [createMeshOnlyRecognizer()] });
    const r = await tier4.analyzer.analyzeFile(fixture('cube.step'));
    expect(tier4.tessellator.calls).toBe(1);
    expect(stage(r, 'parse').findings.find((f) => f.code === 'PARSE_MESH_BUILT')?.message).toContain('tier 4');
  });

  it('never: a defect the topology proves is still found (free edges of an open box in a solid)', async () => {
    const never = make('never', { recognize: false });
    const r = await never.analyzer.analyzeFile(fixture('open-box.step'));
    expect(never.tessellator.calls).toBe(0);
    expect(stage(r, 'geometry').findings.filter((f) => f.severity === 'error').map((f) => f.code)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^GEOM_(SHELL_NOT_CLOSED|OPEN_SHELL)$/)]),
    );
  });

  it.skipIf(!existsSync(igesCube))('IGES: never cannot read it (PARSE_MESH_NOT_BUILT, typed error); auto tessellates and says why', async () => {
    const bytes = new Uint8Array(readFileSync(igesCube));
    const never = make('never');
    const n = await never.analyzer.analyze(bytes, { name: 'cube.igs' });
    expect(never.tessellator.calls).toBe(0);
    expect(n.error?.code).toBe('PARSE_MESH_NOT_BUILT');
    const auto = make('auto');
    const a = await auto.analyzer.analyze(bytes, { name: 'cube.igs' });
    expect(auto.tessellator.calls).toBe(1);
    expect(a.error).toBeUndefined();
    expect(stage(a, 'parse').findings.find((f) => f.code === 'PARSE_MESH_BUILT')?.message).toContain('only OpenCascade reads IGES');
  });
});
