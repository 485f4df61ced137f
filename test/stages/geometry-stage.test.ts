import { describe, expect, it } from 'vitest';
import type { Part, Vec3 } from '../../src/model/index.js';
import { createGeometryContext, defaultGeometryValidators, shellGenus } from '../../src/stages/validate/geometry/index.js';
import { runStage } from '../../src/stages/validate/validator.js';
import { boxFaces, boxPoints, cubePart, polyhedronPart } from './helpers.js';

async function geometry(part: Part) {
  return runStage('geometry', defaultGeometryValidators, createGeometryContext(part));
}
const codes = (r: { findings: { code: string; severity: string }[] }, withInfo = false) =>
  r.findings.filter((f) => withInfo || f.severity !== 'info').map((f) => `${f.code}${f.severity === 'warning' ? '?' : ''}`);

/** A square picture frame (genus 1): outer 0..30, hole 10..20, thickness 10, top/bottom split into 4 trapezoids. */
function framePart(): Part {
  const ring = (z: number, a: number, b: number): Vec3[] => [[a, a, z], [b, a, z], [b, b, z], [a, b, z]];
  // 0-3 outer bottom, 4-7 inner bottom, 8-11 outer top, 12-15 inner top (CCW seen from +z)
  const pts = [...ring(0, 0, 30), ...ring(0, 10, 20), ...ring(10, 0, 30), ...ring(10, 10, 20)];
  const faces: number[][] = [];
  for (let k = 0; k < 4; k++) {
    const n = (k + 1) % 4;
    faces.push([8 + k, 8 + n, 12 + n, 12 + k]); // top trapezoid (normal +z)
    faces.push([0 + k, 4 + k, 4 + n, 0 + n]); // bottom trapezoid (normal -z)
    faces.push([0 + k, 0 + n, 8 + n, 8 + k]); // outer wall
    faces.push([4 + k, 12 + k, 12 + n, 4 + n]); // inner wall (faces the hole)
  }
  return polyhedronPart(pts, [{ faces }]);
}

