import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { createNodeAnalyzer } from '../../src/runtime/node/analyze-file.js';
import { writeBinaryStl } from '../../src/formats/mesh/index.js';
import { analysisResultSchema } from '../../src/result/index.js';
import { runCli } from '../../src/runtime/node/cli/main.js';
import type { PartMesh } from '../../src/model/index.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/step/${name}`, import.meta.url));
const analyzer = createNodeAnalyzer();
let plateMesh: PartMesh;
let plateStl: Uint8Array;

beforeAll(async () => {
  // The plate with a Ø10 through hole, tessellated by OpenCascade and exported as STL by our own writer.
  const { part } = await analyzer.analyzeFileDetailed(fixture('plate-hole.step'));
  plateMesh = part!.mesh;
  plateStl = writeBinaryStl(plateMesh);
});
afterAll(() => analyzer.dispose());

/** Seeded damage: flip every 7th triangle and duplicate every 11th. */
function damaged(mesh: PartMesh, seed: number): PartMesh {
  const tris: number[][] = [];
  for (let t = 0; t < mesh.indices.length / 3; t++) {
    const [a, b, c] = [mesh.indices[3 * t], mesh.indices[3 * t + 1], mesh.indices[3 * t + 2]];
    tris.push((t + seed) % 7 === 0 ? [a, c, b] : [a, b, c]);
    if ((t + seed) % 11 === 0) tris.push([a, b, c]);
  }
  return { ...mesh, indices: Uint32Array.from(tris.flat()), triangleFace: new Int32Array(tris.length).fill(-1) };
}

