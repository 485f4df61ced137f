import { describe, it, expect } from 'vitest';
import { readStl, readObj, readPly, readXyz, readMeshInput, detectMeshFormat, writeBinaryStl, writeAsciiStl } from '../../../src/formats/mesh/index.js';
import { isCadlensError } from '../../../src/errors/index.js';
import { measureMesh } from '../../../src/stages/heal/index.js';
import { subdividedCube, toPartMesh, uvSphere } from '../../heal/mesh-generators.js';

const enc = (s: string) => new TextEncoder().encode(s);

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (isCadlensError(e)) return e.code;
    throw e;
  }
  return 'no error';
}

describe('STL', () => {
  it('binary round trip of a cube: exact vertices merged, watertight, same volume', () => {
    const cube = subdividedCube(3);
    const bytes = writeBinaryStl(toPartMesh(cube));
    const r = readStl(bytes);
    expect(r.format).toBe('stl-binary');
    expect(r.warnings).toEqual([]);
    expect(r.mesh.indices.length).toBe(cube.indices.length);
    expect(r.mesh.positions.length).toBe(cube.positions.length);
    const f = measureMesh(r.mesh.positions, r.mesh.indices, { selfIntersections: false });
    expect(f.watertight).toBe(true);
    expect(f.signedVolumeMm3).toBeCloseTo(1000, 3);
    expect(Array.from(r.mesh.triangleFace).every((x) => x === -1)).toBe(true);
  });

  it('ASCII round trip of a sphere', () => {
    const s = uvSphere(6, 12);
    const r = readStl(enc(writeAsciiStl(toPartMesh(s))));
    expect(r.format).toBe('stl-ascii');
    expect(r.mesh.positions.length).toBe(s.positions.length);
    expect(measureMesh(r.mesh.positions, r.mesh.indices, { selfIntersections: false }).watertight).toBe(true);
  });

  it('binary STL whose header starts with "solid" is still read as binary', () => {
    const bytes = writeBinaryStl(toPartMesh(subdividedCube(1)), 'solid fake header');
    expect(readStl(bytes).format).toBe('stl-binary');
  });

  it('header count larger than the file (the header lies): degraded read with MESH_COUNT_MISMATCH', () => {
    const bytes = writeBinaryStl(toPartMesh(subdividedCube(1)));
    new DataView(bytes.buffer).setUint32(80, 1_000_000, true);
    const r = readStl(bytes);
    expect(r.mesh.indices.length / 3).toBe(12);
    expect(r.warnings.map((w) => w.code)).toEqual(['MESH_COUNT_MISMATCH']);
    expect(codeOf(() => readStl(bytes, { strict: true }))).toBe('MESH_COUNT_MISMATCH');
  });

  it('header count smaller than the file: reads the declared triangles and warns', () => {
    const bytes = writeBinaryStl(toPartMesh(subdividedCube(1)));
    new DataView(bytes.buffer).setUint32(80, 5, true);
    // 5 ≠ size → treated as binary because it does not start with "solid"
    const r = readStl(bytes);
    expect(r.mesh.indices.length / 3).toBe(5);
    expect(r.warnings[0].code).toBe('MESH_COUNT_MISMATCH');
  });

  it('truncated file (partial last record) keeps the whole records', () => {
    const bytes = writeBinaryStl(toPartMesh(subdividedCube(1))).subarray(0, 84 + 50 * 7 + 20);
    const r = readStl(bytes);
    expect(r.mesh.indices.length / 3).toBe(7);
    expect(r.warnings[0].code).toBe('MESH_COUNT_MISMATCH');
  });

  it('zero triangles → MESH_NO_TRIANGLES (binary and ASCII)', () => {
    const bytes = new Uint8Array(84);
    expect(codeOf(() => readStl(bytes))).toBe('MESH_NO_TRIANGLES');
    expect(codeOf(() => readStl(enc('solid empty\nendsolid empty\n')))).toBe('MESH_NO_TRIANGLES');
  });

  it('NaN coordinates: triangles dropped with MESH_NON_FINITE; all NaN → MESH_NO_TRIANGLES', () => {
    const bytes = writeBinaryStl(toPartMesh(subdividedCube(1)));
    const view = new DataView(bytes.buffer);
    view.setFloat32(84 + 12, NaN, true); // first vertex of the first triangle
    const r = readStl(bytes);
    expect(r.warnings.map((w) => w.code)).toContain('MESH_NON_FINITE');
    expect(r.mesh.indices.length / 3).toBeLessThan(12);
    for (let i = 0; i < r.mesh.indices.length; i++) expect(Number.isFinite(r.mesh.positions[r.mesh.indices[i] * 3])).toBe(true);
    expect(codeOf(() => readStl(bytes, { strict: true }))).toBe('MESH_NON_FINITE');
    const ascii = 'solid x\nfacet normal 0 0 0\nouter loop\nvertex nan 0 0\nvertex 1 0 0\nvertex 0 1 0\nendloop\nendfacet\nendsolid x\n';
    expect(codeOf(() => readStl(enc(ascii)))).toBe('MESH_NO_TRIANGLES');
  });

  it('too many triangles → MESH_TOO_LARGE before allocating', () => {
    const bytes = writeBinaryStl(toPartMesh(subdividedCube(4)));
    expect(codeOf(() => readStl(bytes, { maxTriangles: 10 }))).toBe('MESH_TOO_LARGE');
  });

  it('malformed ASCII → MESH_MALFORMED', () => {
    expect(codeOf(() => readStl(enc('solid x\nfacet normal 0 0 0\nouter loop\nvertex 1 2\nendloop\nendfacet\n')))).toBe('MESH_MALFORMED');
    expect(codeOf(() => readStl(enc('solid x\nfacet normal 0 0 0\nouter loop\nvertex 0 0 0\nvertex 1 0 0\nendloop\nendfacet\n')))).toBe('MESH_MALFORMED');
  });

  it('random bytes never crash: a typed error or a result', () => {
    let seed = 1;
    for (let k = 0; k < 200; k++) {
      const n = 10 + ((k * 7919) % 400);
      const b = new Uint8Array(n);
      for (let i = 0; i < n; i++) b[i] = (seed = (seed * 1103515245 + 12345) & 0x7fffffff) & 0xff;
      try {
        readStl(b);
      } catch (e) {
        expect(isCadlensError(e)).toBe(true);
      }
    }
  });
});