describe('geometry stage on hand-made parts', () => {
  it('the cube passes every check with no findings', async () => {
    const r = await geometry(cubePart());
    expect(r.passed).toBe(true);
    expect(r.findings).toEqual([]);
  });

  it('a genus-1 frame passes (Euler–Poincaré with G = 1)', async () => {
    const r = await geometry(framePart());
    expect(codes(r, true)).toEqual([]);
  });

  it('an open box in a solid: GEOM_SHELL_NOT_CLOSED and GEOM_MESH_NOT_WATERTIGHT', async () => {
    const part = polyhedronPart(boxPoints([0, 0, 0], [10, 10, 10]), [{ faces: boxFaces().slice(0, 5) }]);
    const r = await geometry(part);
    expect(r.passed).toBe(false);
    expect(codes(r)).toEqual(['GEOM_SHELL_NOT_CLOSED', 'GEOM_MESH_NOT_WATERTIGHT']);
    const f = r.findings[0];
    expect(f.entityIds?.length).toBe(4); // the four edges of the missing face
    expect(f.location).toEqual({ shellIndex: 0, edgeIndex: expect.any(Number) });
  });

  it('an open surface body alone is an error, next to a solid only a warning', async () => {
    const open = { faces: boxFaces().slice(0, 5), shellKind: 'open' as const, solidKind: 'shell_based_surface_model' as const };
    const alone = await geometry(polyhedronPart(boxPoints([0, 0, 0], [10, 10, 10]), [open]));
    expect(codes(alone)).toEqual(['GEOM_OPEN_SHELL']);
    const pts = [...boxPoints([0, 0, 0], [10, 10, 10]), ...boxPoints([20, 0, 0], [30, 10, 10])];
    const withSolid = await geometry(polyhedronPart(pts, [{ faces: boxFaces() }, { ...open, faces: boxFaces(8).slice(0, 5) }]));
    expect(codes(withSolid)).toEqual(['GEOM_OPEN_SHELL?']);
    expect(withSolid.passed).toBe(true);
  });

  it('a face with same_sense flipped (mesh flipped, loops unchanged): GEOM_FACE_FLIPPED naming that face', async () => {
    const r = await geometry(cubePart({ flipSameSense: [3] }));
    expect(codes(r)).toEqual(['GEOM_FACE_FLIPPED']);
    expect(r.findings[0].entityIds).toEqual([3003]);
  });

  it('a face whose loop is written reversed: GEOM_INCONSISTENT_ORIENTATION on its four edges', async () => {
    const r = await geometry(cubePart({ reverseLoops: [1] }));
    expect(codes(r)).toEqual(['GEOM_INCONSISTENT_ORIENTATION']);
    expect(r.findings[0].entityIds?.length).toBe(4);
  });

  it('an inside-out cube: GEOM_INVERTED_SHELL (negative volume)', async () => {
    const r = await geometry(cubePart({ insideOut: true }));
    expect(codes(r)).toEqual(['GEOM_INVERTED_SHELL']);
    expect(r.findings[0].message).toContain('-1000');
    expect(r.findings[0].entityIds).toEqual([4000]);
  });

  it('two blocks sharing an edge in one shell: non-manifold edge (B-Rep and mesh)', async () => {
    const pts = [...boxPoints([0, 0, 0], [10, 10, 10]), ...boxPoints([10, 10, 0], [20, 20, 10])];
    // Share the two vertices on x=10,y=10: A's 3 (10,10,0) and 7 (10,10,10) are B's 0 and 4.
    const map = (v: number) => (v === 0 ? 3 : v === 4 ? 7 : v + 8);
    const faces = [...boxFaces(), ...boxFaces().map((f) => f.map(map))];
    const r = await geometry(polyhedronPart(pts, [{ faces }]));
    expect(codes(r)).toEqual(['GEOM_NON_MANIFOLD_EDGE', 'GEOM_MESH_NON_MANIFOLD']);
  });

  it('two blocks touching at a corner in one shell: non-manifold vertex (and Euler fails)', async () => {
    const pts = [...boxPoints([0, 0, 0], [10, 10, 10]), ...boxPoints([10, 10, 10], [20, 20, 20])];
    const map = (v: number) => (v === 0 ? 7 : v + 8);
    const faces = [...boxFaces(), ...boxFaces().map((f) => f.map(map))];
    const r = await geometry(polyhedronPart(pts, [{ faces }]));
    expect(codes(r)).toEqual(['GEOM_NON_MANIFOLD_VERTEX', 'GEOM_EULER_VIOLATION']);
    expect(r.findings[0].entityIds).toEqual([1007]);
    expect(r.findings[0].location).toMatchObject({ point: [10, 10, 10] });
  });

  it('an extra loop on a face breaks Euler–Poincaré: GEOM_EULER_VIOLATION', async () => {
    const part = cubePart();
    part.faces[0].bounds.push({ outer: false, orientation: true, coedges: [], vertex: 0 });
    const r = await geometry(part);
    expect(codes(r)).toEqual(['GEOM_EULER_VIOLATION']);
    expect(r.findings[0].message).toContain('genus 0.5');
  });

  it('two interpenetrating blocks in one shell: GEOM_SELF_INTERSECTION with the faces involved', async () => {
    const pts = [...boxPoints([0, 0, 0], [10, 10, 10]), ...boxPoints([5, 5, 5], [15, 15, 15])];
    const r = await geometry(polyhedronPart(pts, [{ faces: [...boxFaces(), ...boxFaces(8)] }]));
    expect(codes(r)).toEqual(['GEOM_EULER_VIOLATION', 'GEOM_SELF_INTERSECTION']);
    const si = r.findings.find((f) => f.code === 'GEOM_SELF_INTERSECTION')!;
    // A's faces z=max, y=max, x=max (3001, 3003, 3005) cut B's z=min, y=min, x=min (3006, 3008, 3010).
    expect([...si.entityIds!].sort()).toEqual([3001, 3003, 3005, 3006, 3008, 3010]);
  });

  it('two overlapping but separate solids are not a self-intersection', async () => {
    const pts = [...boxPoints([0, 0, 0], [10, 10, 10]), ...boxPoints([5, 5, 5], [15, 15, 15])];
    const r = await geometry(polyhedronPart(pts, [{ faces: boxFaces() }, { faces: boxFaces(8) }]));
    expect(codes(r)).toEqual([]);
  });

  it('zero-area face and zero-length edge', async () => {
    const part = cubePart();
    part.faces[2].area = 0;
    part.edges[5].lengthMm = 0;
    const r = await geometry(part);
    expect(codes(r)).toEqual(['GEOM_DEGENERATE_FACE', 'GEOM_DEGENERATE_EDGE?']);
    expect(r.findings[0].entityIds).toEqual([3002]);
    expect(r.findings[1].entityIds).toEqual([2005]);
  });

  it('a face without triangles: the checks that need its triangles are reported as not run, and the stage does not pass', async () => {
    const part = cubePart();
    part.faces[4].triangles = null;
    const r = await geometry(part);
    expect(r.passed).toBe(false);
    expect(codes(r, true)).toEqual(Array(5).fill('GEOM_CHECK_NOT_RUN'));
    expect(r.findings.map((f) => f.message.split(' not run')[0].replace(/^.*: /, ''))).toEqual([
      'mesh-orientation check (GEOM_FACE_FLIPPED)',
      'outward-orientation check',
      'zero-area check',
      'watertight-mesh check',
      'self-intersection check',
    ]);
    for (const f of r.findings) {
      expect(f.entityIds).toEqual([3004]);
      expect(f.message).toContain('1 face(s) have no triangles');
    }
  });

  it('self-intersection can be disabled', async () => {
    const r = await runStage('geometry', defaultGeometryValidators, createGeometryContext(cubePart(), { selfIntersection: { enabled: false } }));
    expect(codes(r, true)).toEqual(['GEOM_SELF_INTERSECTION_SKIPPED']);
  });

  it('mesh-derived parts (no loops, no edges): only the mesh checks speak', async () => {
    const strip = (part: Part, closed: boolean): Part => {
      for (const f of part.faces) f.bounds = [];
      part.edges = [];
      part.vertices = [];
      part.brepSource = 'mesh-derived';
      part.shells[0].kind = closed ? 'closed' : 'open';
      if (!closed) {
        part.shells[0].solid = -1;
        part.solids = [];
      } else part.solids[0].kind = 'mesh';
      return part;
    };
    expect(codes(await geometry(strip(cubePart(), true)), true)).toEqual([]);
    const open = strip(polyhedronPart(boxPoints([0, 0, 0], [10, 10, 10]), [{ faces: boxFaces().slice(0, 5) }]), false);
    const r = await geometry(open);
    expect(codes(r)).toEqual(['GEOM_OPEN_SHELL']);
    expect(r.findings[0].message).toBe('shell #4000 is an open surface body (4 boundary edge(s) in its mesh); the part has no closed shell');
    // A closed mesh-derived shell that leaks is caught by the watertight check.
    const leaky = strip(cubePart(), true);
    leaky.mesh.indices = leaky.mesh.indices.slice(0, -3);
    leaky.faces[5].triangles = { first: leaky.faces[5].triangles!.first, count: 1 };
    expect(codes(await geometry(leaky))).toEqual(['GEOM_MESH_NOT_WATERTIGHT']);
  });

  it('BREP_WITH_VOIDS: the void shell must enclose negative volume', async () => {
    const voided = (flipInner: boolean): Part => {
      const pts = [...boxPoints([0, 0, 0], [30, 30, 30]), ...boxPoints([10, 10, 10], [20, 20, 20])];
      const part = polyhedronPart(pts, [{ faces: boxFaces() }, { faces: boxFaces(8) }], {
        flipSameSense: flipInner ? [6, 7, 8, 9, 10, 11] : [],
      });
      part.solids = [{ ...part.solids[0], kind: 'brep_with_voids', shells: [0, 1] }];
      part.shells[1].solid = 0;
      return part;
    };
    expect(codes(await geometry(voided(true)), true)).toEqual([]);
    const wrong = await geometry(voided(false));
    expect(codes(wrong)).toEqual(['GEOM_INVERTED_SHELL']);
    expect(wrong.findings[0].message).toContain('a void shell must be negative');
  });

  it('shellGenus', () => {
    expect(shellGenus(8, 12, 6, 6)).toBe(0); // cube
    expect(shellGenus(16, 24, 10, 12)).toBe(1); // block with a square through hole (two faces with inner loops)
    expect(shellGenus(2, 3, 3, 3)).toBe(0); // cylinder: two circles, one seam
    expect(shellGenus(8, 12, 6, 7)).toBeNull(); // half-integer
  });
});