describe('mesh input end to end (STL through the mesh path, healing, tiers 2–4)', () => {
  it('an STL exported from the plate: Tier 2 answers with the through hole, Tier 1 skipped as no_brep', async () => {
    const result = await analyzer.analyze(plateStl, { name: 'plate.stl' });
    expect(analysisResultSchema.safeParse(result).success).toBe(true);
    expect(result.input.format).toBe('stl');
    expect(result.part!.brepSource).toBe('mesh-only');
    expect(result.stages.every((s) => s.passed)).toBe(true);
    const rec = result.recognition!;
    expect(rec.tier).toBe(2);
    expect(rec.skipped[0]).toMatchObject({ tier: 1, reason: 'no_brep' });
    const hole = rec.features.find((f) => f.type === 'through_hole')!;
    expect(hole.parameters.diameterMm).toBeCloseTo(10, 1);
    expect(hole.parameters.depthMm).toBeCloseTo(10, 3);
    // Every input triangle is covered exactly once by the recognized faces.
    const covered = rec.faces.flatMap((f) => f.triangles ?? []).sort((a, b) => a - b);
    expect(covered).toEqual(Array.from({ length: plateMesh.indices.length / 3 }, (_, i) => i));
  });

  it('seed 3: a damaged STL is healed (fixes counted), re-validated clean, and triangles still refer to the input', async () => {
    const bad = damaged(plateMesh, 3);
    const inputTriangles = bad.indices.length / 3;
    const result = await analyzer.analyze(writeBinaryStl(bad), { name: 'damaged.stl' });
    const healing = result.healing as { totalFixes: number; before: { inconsistentEdges: number; duplicateTriangles: number }; after: { watertight: boolean; consistentlyOriented: boolean } };
    expect(healing.totalFixes).toBeGreaterThan(0);
    expect(healing.before.duplicateTriangles).toBeGreaterThan(0);
    expect(healing.after.watertight).toBe(true);
    expect(healing.after.consistentlyOriented).toBe(true);
    expect(result.stages.find((s) => s.name === 'geometry')!.passed).toBe(true);
    expect(result.part!.volumeMm3).toBeCloseTo(12000 - 250 * Math.PI, -1);
    for (const f of result.recognition!.faces) for (const t of f.triangles ?? []) expect(t).toBeLessThan(inputTriangles);
  });

  it('seed 3 with healing turned off: the geometry stage reports the damage instead', async () => {
    const noHeal = createNodeAnalyzer({ heal: false, recognizers: [] });
    try {
      const result = await noHeal.analyze(writeBinaryStl(damaged(plateMesh, 3)), { name: 'damaged.stl' });
      expect(result.healing).toBeNull();
      const geometry = result.stages.find((s) => s.name === 'geometry')!;
      expect(geometry.passed).toBe(false);
      expect(geometry.findings.map((f) => f.code)).toEqual(expect.arrayContaining(['GEOM_MESH_NON_MANIFOLD']));
    } finally {
      await noHeal.dispose();
    }
  });

  it('a point cloud (XYZ) is answered by Tier 3 with stock dimensions', async () => {
    const p = plateMesh.positions;
    const lines: string[] = [];
    for (let i = 0; i < p.length; i += 3) lines.push(`${p[i]} ${p[i + 1]} ${p[i + 2]}`);
    const result = await analyzer.analyze(new TextEncoder().encode(lines.join('\n')), { name: 'plate.xyz' });
    expect(result.input.format).toBe('xyz');
    expect(result.recognition?.tier).toBe(3);
    expect(result.recognition!.skipped.map((s) => s.reason)).toEqual(['no_brep', 'out_of_domain']);
    expect(JSON.parse(JSON.stringify(result)).recognition.details).toBeDefined();
  });

  it('--tier 4 gives three.js-ready geometry as plain JSON arrays', async () => {
    const tier4 = createNodeAnalyzer({ tier: 4 });
    try {
      const result = await tier4.analyze(plateStl, { name: 'plate.stl' });
      expect(result.recognition?.tier).toBe(4);
      const details = JSON.parse(JSON.stringify(result.recognition!.details)) as { geometry: { positions: number[]; index: number[] } };
      expect(Array.isArray(details.geometry.positions)).toBe(true);
      expect(details.geometry.index.length).toBe(plateMesh.indices.length);
    } finally {
      await tier4.dispose();
    }
  });

  it.each([
    ['NaN coordinates', () => { const m = { ...plateMesh, positions: plateMesh.positions.slice() }; m.positions[4] = Number.NaN; return writeBinaryStl(m); }],
    ['zero triangles', () => writeBinaryStl({ ...plateMesh, indices: new Uint32Array(0), triangleFace: new Int32Array(0) })],
    ['header count lies', () => { const b = plateStl.slice(); new DataView(b.buffer).setUint32(80, 999_999, true); return b; }],
    ['truncated binary', () => plateStl.slice(0, 84 + 50 * 3 + 17)],
  ])('bad mesh input (%s): a clear result, never a crash', async (_label, make) => {
    const result = await analyzer.analyze((make as () => Uint8Array)(), { name: 'bad.stl' });
    expect(analysisResultSchema.safeParse(result).success).toBe(true);
    const codes = result.stages.flatMap((s) => s.findings.map((f) => f.code));
    expect(codes.length).toBeGreaterThan(0);
    if (result.error) expect(result.error.code).toMatch(/^(MESH|INTAKE)_/);
  });

  it('cadlens analyze part.stl prints a Tier 2 result with the degradation reason', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cadlens-stl-'));
    writeFileSync(join(dir, 'plate.stl'), plateStl);
    const stdout = new PassThrough();
    let out = '';
    stdout.on('data', (c) => (out += c));
    const code = await runCli(['analyze', join(dir, 'plate.stl')], { stdout, stderr: new PassThrough() as never, env: {} });
    expect(code).toBe(0);
    expect(out).toMatch(/recognition: tier 2 \(aag-heuristics\)/);
    expect(out).toMatch(/skipped tier 1 \(aagnet\): no_brep/);
    expect(out).toMatch(/through_hole ×1  diameterMm 10(\.\d+)?;/);
  });
});
