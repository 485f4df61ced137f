import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The modules tsup bundles from (package.json exports and bin) and the workers loaded by URL. */
const ENTRIES = ['src/index.ts', 'src/index-node.ts', 'src/node.ts', 'src/browser.ts', 'src/browser-worker.ts', 'src/three.ts', 'src/testing/index.ts', 'src/runtime/node/cli/bin.ts', 'src/runtime/node/cli/launch.ts', 'src/runtime/node/occt-worker.mjs', 'src/runtime/node/pool/pool-worker.ts', 'src/runtime/node/pool/cached-pool-worker.ts'];

const walk = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });

/** Relative specifiers of static imports/re-exports, side-effect imports and dynamic imports. */
const IMPORT = /(?:import|export)\s[^'";]*?from\s*['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)|import\s+['"](\.[^'"]+)['"]/g;

function resolveSpecifier(from: string, spec: string): string | undefined {
  const t = resolve(dirname(from), spec);
  return [t, t.replace(/\.js$/, '.ts'), `${t}.ts`, join(t, 'index.ts')].find((c) => existsSync(c) && statSync(c).isFile());
}

describe('module layout', () => {
  it('every module under src/ is imported by an entry point, another module or a test (no dead barrels)', () => {
    const sources = walk(join(root, 'src')).filter((f) => /\.(ts|mjs)$/.test(f) && !f.endsWith('.d.ts'));
    const tests = walk(join(root, 'test')).filter((f) => f.endsWith('.ts'));
    const reached = new Set<string>();
    const stack = [...ENTRIES.map((f) => join(root, f)), ...tests];
    while (stack.length > 0) {
      const file = stack.pop()!;
      if (reached.has(file) || !existsSync(file)) continue;
      reached.add(file);
      for (const m of readFileSync(file, 'utf8').matchAll(IMPORT)) {
        const target = resolveSpecifier(file, m[1] ?? m[2] ?? m[3]);
        if (target) stack.push(target);
      }
    }
    expect(sources.filter((f) => !reached.has(f)).map((f) => relative(root, f))).toEqual([]);
  });
});