describe('self-intersection at scale', () => {
  /** A UV sphere as one face: `n` × `n` quads → 2n² − 2n triangles. */
  function spherePart(n: number): Part {
    const pts: Vec3[] = [];
    for (let i = 0; i <= n; i++) {
      const th = (Math.PI * i) / n;
      for (let j = 0; j < n; j++) {
        const ph = (2 * Math.PI * j) / n;
        if ((i === 0 || i === n) && j > 0) continue;
        pts.push([50 * Math.sin(th) * Math.cos(ph), 50 * Math.sin(th) * Math.sin(ph), 50 * Math.cos(th)]);
      }
    }
    const id = (i: number, j: number) => (i === 0 ? 0 : i === n ? 1 + (n - 1) * n : 1 + (i - 1) * n + (j % n));
    const tris: number[] = [];
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        const a = id(i, j), b = id(i + 1, j), c = id(i + 1, j + 1), d = id(i, j + 1);
        if (i > 0) tris.push(a, b, d);
        if (i < n - 1) tris.push(d, b, c);
      }
    const part = cubePart();
    part.shells = [{ index: 0, stepId: 1, kind: 'closed', faces: [0], solid: 0 }];
    part.solids = [{ index: 0, stepId: 2, kind: 'manifold_solid_brep', name: '', shells: [0] }];
    part.edges = [];
    part.vertices = [];
    part.faces = [{ ...part.faces[0], bounds: [], triangles: { first: 0, count: tris.length / 3 }, area: 4 * Math.PI * 2500 }];
    part.mesh = {
      positions: Float64Array.from(pts.flat()),
      normals: new Float32Array(0),
      indices: Uint32Array.from(tris),
      triangleFace: new Int32Array(tris.length / 3),
    };
    part.summary = { ...part.summary, bbox: { min: [-50, -50, -50], max: [50, 50, 50] } };
    return part;
  }
  it('a 180k-triangle sphere: watertight, outward, no self-intersection', async () => {
    const part = spherePart(300);
    expect(part.mesh.indices.length / 3).toBe(2 * 300 * 300 - 2 * 300);
    const r = await geometry(part);
    expect(codes(r, true)).toEqual([]);
  });
});
