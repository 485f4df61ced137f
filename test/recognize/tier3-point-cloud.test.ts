import { describe, it, expect } from 'vitest';
import { createPointCloudRecognizer } from '../../src/stages/recognize/tier3-point-cloud/index.js';
import type { PointCloudDetails } from '../../src/stages/recognize/tier3-point-cloud/index.js';
import type { RecognizeContext } from '../../src/stages/recognize/recognizer.js';
import { createMeshPart, createPointCloudPart, readXyz } from '../../src/formats/mesh/index.js';
import { recognitionSchema } from '../../src/result/index.js';
import { isCadlensError } from '../../src/errors/index.js';
import { boxWithHole, rng, subdividedCube, toPartMesh, uvSphere } from '../heal/mesh-generators.js';
import { sampleMeshSurface } from '../../src/stages/recognize/tier3-point-cloud/point-sampling.js';

const ctx: RecognizeContext = { signal: new AbortController().signal, now: () => 0, log: { debug() {}, info() {}, warn() {} } };
const details = (o: { details?: Record<string, unknown> }) => o.details as unknown as PointCloudDetails;
const angleDeg = (a: number[], b: number[]) => (Math.acos(Math.min(1, Math.abs(a[0] * b[0] + a[1] * b[1] + a[2] * b[2]))) * 180) / Math.PI;

/** Rotate a mesh about an arbitrary axis so nothing is axis-aligned. */
function rotated(positions: Float64Array, seed: number): Float64Array {
  const r = rng(seed);
  const [a, b, c] = [r() * Math.PI, r() * Math.PI, r() * Math.PI];
  const out = new Float64Array(positions.length);
  for (let i = 0; i < positions.length; i += 3) {
    let [x, y, z] = [positions[i], positions[i + 1], positions[i + 2]];
    [y, z] = [y * Math.cos(a) - z * Math.sin(a), y * Math.sin(a) + z * Math.cos(a)];
    [x, z] = [x * Math.cos(b) + z * Math.sin(b), -x * Math.sin(b) + z * Math.cos(b)];
    [x, y] = [x * Math.cos(c) - y * Math.sin(c), x * Math.sin(c) + y * Math.cos(c)];
    out[i] = x; out[i + 1] = y; out[i + 2] = z;
  }
  return out;
}

