import { describe, it, expect } from 'vitest';
import { BufferAttribute, BufferGeometry } from 'three';
import { createMeshOnlyRecognizer } from '../../src/stages/recognize/tier4-mesh-only/index.js';
import type { MeshOnlyDetails } from '../../src/stages/recognize/tier4-mesh-only/index.js';
import type { RecognizeContext } from '../../src/stages/recognize/recognizer.js';
import { createMeshPart, readStl, writeBinaryStl } from '../../src/formats/mesh/index.js';
import { recognitionSchema } from '../../src/result/index.js';
import { boxWithHole, damage, subdividedCube, toPartMesh } from '../heal/mesh-generators.js';

const ctx: RecognizeContext = {
  signal: new AbortController().signal,
  now: () => 0,
  log: { debug() {}, info() {}, warn() {} },
};

describe('Tier 4 mesh-only recognizer', () => {
  it('is a tier-4 recognizer with nominal confidence 0.40', () => {
    const r = createMeshOnlyRecognizer();
    expect(r.tier).toBe(4);
    expect(r.nominalConfidence).toBe(0.4);
    expect(r.id).toBe('mesh-only');
  });

  it('describes a box with a through hole read back from binary STL: counts, bbox, area, volume', async () => {
    const m = boxWithHole(40, 10, 6, 32);
    const part = createMeshPart(readStl(writeBinaryStl(toPartMesh(m))).mesh, 'stl');
    const r = createMeshOnlyRecognizer();
    expect(await r.canRecognize(part, ctx)).toEqual({ ok: true });
    const out = await r.recognize(part, ctx);
    const d = out.details as unknown as MeshOnlyDetails;
    expect(d.triangleCount).toBe(256);
    expect(d.vertexCount).toBe(128);
    expect(d.sizeMm[0]).toBeCloseTo(40, 4);
    expect(d.sizeMm[2]).toBeCloseTo(10, 4);
    const holeArea = 16 * 36 * Math.sin((2 * Math.PI) / 32);
    const expectedArea = 2 * (1600 - holeArea) + 4 * 40 * 10 + 32 * 2 * 6 * Math.sin(Math.PI / 32) * 10;
    expect(d.surfaceAreaMm2).toBeCloseTo(expectedArea, 1);
    expect(d.closed).toBe(true);
    expect(d.volumeMm3).toBeCloseTo(16000 - holeArea * 10, 1);
    expect(out.confidence).toBe(0.4);
    expect(out.faces).toEqual([]);
    expect(out.features).toEqual([]);
    expect(recognitionSchema.safeParse({ tier: 4, recognizer: r.id, nominalConfidence: 0.4, skipped: [], ...out }).success).toBe(true);
  });

  it('geometry goes straight into a real three.js BufferGeometry', async () => {
    const part = createMeshPart(toPartMesh(subdividedCube(2)), 'stl');
    const out = await createMeshOnlyRecognizer().recognize(part, ctx);
    const d = (out.details as unknown as MeshOnlyDetails).geometry;
    const g = new BufferGeometry();
    g.setAttribute('position', new BufferAttribute(d.positions, 3));
    g.setAttribute('normal', new BufferAttribute(d.normals, 3));
    g.setIndex(new BufferAttribute(d.index, 1));
    for (const gr of d.groups) g.addGroup(gr.start, gr.count, gr.materialIndex);
    g.computeBoundingBox();
    expect(g.boundingBox!.max.x).toBeCloseTo(10);
    expect(g.index!.count).toBe(48 * 3);
    expect(g.groups).toEqual([{ start: 0, count: 144, materialIndex: 0 }]);
    // every vertex normal is unit and points away from the centre
    for (let v = 0; v < d.positions.length; v += 3) {
      const n = [d.normals[v], d.normals[v + 1], d.normals[v + 2]];
      expect(Math.hypot(n[0], n[1], n[2])).toBeCloseTo(1, 5);
      expect(n[0] * (d.positions[v] - 5) + n[1] * (d.positions[v + 1] - 5) + n[2] * (d.positions[v + 2] - 5)).toBeGreaterThan(0);
    }
    g.dispose();
  });

  it('groups follow triangleFace runs', async () => {
    const pm = toPartMesh(subdividedCube(1));
    pm.triangleFace = Int32Array.from({ length: 12 }, (_, t) => Math.floor(t / 2));
    const out = await createMeshOnlyRecognizer().recognize(createMeshPart(pm), ctx);
    const groups = (out.details as unknown as MeshOnlyDetails).geometry.groups;
    expect(groups.length).toBe(6);
    expect(groups[3]).toEqual({ start: 18, count: 6, materialIndex: 3, faceIndex: 3 });
  });

  it('open mesh (seed 3): volume null, lower measured confidence', async () => {
    const part = createMeshPart(toPartMesh(damage(subdividedCube(3), { seed: 3, drop: 2 })), 'stl');
    const out = await createMeshOnlyRecognizer().recognize(part, ctx);
    const d = out.details as unknown as MeshOnlyDetails;
    expect(d.closed).toBe(false);
    expect(d.volumeMm3).toBeNull();
    expect(out.confidence).toBeLessThan(0.4);
  });

  it('declines a part without triangles (point cloud) with out_of_domain', async () => {
    const { createPointCloudPart } = await import('../../src/formats/mesh/index.js');
    const part = createPointCloudPart({ positions: new Float64Array(30), normals: new Float32Array(0) });
    expect(await createMeshOnlyRecognizer().canRecognize(part, ctx)).toMatchObject({ ok: false, reason: 'out_of_domain' });
  });
});