describe('OBJ', () => {
  it('reads v/f with quads, slashes and negative indices', () => {
    const text = '# cube corner\nv 0 0 0\nv 1 0 0\nv 1 1 0\nv 0 1 0\nvt 0 0\nf 1/1 2/1 3/1 4/1\nf -4 -2 -1\n';
    const r = readObj(enc(text));
    expect(Array.from(r.mesh.indices)).toEqual([0, 1, 2, 0, 2, 3, 0, 2, 3]);
    expect(r.header).toContain('cube corner');
  });
  it('out-of-range indices: dropped with a warning, strict throws, none left → MESH_NO_TRIANGLES', () => {
    const text = 'v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\nf 1 2 9\n';
    const r = readObj(enc(text));
    expect(r.mesh.indices.length).toBe(3);
    expect(r.warnings[0].code).toBe('MESH_INDEX_OUT_OF_RANGE');
    expect(codeOf(() => readObj(enc(text), { strict: true }))).toBe('MESH_INDEX_OUT_OF_RANGE');
    expect(codeOf(() => readObj(enc('v 0 0 0\nf 1 2 3\n')))).toBe('MESH_NO_TRIANGLES');
    expect(codeOf(() => readObj(enc('v 0 0 0\nv 1 0 0\nv 0 1 0\nf 0 1 2\n')))).toBe('MESH_NO_TRIANGLES');
  });
  it('no faces → MESH_NO_TRIANGLES; bad number → MESH_MALFORMED', () => {
    expect(codeOf(() => readObj(enc('v 0 0 0\n')))).toBe('MESH_NO_TRIANGLES');
    expect(codeOf(() => readObj(enc('v 0 zero 0\n')))).toBe('MESH_MALFORMED');
  });
  it('NaN vertex drops its faces', () => {
    const r = readObj(enc('v 0 0 0\nv 1 0 0\nv 0 1 0\nv nan 0 0\nf 1 2 3\nf 1 2 4\n'));
    expect(r.mesh.indices.length).toBe(3);
    expect(r.warnings.map((w) => w.code)).toContain('MESH_NON_FINITE');
  });
});

function binaryPly(vertices: number[][], faces: number[][], declaredVertices = vertices.length, declaredFaces = faces.length): Uint8Array {
  const header = `ply\nformat binary_little_endian 1.0\ncomment made by test\nelement vertex ${declaredVertices}\nproperty float x\nproperty float y\nproperty float z\nelement face ${declaredFaces}\nproperty list uchar int vertex_indices\nend_header\n`;
  const h = enc(header);
  const size = h.length + vertices.length * 12 + faces.reduce((s, f) => s + 1 + 4 * f.length, 0);
  const out = new Uint8Array(size);
  out.set(h);
  const view = new DataView(out.buffer);
  let o = h.length;
  for (const v of vertices) for (const x of v) { view.setFloat32(o, x, true); o += 4; }
  for (const f of faces) {
    view.setUint8(o++, f.length);
    for (const i of f) { view.setInt32(o, i, true); o += 4; }
  }
  return out;
}

