// Reading and writing a V8 code-cache file (the CLI bundle's in launch.ts, the pool worker bundle's in
// pool/cached-pool-worker.ts), and compiling a CommonJS bundle through it. Node built-ins only: both
// users are tiny launchers that run before anything else is loaded.
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';

type ModuleInternals = typeof Module & { _nodeModulePaths(dir: string): string[] };
type CjsModule = { exports: unknown; filename: string; paths: string[]; require: NodeJS.Require };

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

/** The cache's bytes, or undefined when there is none, it is empty or it is not this user's alone. */
export function readCodeCache(path: string | undefined): Buffer | undefined {
  if (path === undefined) return undefined;
  try {
    return ownedPrivately(dirname(path), path) && statSync(path).size > 0 ? readFileSync(path) : undefined;
  } catch {
    return undefined;
  }
}

/** Writes the cache (folder 0700, file 0600), beside and renamed; any failure only costs the next run its speed-up. */
export function writeCodeCache(path: string, data: Buffer): void {
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    if (!ownedPrivately(dirname(path))) return; // another user's folder: neither read nor written
    // Written beside and renamed: a concurrent run reads the old file or the new one, never half of one.
    const partial = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    writeFileSync(partial, data, { mode: 0o600 });
    renameSync(partial, path);
  } catch {
    // A read-only or full temp folder only costs the next run its speed-up.
  }
}

/**
 * Compiles the CommonJS bundle `file` with the cache at `path` (when given and accepted) and runs it as a
 * module whose `import()`s go to `importHook` (its `__cadlensImportHook`; tsup.config.ts routes them: a
 * script from a code cache loses its own `import()` callback on Node 20). Returns the module's exports and
 * whether the cache should be (re)written — `script.createCachedData()` is best called late, once the run
 * has compiled what it uses.
 */
export function runCachedBundle(file: string, path: string | undefined, importHook: (specifier: string) => Promise<unknown>): { exports: unknown; script: Script; stale: boolean } {
  const source = readFileSync(file, 'utf8');
  const cachedData = readCodeCache(path);
  const script = new Script(`(function (exports, require, module, __filename, __dirname, __cadlensImportHook) { ${source}\n})`, {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
  });
  const mod = new (Module as unknown as new (id: string) => CjsModule)(file);
  mod.filename = file;
  mod.paths = (Module as ModuleInternals)._nodeModulePaths(dirname(file));
  (script.runInThisContext() as (...args: unknown[]) => void).call(mod.exports, mod.exports, createRequire(file), mod, file, dirname(file), importHook);
  return { exports: mod.exports, script, stale: path !== undefined && (cachedData === undefined || script.cachedDataRejected === true) };
}
