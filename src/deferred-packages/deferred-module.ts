import { CadlensError } from '../errors/index.js';

// Synchronous public exports that need a heavy package (zod for `loadConfig` and the result schemas, three and
// three-mesh-bvh for `healMesh` / `measureMesh`) get it through a DeferredModule instead of a static import, so
// that importing cadlens in Node loads neither until one of them is called (bench/README.md, session 9).
//
// Two ways in, first one wins:
// - provided: code that imports the package statically hands it over (`provide`). The analyzer's own lazy
//   paths do (the mesh pipeline, the self-intersection validator, the result cache), and so do the
//   browser-safe entries, because a browser has no synchronous loader;
// - loaded: in Node, `require()` of the package's ESM entry (Node ≥ 20.19 loads ES modules with require(),
//   sharing the instance an `import` of the package gets); where that fails, `require()` of the package as
//   the runtime resolves it (its CommonJS build).

/** A `require` function: Node's, from `createRequire`. */
export interface NodeRequireLike {
  (id: string): unknown;
  resolve(id: string): string;
}

let registeredRequire: NodeRequireLike | undefined;

/**
 * @internal
 * The Node entries hand over their `createRequire(import.meta.url)`, for Node versions without
 * `process.getBuiltinModule` (before 20.16).
 */
export function useNodeRequire(require: NodeRequireLike): void {
  registeredRequire ??= require;
}

interface BuiltinModuleHost {
  getBuiltinModule?: (id: string) => unknown;
}

/** Node's `require`, or undefined outside Node (no `node:` import here: the core must bundle for browsers). */
function nodeRequire(): NodeRequireLike | undefined {
  if (registeredRequire) return registeredRequire;
  const host = (globalThis as { process?: BuiltinModuleHost }).process;
  const moduleApi = host?.getBuiltinModule?.('module') as { createRequire?: (from: string) => NodeRequireLike } | undefined;
  if (!moduleApi?.createRequire) return undefined;
  registeredRequire = moduleApi.createRequire(import.meta.url);
  return registeredRequire;
}

/** The package's `exports["."].import` target as an absolute path, or undefined. */
function importEntryPath(require: NodeRequireLike, name: string): string | undefined {
  let dir = require.resolve(name).replace(/[\\/][^\\/]*$/, '');
  for (let depth = 0; depth < 8; depth++) {
    try {
      const pkg = require(`${dir}/package.json`) as { name?: string; exports?: unknown };
      if (pkg.name === name) {
        const root = (typeof pkg.exports === 'object' && pkg.exports !== null && '.' in pkg.exports ? (pkg.exports as Record<string, unknown>)['.'] : pkg.exports) as
          | { import?: string | { default?: string } }
          | undefined;
        const target = typeof root?.import === 'string' ? root.import : root?.import?.default;
        return typeof target === 'string' ? `${dir}/${target.replace(/^\.\//, '')}` : undefined;
      }
    } catch {
      // no package.json at this level: go up
    }
    const up = dir.replace(/[\\/][^\\/]*$/, '');
    if (up === dir) break;
    dir = up;
  }
  return undefined;
}

/** `require()` of a package, preferring its ESM entry (the instance `import` gets). */
function requirePackage<T>(require: NodeRequireLike, name: string): T {
  const esm = importEntryPath(require, name);
  if (esm !== undefined) {
    try {
      return require(esm) as T;
    } catch {
      // require() of ES modules needs Node ≥ 20.19: fall back to the package's CommonJS build
    }
  }
  return require(name) as T;
}

/** A value built from packages that are loaded on first use; see {@link deferredModule}. */
export interface DeferredModule<T> {
  /** The value: provided, or loaded now (Node) on first call. */
  get(): T;
  /** Hands over the value built from statically imported packages; a later `get` loads nothing. */
  provide(value: T): void;
}

/**
 * @internal
 * A value that needs packages cadlens does not import up front.
 * @param what - the packages, for the error where nothing can load them (a browser build that skipped the entry)
 * @param load - builds the value from `load(packageName)` (Node only)
 */
export function deferredModule<T>(what: string, load: (requirePackageByName: <P>(name: string) => P) => T): DeferredModule<T> {
  let value: T | undefined;
  return {
    get() {
      if (value !== undefined) return value;
      const require = nodeRequire();
      if (!require)
        throw new CadlensError(
          'INTERNAL',
          `${what} is not loaded: outside Node it is provided by the cadlens entries ('cadlens', 'cadlens/browser'); import from one of them`,
        );
      value = load((name) => requirePackage(require, name));
      return value;
    },
    provide(v) {
      value ??= v;
    },
  };
}