describe('PLY', () => {
  const V = [[0, 0, 0], [1, 0, 0], [1, 1, 0], [0, 1, 0]];
  it('ASCII mesh with a quad and normals', () => {
    const text = 'ply\nformat ascii 1.0\nelement vertex 4\nproperty float x\nproperty float y\nproperty float z\nproperty float nx\nproperty float ny\nproperty float nz\nelement face 1\nproperty list uchar int vertex_indices\nend_header\n0 0 0 0 0 1\n1 0 0 0 0 1\n1 1 0 0 0 1\n0 1 0 0 0 1\n4 0 1 2 3\n';
    const r = readPly(enc(text));
    expect(r.kind).toBe('mesh');
    if (r.kind !== 'mesh') return;
    expect(r.format).toBe('ply-ascii');
    expect(Array.from(r.mesh.indices)).toEqual([0, 1, 2, 0, 2, 3]);
    expect(r.mesh.normals.length).toBe(12);
  });
  it('binary little-endian mesh', () => {
    const r = readPly(binaryPly(V, [[0, 1, 2], [0, 2, 3]]));
    expect(r.kind === 'mesh' && Array.from(r.mesh.indices)).toEqual([0, 1, 2, 0, 2, 3]);
    expect(r.kind === 'mesh' && r.header).toBe('made by test');
  });
  it('vertex-only PLY is a point cloud', () => {
    const r = readPly(binaryPly(V, [], 4, 0));
    expect(r.kind).toBe('points');
    expect(r.kind === 'points' && r.points.positions.length).toBe(12);
  });
  it('header declares far more vertices than the data (huge count): bounded read + MESH_COUNT_MISMATCH', () => {
    const r = readPly(binaryPly(V, [[0, 1, 2]], 4, 1000));
    expect(r.warnings.map((w) => w.code)).toContain('MESH_COUNT_MISMATCH');
    expect(codeOf(() => readPly(binaryPly(V, [[0, 1, 2]], 4, 1000), { strict: true }))).toBe('MESH_COUNT_MISMATCH');
    expect(codeOf(() => readPly(binaryPly(V, [[0, 1, 2]], 4_000_000_000, 1)))).toBe('MESH_TOO_LARGE');
  });
  it('out-of-range and negative face indices are dropped', () => {
    const r = readPly(binaryPly(V, [[0, 1, 2], [0, 1, 99], [0, -1, 2]]));
    expect(r.kind === 'mesh' && r.mesh.indices.length).toBe(3);
    expect(r.warnings.map((w) => w.code)).toContain('MESH_INDEX_OUT_OF_RANGE');
  });
  it('big-endian → MESH_UNSUPPORTED_FORMAT; garbage header → MESH_MALFORMED', () => {
    expect(codeOf(() => readPly(enc('ply\nformat binary_big_endian 1.0\nelement vertex 0\nend_header\n')))).toBe('MESH_UNSUPPORTED_FORMAT');
    expect(codeOf(() => readPly(enc('ply\nformat ascii 1.0\nelement vertex x\nend_header\n')))).toBe('MESH_MALFORMED');
    expect(codeOf(() => readPly(enc('ply\nno header end')))).toBe('MESH_MALFORMED');
  });
  it('NaN points are skipped; all NaN → MESH_NO_POINTS', () => {
    const r = readPly(binaryPly([[0, 0, 0], [NaN, 0, 0]], [], 2, 0));
    expect(r.kind === 'points' && r.points.positions.length).toBe(3);
    expect(codeOf(() => readPly(binaryPly([[NaN, 0, 0]], [], 1, 0)))).toBe('MESH_NO_POINTS');
  });
});