describe('Tier 3 point-cloud recognizer', () => {
  it('is a tier-3 recognizer with nominal confidence 0.60', () => {
    const r = createPointCloudRecognizer();
    expect([r.tier, r.nominalConfidence, r.id]).toEqual([3, 0.6, 'point-cloud']);
  });

  it('box with a through hole (mesh samples, seed 1): stock 40×40×10, one hole Ø≈12 along z', async () => {
    const part = createMeshPart(toPartMesh(boxWithHole(40, 10, 6, 32)), 'stl');
    const r = createPointCloudRecognizer({ seed: 1 });
    const out = await r.recognize(part, ctx);
    const d = details(out);
    expect(d.stock.lengthMm).toBeCloseTo(40, 0);
    expect(d.stock.widthMm).toBeCloseTo(40, 0);
    expect(d.stock.heightMm).toBeCloseTo(10, 0);
    const holes = out.features.filter((f) => f.type === 'hole_candidate');
    expect(holes.length).toBe(1);
    // inscribed 32-gon: the fitted radius lies between the apothem and the circumradius
    expect(holes[0].parameters.diameterMm).toBeGreaterThan(2 * 6 * Math.cos(Math.PI / 32) - 0.1);
    expect(holes[0].parameters.diameterMm).toBeLessThan(12.1);
    expect(angleDeg([holes[0].parameters.axisX, holes[0].parameters.axisY, holes[0].parameters.axisZ], [0, 0, 1])).toBeLessThan(2);
    expect(Math.hypot(holes[0].parameters.originX, holes[0].parameters.originY)).toBeLessThan(0.3);
    expect(holes[0].parameters.lengthMm).toBeCloseTo(10, 0);
    expect(d.holeCandidates[0].concave).toBe(true);
    expect(d.planes.length).toBeGreaterThanOrEqual(6);
    expect(d.areaMethod).toBe('mesh');
    expect(d.volumeMm3).toBeCloseTo(16000 - 16 * 36 * Math.sin(Math.PI / 16) * 10, 0);
    expect(out.confidence).toBeGreaterThan(0.5);
    expect(out.confidence).toBeLessThanOrEqual(0.6);
    expect(recognitionSchema.safeParse({ tier: 3, recognizer: r.id, nominalConfidence: 0.6, skipped: [], ...out }).success).toBe(true);
  });

  it('is deterministic for a seed (seed 5)', async () => {
    const part = createMeshPart(toPartMesh(boxWithHole()), 'stl');
    const a = await createPointCloudRecognizer({ seed: 5 }).recognize(part, ctx);
    const b = await createPointCloudRecognizer({ seed: 5 }).recognize(part, ctx);
    expect(a).toEqual(b);
  });

  for (const seed of [2, 3]) {
    it(`rotated box with hole (rotation seed ${seed}): oriented stock and hole axis follow the rotation`, async () => {
      const m = boxWithHole(40, 10, 6, 32);
      const pm = toPartMesh({ positions: rotated(m.positions, seed), indices: m.indices });
      const out = await createPointCloudRecognizer({ seed }).recognize(createMeshPart(pm), ctx);
      const d = details(out);
      expect(d.stock.lengthMm).toBeCloseTo(40, 0);
      expect(d.stock.heightMm).toBeCloseTo(10, 0);
      const holes = out.features.filter((f) => f.type === 'hole_candidate');
      expect(holes.length).toBe(1);
      const z = rotated(new Float64Array([0, 0, 1]), seed);
      expect(angleDeg([holes[0].parameters.axisX, holes[0].parameters.axisY, holes[0].parameters.axisZ], Array.from(z))).toBeLessThan(2);
      expect(holes[0].parameters.diameterMm).toBeCloseTo(12, 0);
    });
  }

  it('XYZ point file with normals (seed 4): planes, hole, voxel area/volume within 15%', async () => {
    const m = boxWithHole(40, 10, 6, 32);
    const pts = sampleMeshSurface(toPartMesh(m), 30_000, rng(4));
    const lines: string[] = [];
    for (let i = 0; i < pts.positions.length; i += 3)
      lines.push(`${pts.positions[i]} ${pts.positions[i + 1]} ${pts.positions[i + 2]} ${pts.normals[i]} ${pts.normals[i + 1]} ${pts.normals[i + 2]}`);
    const { points } = readXyz(new TextEncoder().encode(lines.join('\n')));
    const part = createPointCloudPart(points, 'xyz');
    const out = await createPointCloudRecognizer({ seed: 4 }).recognize(part, ctx);
    const d = details(out);
    expect(d.source).toBe('points');
    expect(d.areaMethod).toBe('voxel');
    const holeArea = 16 * 36 * Math.sin(Math.PI / 16);
    const area = 2 * (1600 - holeArea) + 1600 + 32 * 12 * Math.sin(Math.PI / 32) * 10;
    expect(Math.abs(d.surfaceAreaMm2 - area) / area).toBeLessThan(0.15);
    expect(d.volumeMm3).not.toBeNull();
    const vol = 16000 - holeArea * 10;
    expect(Math.abs(d.volumeMm3! - vol) / vol).toBeLessThan(0.15);
    const holes = out.features.filter((f) => f.type === 'hole_candidate');
    expect(holes.length).toBe(1);
    expect(holes[0].parameters.diameterMm).toBeCloseTo(12, 0);
  });

  it('points without normals (seed 6): normals estimated, unoriented; stock and hole still found', async () => {
    const m = boxWithHole(40, 10, 6, 32);
    const pts = sampleMeshSurface(toPartMesh(m), 30_000, rng(6));
    const part = createPointCloudPart({ positions: pts.positions, normals: new Float32Array(0) }, 'xyz');
    const out = await createPointCloudRecognizer({ seed: 6 }).recognize(part, ctx);
    const d = details(out);
    expect(d.stock.lengthMm).toBeCloseTo(40, 0);
    expect(d.stock.heightMm).toBeCloseTo(10, 0);
    const holes = out.features.filter((f) => f.type === 'hole_candidate');
    expect(holes.length).toBe(1);
    expect(d.holeCandidates[0].concave).toBeNull();
    expect(holes[0].parameters.diameterMm).toBeCloseTo(12, 0);
    expect(holes[0].confidence).toBeLessThan(0.4);
  });

  it('noisy scan (σ = 0.02 mm Gaussian noise, no normals, seed 8): stock within 0.3 mm, hole Ø within 0.3 mm', async () => {
    const m = boxWithHole(40, 10, 6, 32);
    const pts = sampleMeshSurface(toPartMesh(m), 30_000, rng(8));
    const r = rng(80);
    const gauss = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
    for (let i = 0; i < pts.positions.length; i++) pts.positions[i] += 0.02 * gauss();
    const part = createPointCloudPart({ positions: pts.positions, normals: new Float32Array(0) }, 'xyz');
    const out = await createPointCloudRecognizer({ seed: 8 }).recognize(part, ctx);
    const d = details(out);
    expect(Math.abs(d.stock.lengthMm - 40)).toBeLessThan(0.3);
    expect(Math.abs(d.stock.heightMm - 10)).toBeLessThan(0.3);
    const holes = out.features.filter((f) => f.type === 'hole_candidate');
    expect(holes.length).toBe(1);
    expect(Math.abs(holes[0].parameters.diameterMm - 12)).toBeLessThan(0.3);
  });

  it('a sphere has no planes and no hole candidates; a cube has 6 planes and none', async () => {
    const s = await createPointCloudRecognizer().recognize(createMeshPart(toPartMesh(uvSphere(24, 48))), ctx);
    expect(s.features).toEqual([]);
    const c = await createPointCloudRecognizer().recognize(createMeshPart(toPartMesh(subdividedCube(4))), ctx);
    expect(details(c).planes.length).toBe(6);
    expect(c.features).toEqual([]);
    expect(details(c).stock.method).toBe('planes');
  });

  it('declines tiny inputs; aborts with ABORTED', async () => {
    const r = createPointCloudRecognizer();
    const tiny = createPointCloudPart({ positions: new Float64Array(9), normals: new Float32Array(0) });
    expect(await r.canRecognize(tiny, ctx)).toMatchObject({ ok: false, reason: 'out_of_domain' });
    const ac = new AbortController();
    ac.abort();
    await expect(r.recognize(createMeshPart(toPartMesh(subdividedCube(2))), { ...ctx, signal: ac.signal })).rejects.toSatisfy(
      (e: unknown) => isCadlensError(e) && e.code === 'ABORTED',
    );
  });
});
