// The `cadlens` executable (dist/cli.js): loads the CLI bundle (dist/cli-main.cjs, built from bin.ts)
// through a V8 code cache.
//
// Why: a cold one-file run spent more CPU compiling the bundle's functions (parse + bytecode, lazily, as
// they first run) than analysing a small part. Node >= 22.1 has `module.enableCompileCache()`, used as
// is. Node 20 has neither that nor a code cache for ESM, so the CLI bundle is CommonJS and compiled here
// with `vm.Script` and `cachedData`; its `import()`s are handed to this module (a script from a code cache
// loses its `import()` callback on Node 20; tsup.config.ts routes them). The cache is written at exit by `script.createCachedData()`, which then also holds
// every function the run compiled: the next run of the same kind skips nearly all compiling. A cache V8
// rejects (another Node, other V8 flags, a changed bundle) is rebuilt; any failure to read or write it
// only costs the speed. `CADLENS_COMPILE_CACHE=0` turns it off; `CADLENS_COMPILE_CACHE_DIR` moves it
// (default: `<tmpdir>/cadlens-compile-cache-<uid>`).
//
// It also picks how V8 compiles OpenCascade's WebAssembly (wasm-tiering.ts) and how eagerly it optimizes
// JavaScript (js-jit-budget.ts) before anything is compiled, so that the code cache is always made and
// checked under the same V8 flags.
//
// Kept tiny and dependency-free: everything it imports is a Node built-in (wasm-tiering.ts only node:v8).
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyWasmTiering } from '../wasm-tiering.js';
import { cliWasmTiering } from './wasm-tiering-choice.js';
import { applyInterruptBudget, cliInterruptBudget } from './js-jit-budget.js';
import { runCachedBundle, writeCodeCache } from './code-cache-file.js';
import { POOL_WORKER_CODE_CACHE } from './pool-worker-code-cache.js';

const bundle = fileURLToPath(new URL('./cli-main.cjs', import.meta.url));
/** The analyzer pool's worker bundle for the CLI (pool/cached-pool-worker.ts loads it through its own cache). */
const poolWorkerBundle = fileURLToPath(new URL('./pool-worker-main.cjs', import.meta.url));

/** Where a bundle's cache lives for this run: one file per bundle, Node build and kind of run (analysing or not). */
function cachePath(file: string, prefix: string, argv: readonly string[], flags: string): string | undefined {
  const setting = process.env.CADLENS_COMPILE_CACHE;
  if (setting === '0' || setting === 'false') return undefined;
  const dir = process.env.CADLENS_COMPILE_CACHE_DIR || join(tmpdir(), `cadlens-compile-cache-${process.getuid?.() ?? 'user'}`);
  // The bundle is named by its path, size and time (hashing its 1.8 MB would cost more than a cache miss
  // saves on a small part); V8 checks the rest (its version, its flags, the source length) and rejects a
  // stale cache, which is then rewritten.
  let stamp: string;
  try {
    const { size, mtimeMs } = statSync(file);
    stamp = `${size}\0${mtimeMs}`;
  } catch {
    return undefined;
  }
  const key = createHash('sha256').update(`${file}\0${stamp}\0${process.version}\0${process.arch}\0${process.execArgv.join(' ')}\0${flags}`).digest('hex').slice(0, 24);
  // A run compiles what it runs: a `--version` run little, one without a mesh nothing of the mesh path.
  // One cache per kind, so that none stands in for another's.
  const analyses = argv.some((a) => a === 'analyze' || a === 'validate' || a === 'batch' || a === 'worker' || a === 'serve');
  const meshNever = argv.some((a, i) => a === '--mesh=never' || (a === '--mesh' && argv[i + 1] === 'never'));
  const kind = !analyses ? 'other' : meshNever ? 'never' : 'run';
  return join(dir, `${prefix}-${key}-${kind}.v8cache`);
}

function run(): void {
  const argv = process.argv.slice(2);
  const tiering = cliWasmTiering(argv, process.env.CADLENS_WASM_TIERING);
  applyWasmTiering(tiering);
  const budget = cliInterruptBudget(argv, process.env.CADLENS_JS_INTERRUPT_BUDGET);
  const budgetSet = applyInterruptBudget(budget);
  // The flags set here are part of the cache's name: V8 rejects a cache made under other flags, so a
  // short run and a long one sharing one file would rewrite it in turn.
  const flags = `${tiering} ${budgetSet ? budget : 'default'}`;
  const path = cachePath(bundle, 'cli', argv, flags);
  const nodeCache = (Module as { enableCompileCache?: (dir?: string) => unknown }).enableCompileCache;
  if (path === undefined) {
    createRequire(bundle)(bundle);
    return;
  }
  if (nodeCache !== undefined) {
    // Node >= 22.1: its own compile cache (CommonJS and ESM, worker threads too), in the same folder.
    nodeCache(dirname(path));
    createRequire(bundle)(bundle);
    return;
  }
  // The pool's workers (several files) compile their own bundle: they get a cache of their own, under the
  // same flags (V8's flags are per process, so the workers run under these).
  const poolPath = cachePath(poolWorkerBundle, 'pool-worker', argv, flags);
  if (poolPath !== undefined) (globalThis as Record<symbol, unknown>)[POOL_WORKER_CODE_CACHE] = poolPath;
  // The bundle's `import()`s (onnxruntime-node, tinyglobby, the adapters, a recognizers module) run here,
  // in this ES module beside it: same folder, same resolution as the bundle's own `import()`.
  const { script, stale } = runCachedBundle(bundle, path, (specifier) => import(specifier));
  // At exit, so the cache holds every function this run compiled, not only the top level.
  if (stale) process.once('exit', () => writeCodeCache(path, script.createCachedData()));
}

run();
