import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { brotliDecompressSync } from 'node:zlib';
import { createOcctWorkerTessellator } from '../../src/runtime/node/index.js';
import { isCadlensError } from '../../src/errors/index.js';
import { occtFaceCount, occtTriangleCount, type Tessellator } from '../../src/tessellation/index.js';
import { expectSoundTessellation } from '../support/tessellation-properties.js';
import { REALWORLD_DIR, sharedTitle } from '../support/shared-data.js';

const realworld = REALWORLD_DIR;
const haveShared = existsSync(`${realworld}/parts`);
if (!haveShared) console.warn(`[skip] ${realworld} is absent: occt worker tests on real files are skipped`);

function load(rel: string): Uint8Array {
  const b = readFileSync(`${realworld}/${rel}`);
  return rel.endsWith('.br') ? new Uint8Array(brotliDecompressSync(b)) : new Uint8Array(b);
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'resolved';
  } catch (e) {
    return isCadlensError(e) ? e.code : `untyped:${String(e)}`;
  }
}

describe.skipIf(!haveShared)(sharedTitle('createOcctWorkerTessellator on realworld files'), () => {
  let tess: Tessellator;
  beforeAll(() => {
    tess = createOcctWorkerTessellator({ deadlineMs: 60_000 });
  });
  afterAll(async () => {
    await tess.close();
  });

  it('tessellates partA (1 mesh, 32 faces, every face meshed) as transferable typed arrays', async () => {
    const r = await tess.tessellate(load('parts/D05__partA.step'), 'step');
    expect(r.meshes.length).toBe(1);
    expect(occtFaceCount(r)).toBe(32);
    expect(expectSoundTessellation(r)).toBe(32);
    expect(r.meshes[0].positions).toBeInstanceOf(Float64Array);
    expect(r.meshes[0].indices).toBeInstanceOf(Uint32Array);
    expect(r.deflection).toEqual({ linearUnit: 'millimeter', linearDeflectionType: 'bounding_box_ratio', linearDeflection: 0.001, angularDeflection: 0.5 });
    expect(r.wasmHeapBytes).toBeGreaterThan(0);
  });

  it('does not detach the caller input unless transferInput is set', async () => {
    const bytes = load('parts/D37__red_cube_blue_cylinder.step');
    const r = await tess.tessellate(bytes, 'step');
    expect(bytes.byteLength).toBeGreaterThan(0);
    expect(r.meshes.length).toBe(2);
    expect(occtFaceCount(r)).toBe(9);
    expect(expectSoundTessellation(r)).toBe(9);
  });

  it('a file past its deadline gives OCCT_TIMEOUT (worker terminated) and the next file still succeeds', async () => {
    const err = await tess.tessellate(load('parts/D13__nist_ctc_01_asme1_rd.stp'), 'step', { deadlineMs: 5 }).catch((e) => e);
    expect(isCadlensError(err) && err.code).toBe('OCCT_TIMEOUT');
    expect(err.kind).toBe('transient');
    const r = await tess.tessellate(load('parts/D05__partA.step'), 'step');
    expect(occtFaceCount(r)).toBe(32);
  });

  it('an AbortSignal terminates the running import with ABORTED, and the next file succeeds', async () => {
    const ac = new AbortController();
    const p = tess.tessellate(load('parts/D13__nist_ctc_01_asme1_rd.stp'), 'step', { signal: ac.signal });
    setTimeout(() => ac.abort(new Error('user cancelled')), 20);
    expect(await codeOf(p)).toBe('ABORTED');
    const r = await tess.tessellate(load('parts/D02__motor_antigravity_4004_custom_shaft.STEP'), 'step');
    expect(occtFaceCount(r)).toBe(15);
    expect(expectSoundTessellation(r)).toBe(15);
  });

  // Expected outcomes from the realworld README table (occt-import-js 0.0.23).
  const traps = [
    'malformed/m22_10pct_points_deleted.step', // RuntimeError: null function or function signature mismatch
    'malformed/m23_cycle_self_oriented_edge.step', // RangeError: Maximum call stack size exceeded
    'malformed/m24_cycle_mapped_item.step', // RangeError
    'malformed/m27_too_few_params.step', // RuntimeError
    'malformed/m34_deep_nesting_100k.step.br', // RangeError
  ];
  for (const f of traps) {
    it(`${f} gives OCCT_TRAP (permanent) and a good file right after still succeeds`, async () => {
      const err = await tess.tessellate(load(f), 'step').catch((e) => e);
      expect(isCadlensError(err) && err.code).toBe('OCCT_TRAP');
      expect(err.kind).toBe('permanent');
      const r = await tess.tessellate(load('parts/D05__partA.step'), 'step');
      expect(occtFaceCount(r)).toBe(32);
    });
  }

  it('seven traps in a row (more than kill a reused instance) leave later good files correct (the same mesh as before)', async () => {
    const before = await tess.tessellate(load('parts/D01__featuretype.STEP'), 'step');
    for (let i = 0; i < 7; i++) expect(await codeOf(tess.tessellate(load('malformed/m24_cycle_mapped_item.step'), 'step'))).toBe('OCCT_TRAP');
    const r = await tess.tessellate(load('parts/D01__featuretype.STEP'), 'step');
    expect(occtFaceCount(r)).toBe(96);
    expect(expectSoundTessellation(r)).toBe(96);
    expect(Array.from(r.meshes[0].indices)).toEqual(Array.from(before.meshes[0].indices));
  });

  const noMesh: [string, RegExp][] = [
    ['malformed/m21_missing_shell_ref.step', /could not be built/],
    ['malformed/m33_overflow_coords.step', /could not be built/],
    ['malformed/m42_curves_only_no_solid.step', /no faces/],
    ['malformed/m43_points_only.step', /no faces/],
    ['parts/D35__nist_ftc_08_asme1_ap242-e1-tg.stp', /tessellated/],
    ['parts/D36__Follower_Arm.STEP', /external files/],
  ];
  for (const [f, why] of noMesh) {
    it(`${f} gives OCCT_NO_MESH with a reason`, async () => {
      const err = await tess.tessellate(load(f), 'step').catch((e) => e);
      expect(isCadlensError(err) && err.code).toBe('OCCT_NO_MESH');
      expect(err.message).toMatch(why);
    });
  }

  // success=false inputs: see occt-realworld-table.test.ts (every malformed file with its expected outcome).

  it('m20 (D01 with a dangling face reference) silently loses a face: 95 faces, fewer triangles than D01', async () => {
    const r = await tess.tessellate(load('malformed/m20_missing_face_ref.step'), 'step');
    const whole = await tess.tessellate(load('parts/D01__featuretype.STEP'), 'step');
    expect(occtFaceCount(r)).toBe(95);
    expect(expectSoundTessellation(r)).toBe(95);
    expect(occtTriangleCount(r)).toBeLessThan(occtTriangleCount(whole));
  });
});

