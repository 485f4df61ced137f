import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createHash } from 'node:crypto';
import { cliListedInput, cliWasmTiering, LIFTOFF_MAX_INPUT_BYTES, SMALL_PART_MAX_BYTES, SMALL_PARTS_MAX_INPUT_BYTES } from '../../src/runtime/node/cli/wasm-tiering-choice.js';
import { createOcctWorkerTessellator } from '../../src/runtime/node/occt-worker-tessellator.js';
import type { OcctImportResult } from '../../src/tessellation/index.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const tieringModule = pathToFileURL(join(repo, 'src/runtime/node/wasm-tiering.ts')).href;

/**
 * A fresh process (V8 flags are per process) that applies a tiering, compiles a one-function module
 * (`f(x) = x + 1`) and calls it until V8 has optimized it or ~10 s have passed, then prints what
 * `applyWasmTiering` returned and whether `f` ended as TurboFan code (V8's test natives).
 */
function probe(tiering: 'v8-default' | 'liftoff-only', execArgv: string[] = []): { applied: boolean; liftoff: boolean; turbofan: boolean } {
  const script = join(mkdtempSync(join(tmpdir(), 'cadlens-wasm-tiering-')), 'probe.mts');
  writeFileSync(
    script,
    `import { applyWasmTiering } from ${JSON.stringify(tieringModule)};
const applied = applyWasmTiering(${JSON.stringify(tiering)});
const bytes = new Uint8Array([0,97,115,109,1,0,0,0,1,6,1,96,1,127,1,127,3,2,1,0,7,5,1,1,102,0,0,10,9,1,7,0,32,0,65,1,106,11]);
const { exports } = await WebAssembly.instantiate(await WebAssembly.compile(bytes));
const f = exports.f as (x: number) => number;
const turbofan = new Function('f', 'return %IsTurboFanFunction(f)') as (f: unknown) => boolean;
const liftoff = new Function('f', 'return %IsLiftoffFunction(f)') as (f: unknown) => boolean;
const until = Date.now() + 10_000;
let sum = 0;
while (!turbofan(f) && Date.now() < until) {
  for (let i = 0; i < 2e6; i++) sum = f(sum) & 0xffff;
  await new Promise((r) => setTimeout(r, 20));
}
console.log(JSON.stringify({ applied, liftoff: liftoff(f), turbofan: turbofan(f) }));
`,
  );
  const out = execFileSync(process.execPath, ['--allow-natives-syntax', ...execArgv, '--import', 'tsx', script], { cwd: repo, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  return JSON.parse(out.trim().split('\n').pop()!);
}

describe('applyWasmTiering', () => {
  it("'v8-default' changes nothing: a hot function is optimized by TurboFan (the probe sees tier-up)", () => {
    expect(probe('v8-default')).toEqual({ applied: false, liftoff: false, turbofan: true });
  });

  it("'liftoff-only' keeps a hot function on Liftoff: V8 never recompiles it", () => {
    expect(probe('liftoff-only')).toEqual({ applied: true, liftoff: true, turbofan: false });
  });

  it("a tiering flag the process was started with wins over 'liftoff-only'", () => {
    expect(probe('liftoff-only', ['--wasm-dynamic-tiering'])).toEqual({ applied: false, liftoff: false, turbofan: true });
  });
});

/** Every number of an import result that the pipeline reads, as one hash. */
function digest(r: OcctImportResult): string {
  const h = createHash('sha256');
  for (const m of r.meshes) for (const a of [m.positions, m.normals, m.indices, m.brepFaces]) h.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  return h.digest('hex');
}

describe("createOcctWorkerTessellator({ wasmTiering: 'liftoff-only' })", () => {
  const fixture = join(repo, 'test/fixtures/step/fillet-block.step');

  it("gives the same triangles, bit for bit, as V8's default tiering (each in its own process)", async () => {
    // This process: V8's default. The other: Liftoff only (a module compiled once is reused by V8 for the
    // same bytes in one process, so the two must not share one).
    const tess = createOcctWorkerTessellator();
    let here: string;
    try {
      here = digest(await tess.tessellate(new Uint8Array(readFileSync(fixture)), 'step'));
    } finally {
      await tess.close();
    }
    const script = join(mkdtempSync(join(tmpdir(), 'cadlens-wasm-tiering-')), 'tessellate.mts');
    writeFileSync(
      script,
      `import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createOcctWorkerTessellator } from ${JSON.stringify(pathToFileURL(join(repo, 'src/runtime/node/occt-worker-tessellator.ts')).href)};
const tess = createOcctWorkerTessellator({ wasmTiering: 'liftoff-only' });
const r = await tess.tessellate(new Uint8Array(readFileSync(process.argv[2])), 'step');
await tess.close();
const h = createHash('sha256');
for (const m of r.meshes) for (const a of [m.positions, m.normals, m.indices, m.brepFaces]) h.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
console.log(h.digest('hex'));
`,
    );
    const there = execFileSync(process.execPath, ['--import', 'tsx', script, fixture], { cwd: repo, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } }).trim().split('\n').pop();
    expect(there).toBe(here);
  });

  it('rejects an unknown tiering with CONFIG_INVALID', () => {
    expect(() => createOcctWorkerTessellator({ wasmTiering: 'turbofan' as never })).toThrow(/wasmTiering/);
  });
});

describe('cliWasmTiering (the CLI launcher)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cadlens-cli-tiering-'));
  const small = join(dir, 'small.step');
  const large = join(dir, 'large.step');
  writeFileSync(small, Buffer.alloc(30_000, 0x20));
  writeFileSync(large, Buffer.alloc(LIFTOFF_MAX_INPUT_BYTES + 1, 0x20));

  it('uses Liftoff alone for analyze/validate over listed files up to the size limit', () => {
    expect(cliWasmTiering(['analyze', small], undefined)).toBe('liftoff-only');
    expect(cliWasmTiering(['--json', 'validate', small, '--mesh', 'always'], undefined)).toBe('liftoff-only');
    expect(cliWasmTiering(['analyze', small, small], undefined)).toBe('liftoff-only');
  });

  it("keeps V8's default past the size limit, for folders and globs, and for other commands", () => {
    expect(cliWasmTiering(['analyze', large], undefined)).toBe('v8-default');
    expect(cliWasmTiering(['analyze', dir], undefined)).toBe('v8-default');
    expect(cliWasmTiering(['analyze', `${dir}/*.step`], undefined)).toBe('v8-default');
    expect(cliWasmTiering(['serve', '--port', '8080'], undefined)).toBe('v8-default');
    expect(cliWasmTiering(['--version'], undefined)).toBe('v8-default');
  });

  // The batch rule (session 7): many small parts count as short past the total limit, one large part does not.
  const part = join(dir, 'part.step');
  const overSmall = join(dir, 'over-small.step');
  writeFileSync(part, Buffer.alloc(SMALL_PART_MAX_BYTES, 0x20));
  writeFileSync(overSmall, Buffer.alloc(SMALL_PART_MAX_BYTES + 1, 0x20));
  const parts = (n: number) => Array.from({ length: n }, () => part);
  const overTotal = Math.floor(LIFTOFF_MAX_INPUT_BYTES / SMALL_PART_MAX_BYTES) + 1; // just past the total limit
  const atSmallLimit = Math.floor(SMALL_PARTS_MAX_INPUT_BYTES / SMALL_PART_MAX_BYTES);

  it('uses Liftoff alone for a batch of small parts past the total limit, up to the small-parts limit', () => {
    expect(cliListedInput(['analyze', ...parts(overTotal)])).toEqual({ files: overTotal, totalBytes: overTotal * SMALL_PART_MAX_BYTES, largestBytes: SMALL_PART_MAX_BYTES });
    expect(overTotal * SMALL_PART_MAX_BYTES).toBeGreaterThan(LIFTOFF_MAX_INPUT_BYTES);
    expect(cliWasmTiering(['analyze', '--json', ...parts(overTotal)], undefined)).toBe('liftoff-only');
    expect(cliWasmTiering(['validate', ...parts(atSmallLimit)], undefined)).toBe('liftoff-only');
  });

  it("keeps V8's default for a batch past the total limit with one part over the small-part size, or past the small-parts limit", () => {
    expect(cliWasmTiering(['analyze', ...parts(overTotal - 1), overSmall], undefined)).toBe('v8-default');
    expect(cliWasmTiering(['analyze', ...parts(atSmallLimit + 1)], undefined)).toBe('v8-default');
    expect(cliWasmTiering(['analyze', ...parts(overTotal), dir], undefined)).toBe('v8-default');
    // Under the total limit the size of one part does not matter.
    expect(cliWasmTiering(['analyze', overSmall, small], undefined)).toBe('liftoff-only');
  });

  it('CADLENS_WASM_TIERING decides when set', () => {
    expect(cliWasmTiering(['analyze', small], 'v8-default')).toBe('v8-default');
    expect(cliWasmTiering(['analyze', large], 'liftoff-only')).toBe('liftoff-only');
  });
});
