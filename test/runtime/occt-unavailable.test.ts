import { afterAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { createOcctWorkerTessellator } from '../../src/runtime/node/index.js';
import { createNodeAnalyzer } from '../../src/runtime/node/analyze-file.js';
import { createOcctInlineTessellator, type OcctModuleFactory } from '../../src/runtime/browser/occt-inline-tessellator.js';
import { isCadlensError, type CadlensError } from '../../src/errors/index.js';
import { withRetry, type RetryAttempt } from '../../src/resilience/with-retry.js';
import { occtFaceCount } from '../../src/tessellation/index.js';

// A real copy of occt-import-js's glue in a folder of its own, so its .wasm can be removed, replaced or broken
// without touching the installed package.
const require = createRequire(import.meta.url);
const installedJs = require.resolve('occt-import-js');
const installedWasm = installedJs.replace(/\.js$/, '.wasm');
const cube = new Uint8Array(readFileSync(new URL('../fixtures/step/cube.step', import.meta.url)));
const dirs: string[] = [];
function occtCopyWithoutWasm(): { js: string; wasm: string } {
  const dir = mkdtempSync(join(tmpdir(), 'cadlens-occt-missing-'));
  dirs.push(dir);
  const js = join(dir, 'occt-import-js.js');
  copyFileSync(installedJs, js);
  return { js, wasm: join(dir, 'occt-import-js.wasm') };
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function rejection(p: Promise<unknown>): Promise<CadlensError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  if (!isCadlensError(e)) throw new Error(`expected a CadlensError, got ${String(e)}`);
  return e;
}

function expectUnavailable(e: CadlensError, wasm: string, errno: string): void {
  expect([e.code, e.kind, e.stage]).toEqual(['OCCT_UNAVAILABLE', 'systemic', 'parse']);
  expect(e.details).toMatchObject({ wasmPath: wasm, errno });
  expect(e.message).toContain(wasm); // which file
  expect(e.message).toContain('reinstall it (npm ci'); // and how to fix it
}

describe('OpenCascade wasm missing or broken: OCCT_UNAVAILABLE (systemic), never a transient crash', () => {
  it('worker tessellator (compiled once in this thread): missing wasm → OCCT_UNAVAILABLE naming the file; a restored file works on the next call', async () => {
    const { js, wasm } = occtCopyWithoutWasm();
    const tess = createOcctWorkerTessellator({ occtModulePath: js });
    try {
      tess.warmUp?.(); // a warm-up on a broken install is silent: the tessellation reports it
      expectUnavailable(await rejection(tess.tessellate(cube, 'step')), wasm, 'ENOENT');
      // Not retried: withRetry makes exactly one attempt.
      const attempts: RetryAttempt[] = [];
      const e = await rejection(withRetry(() => tess.tessellate(cube, 'step'), { maxAttempts: 3, baseDelayMs: 1, attempts }));
      expect(e.code).toBe('OCCT_UNAVAILABLE');
      expect(attempts).toHaveLength(1);
      // The failure is not cached: once the installation is repaired, the same tessellator works.
      copyFileSync(installedWasm, wasm);
      expect(occtFaceCount(await tess.tessellate(cube, 'step'))).toBe(6);
    } finally {
      await tess.close();
    }
  });

  it('worker tessellator compiling in each worker (shareCompiledModule: false): the same error, before any worker starts', async () => {
    const { js, wasm } = occtCopyWithoutWasm();
    const tess = createOcctWorkerTessellator({ occtModulePath: js, shareCompiledModule: false });
    try {
      expectUnavailable(await rejection(tess.tessellate(cube, 'step')), wasm, 'ENOENT');
    } finally {
      await tess.close();
    }
  });

  it('a .wasm that is not WebAssembly (a truncated copy) → OCCT_UNAVAILABLE with errno CompileError', async () => {
    const { js, wasm } = occtCopyWithoutWasm();
    writeFileSync(wasm, readFileSync(installedWasm).subarray(0, 4096));
    const tess = createOcctWorkerTessellator({ occtModulePath: js });
    try {
      const e = await rejection(tess.tessellate(cube, 'step'));
      expectUnavailable(e, wasm, 'CompileError');
      expect(e.message).toContain('is not a valid WebAssembly module');
    } finally {
      await tess.close();
    }
  });

  it('createNodeAnalyzer: the result carries the systemic error (parse stage failed), no exception', async () => {
    const { js, wasm } = occtCopyWithoutWasm();
    const analyzer = createNodeAnalyzer({ occt: { occtModulePath: js } });
    try {
      const result = await analyzer.analyze(cube, { name: 'cube.step' });
      expect(result.error).toMatchObject({ code: 'OCCT_UNAVAILABLE', kind: 'systemic', stage: 'parse' });
      expect(result.error?.message).toContain(wasm);
      expect(result.stages.find((s) => s.name === 'parse')?.passed).toBe(false);
    } finally {
      await analyzer.dispose();
    }
  });

  it('inline tessellator (what each analyzer-pool worker runs) in Node: Emscripten’s ENOENT becomes OCCT_UNAVAILABLE naming the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cadlens-occt-nowasm-'));
    dirs.push(dir);
    const factory = require('occt-import-js') as OcctModuleFactory;
    const tess = createOcctInlineTessellator({ loadFactory: () => factory, moduleOverrides: { locateFile: (file: string) => join(dir, file) } });
    try {
      expectUnavailable(await rejection(tess.tessellate(cube, 'step')), join(dir, 'occt-import-js.wasm'), 'ENOENT');
    } finally {
      await tess.close();
    }
  });
});
