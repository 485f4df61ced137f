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
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import { applyWasmTiering } from '../wasm-tiering.js';
import { cliWasmTiering } from './wasm-tiering-choice.js';
import { applyInterruptBudget, cliInterruptBudget } from './js-jit-budget.js';

type ModuleInternals = typeof Module & { _nodeModulePaths(dir: string): string[] };
type CjsModule = { exports: unknown; filename: string; paths: string[]; require: NodeJS.Require };

const bundle = fileURLToPath(new URL('./cli-main.cjs', import.meta.url));

/** Where this run's cache lives: one file per bundle, Node build and kind of run (analysing or not). */
function cachePath(argv: readonly string[], flags: string): string | undefined {
  const setting = process.env.CADLENS_COMPILE_CACHE;
  if (setting === '0' || setting === 'false') return undefined;
  const dir = process.env.CADLENS_COMPILE_CACHE_DIR || join(tmpdir(), `cadlens-compile-cache-${process.getuid?.() ?? 'user'}`);
  // The bundle is named by its path, size and time (hashing its 1.8 MB would cost more than a cache miss
  // saves on a small part); V8 checks the rest (its version, its flags, the source length) and rejects a
  // stale cache, which is then rewritten.
  const { size, mtimeMs } = statSync(bundle);
  const key = createHash('sha256').update(`${bundle}\0${size}\0${mtimeMs}\0${process.version}\0${process.arch}\0${process.execArgv.join(' ')}\0${flags}`).digest('hex').slice(0, 24);
  // A run compiles what it runs: a `--version` run little, one without a mesh nothing of the mesh path.
  // One cache per kind, so that none stands in for another's.
  const analyses = argv.some((a) => a === 'analyze' || a === 'validate' || a === 'batch' || a === 'worker' || a === 'serve');
  const meshNever = argv.some((a, i) => a === '--mesh=never' || (a === '--mesh' && argv[i + 1] === 'never'));
  const kind = !analyses ? 'other' : meshNever ? 'never' : 'run';
  return join(dir, `cli-${key}-${kind}.v8cache`);
}

/**
 * Whether a cache file may be trusted: V8 does not treat code-cache bytes as untrusted input, and the default
 * folder is in the shared temp folder, where another user could have created it first. The folder and the
 * file must belong to this user and be writable by nobody else.
 */
function ownedPrivately(...paths: string[]): boolean {
  const uid = process.getuid?.();
  if (uid === undefined) return true; // Windows: the temp folder is per user
  for (const p of paths) {
    const st = statSync(p);
    if (st.uid !== uid || (st.mode & 0o022) !== 0) return false;
  }
  return true;
}

function readCache(path: string | undefined): Buffer | undefined {
  if (path === undefined) return undefined;
  try {
    return ownedPrivately(dirname(path), path) && statSync(path).size > 0 ? readFileSync(path) : undefined;
  } catch {
    return undefined;
  }
}

function writeCache(path: string, data: Buffer): void {
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    if (!ownedPrivately(dirname(path))) return; // another user's folder: neither read nor written
    // Written beside and renamed: a concurrent run reads the old file or the new one, never half of one.
    const partial = `${path}.${process.pid}.tmp`;
    writeFileSync(partial, data, { mode: 0o600 });
    renameSync(partial, path);
  } catch {
    // A read-only or full temp folder only costs the next run its speed-up.
  }
}

/** Compiles the bundle in the CommonJS wrapper plus `__cadlensImportHook`, which its `import()`s call (tsup.config.ts). */
function compile(source: string, cachedData: Buffer | undefined): Script {
  return new Script(`(function (exports, require, module, __filename, __dirname, __cadlensImportHook) { ${source}\n})`, {
    filename: bundle,
    ...(cachedData ? { cachedData } : {}),
  });
}

function run(): void {
  const argv = process.argv.slice(2);
  const tiering = cliWasmTiering(argv, process.env.CADLENS_WASM_TIERING);
  applyWasmTiering(tiering);
  const budget = cliInterruptBudget(argv, process.env.CADLENS_JS_INTERRUPT_BUDGET);
  const budgetSet = applyInterruptBudget(budget);
  const require = createRequire(bundle);
  // The flags set here are part of the cache's name: V8 rejects a cache made under other flags, so a
  // short run and a long one sharing one file would rewrite it in turn.
  const path = cachePath(argv, `${tiering} ${budgetSet ? budget : 'default'}`);
  const nodeCache = (Module as { enableCompileCache?: (dir?: string) => unknown }).enableCompileCache;
  if (path === undefined) {
    require(bundle);
    return;
  }
  if (nodeCache !== undefined) {
    // Node >= 22.1: its own compile cache (CommonJS and ESM), in the same folder.
    nodeCache(dirname(path));
    require(bundle);
    return;
  }
  const source = readFileSync(bundle, 'utf8');
  const cachedData = readCache(path);
  const script = compile(source, cachedData);
  if (cachedData === undefined || script.cachedDataRejected) {
    // At exit, so the cache holds every function this run compiled, not only the top level.
    process.once('exit', () => writeCache(path, script.createCachedData()));
  }
  const mod = new (Module as unknown as new (id: string) => CjsModule)(bundle);
  mod.filename = bundle;
  mod.paths = (Module as ModuleInternals)._nodeModulePaths(dirname(bundle));
  // The bundle's `import()`s (onnxruntime-node, tinyglobby, the adapters, a recognizers module) run here,
  // in this ES module beside it: same folder, same resolution as the bundle's own `import()`.
  const importHook = (specifier: string) => import(specifier);
  (script.runInThisContext() as (...args: unknown[]) => void).call(mod.exports, mod.exports, require, mod, bundle, dirname(bundle), importHook);
}

run();