describe('XYZ', () => {
  it('reads points with optional normals, commas, comments', () => {
    const r = readXyz(enc('# scan\nX Y Z\n0,0,0\n1 0 0\n0;1;0\n'));
    expect(Array.from(r.points.positions)).toEqual([0, 0, 0, 1, 0, 0, 0, 1, 0]);
    expect(r.points.normals.length).toBe(0);
    const n = readXyz(enc('0 0 0 0 0 1\n1 0 0 0 0 1\n'));
    expect(n.points.normals.length).toBe(6);
  });
  it('bad lines are skipped with a warning; nothing → MESH_NO_POINTS', () => {
    const r = readXyz(enc('0 0 0\n1 two 3\nnan 0 0\n'));
    expect(r.points.positions.length).toBe(3);
    expect(r.warnings.map((w) => w.code).sort()).toEqual(['MESH_MALFORMED', 'MESH_NON_FINITE']);
    expect(codeOf(() => readXyz(enc('# nothing\n')))).toBe('MESH_NO_POINTS');
    expect(codeOf(() => readXyz(enc('0 0 0\n1 1 1\n2 2 2\n'), { maxVertices: 2 }))).toBe('MESH_TOO_LARGE');
  });
});

describe('readMeshInput', () => {
  it('detects formats from bytes and names', () => {
    const stl = writeBinaryStl(toPartMesh(subdividedCube(1)));
    expect(detectMeshFormat(stl)).toBe('stl');
    expect(detectMeshFormat(enc('solid a\n'))).toBe('stl');
    expect(detectMeshFormat(enc('v 0 0 0\n'))).toBe('obj');
    expect(detectMeshFormat(enc('ply\nformat ascii 1.0\n'))).toBe('ply');
    expect(detectMeshFormat(enc('1.0 2.0 3.0\n'))).toBe('xyz');
    expect(detectMeshFormat(enc('hello'), 'a.obj')).toBe('obj');
    expect(readMeshInput(stl).kind).toBe('mesh');
    expect(readMeshInput(enc('1 2 3\n4 5 6\n')).kind).toBe('points');
  });
  it('unknown input → MESH_UNSUPPORTED_FORMAT', () => {
    expect(codeOf(() => readMeshInput(enc('hello world')))).toBe('MESH_UNSUPPORTED_FORMAT');
  });
});

describe('every reader: random and truncated bytes never crash (seeded)', () => {
  for (const format of ['stl', 'obj', 'ply', 'xyz'] as const) {
    it(`${format}, seed 13`, () => {
      let seed = 13;
      const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
      const valid: Record<typeof format, Uint8Array> = {
        stl: writeBinaryStl(toPartMesh(subdividedCube(1))),
        obj: enc('v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n'),
        ply: enc('ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\nproperty float y\nproperty float z\nelement face 1\nproperty list uchar int vertex_indices\nend_header\n0 0 0\n1 0 0\n0 1 0\n3 0 1 2\n'),
        xyz: enc('0 0 0\n1 0 0\n'),
      };
      for (let k = 0; k < 150; k++) {
        const base = valid[format];
        // truncate, then flip a few bytes
        const b = base.slice(0, next() % (base.length + 1));
        for (let f = 0; f < 3 && b.length; f++) b[next() % b.length] = next() & 0xff;
        try {
          const r = readMeshInput(b, { format });
          if (r.kind === 'mesh') {
            const nv = r.mesh.positions.length / 3;
            for (const i of r.mesh.indices) expect(i).toBeLessThan(nv);
            for (const i of r.mesh.indices) expect(Number.isFinite(r.mesh.positions[i * 3])).toBe(true);
          } else for (const x of r.points.positions) expect(Number.isFinite(x)).toBe(true);
        } catch (e) {
          expect(isCadlensError(e), String(e)).toBe(true);
        }
      }
    });
  }
});

describe('mesh parts', () => {
  it('createMeshPart: mesh-only Part with summary; closed → one solid and a volume', async () => {
    const { createMeshPart, createPointCloudPart } = await import('../../../src/formats/mesh/index.js');
    const part = createMeshPart(toPartMesh(subdividedCube(2)), 'stl');
    expect(part.brepSource).toBe('mesh-only');
    expect(part.format).toBe('stl');
    expect(part.faces).toEqual([]);
    expect(part.solids.length).toBe(1);
    expect(part.summary.volumeMm3).toBeCloseTo(1000, 6);
    expect(part.summary.surfaceAreaMm2).toBeCloseTo(600, 6);
    expect(part.summary.triangleCount).toBe(48);
    const open = createMeshPart({ ...toPartMesh(subdividedCube(2)), indices: toPartMesh(subdividedCube(2)).indices.slice(3) });
    expect(open.summary.volumeMm3).toBeNull();
    expect(open.shells[0].kind).toBe('open');
    const cloud = createPointCloudPart({ positions: new Float64Array([0, 0, 0, 1, 2, 3]), normals: new Float32Array(0) }, 'xyz');
    expect(cloud.mesh.indices.length).toBe(0);
    expect(cloud.summary.bbox).toEqual({ min: [0, 0, 0], max: [1, 2, 3] });
  });
});