describe.skipIf(!haveShared)(sharedTitle('createOcctWorkerTessellator limits'), () => {
  it('a wasm heap cap below what the file needs gives OCCT_OUT_OF_MEMORY and the next file succeeds', async () => {
    const tess = createOcctWorkerTessellator({ maxWasmHeapMb: 40 });
    try {
      const err = await tess.tessellate(load('parts/D22__nist_ctc_02_asme1_rc.stp'), 'step').catch((e) => e);
      expect(isCadlensError(err) && err.code).toBe('OCCT_OUT_OF_MEMORY');
      const r = await tess.tessellate(load('parts/D05__partA.step'), 'step');
      expect(occtFaceCount(r)).toBe(32);
    } finally {
      await tess.close();
    }
  });

  it('concurrency 2 runs two workers and keeps results apart', async () => {
    const tess = createOcctWorkerTessellator({ concurrency: 2 });
    try {
      const [a, b, c] = await Promise.all([
        tess.tessellate(load('parts/D05__partA.step'), 'step'),
        tess.tessellate(load('parts/D02__motor_antigravity_4004_custom_shaft.STEP'), 'step'),
        tess.tessellate(load('malformed/m23_cycle_self_oriented_edge.step'), 'step').catch((e) => e),
      ]);
      expect(occtFaceCount(a)).toBe(32);
      expect(occtFaceCount(b)).toBe(15);
      expect(isCadlensError(c) && c.code).toBe('OCCT_TRAP');
    } finally {
      await tess.close();
    }
  });

  it('rejects bad options with CONFIG_INVALID', () => {
    expect(() => createOcctWorkerTessellator({ deadlineMs: -1 })).toThrow(/deadlineMs/);
  });
});
