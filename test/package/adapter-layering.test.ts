import { describe, expect, it } from 'vitest';
import { build } from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import tsupConfig from '../../tsup.config.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

interface TsupBuild {
  entry: Record<string, string>;
  external?: (string | RegExp)[];
}
const builds = (Array.isArray(tsupConfig) ? tsupConfig : [tsupConfig]) as TsupBuild[];

/** The core entries (everything but the adapters themselves) of the real tsup config, with that build's externals. */
const coreEntries = builds.flatMap((b) =>
  Object.entries(b.entry)
    .filter(([, file]) => !file.startsWith('adapters/'))
    .map(([name, file]) => ({ name, file, external: (b.external ?? []).filter((e): e is string => typeof e === 'string') })),
);

/**
 * Bundles an entry the way tsup does (same externals; packages from node_modules stay external as
 * tsup leaves dependencies and peers) and returns the repository files it pulled in and the bare
 * specifiers it left to run time.
 */
async function bundle(file: string, external: string[]) {
  const bare = new Set<string>();
  const result = await build({
    entryPoints: [join(root, file)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    metafile: true,
    logLevel: 'silent',
    tsconfig: join(root, 'tsconfig.json'),
    external,
    plugins: [
      {
        name: 'packages-external',
        setup(b) {
          b.onResolve({ filter: /^[^./]/ }, (args) => {
            if (args.path.startsWith('node:')) return { path: args.path, external: true };
            // cadlens's own specifiers resolve through tsconfig paths unless this build keeps them external.
            if (args.path.startsWith('cadlens') && !external.includes(args.path)) return undefined;
            bare.add(args.path);
            return { path: args.path, external: true };
          });
        },
      },
    ],
  });
  return { inputs: Object.keys(result.metafile!.inputs), bare: [...bare] };
}

describe('layering: the core and CLI builds reach adapters only through their public entries', () => {
  it('the real tsup config has core entries to check (control)', () => {
    expect(coreEntries.map((e) => e.name)).toEqual(expect.arrayContaining(['index', 'node', 'cli', 'cli-main']));
  });

  it.each(coreEntries.map((e) => [e.name, e] as const))('%s: no file under adapters/ is bundled and pg is never imported', async (_name, entry) => {
    const { inputs, bare } = await bundle(entry.file, entry.external);
    expect(inputs.filter((p) => p.startsWith('adapters/'))).toEqual([]);
    expect(bare.filter((s) => s === 'pg' || s.startsWith('pg/') || s === '@supabase/supabase-js')).toEqual([]);
  });

  // `cli` is the launcher (dist/cli.js); the CLI itself is the `cli-main` bundle it loads.
  it('the CLI still reaches migrate — through cadlens/adapters/postgres, left to run time', async () => {
    const cli = coreEntries.find((e) => e.name === 'cli-main')!;
    const { bare } = await bundle(cli.file, cli.external);
    expect(bare).toContain('cadlens/adapters/postgres');
  });

  it('the check can fail (control): bundling the CLI without that external pulls in the adapter', async () => {
    const cli = coreEntries.find((e) => e.name === 'cli-main')!;
    const { inputs } = await bundle(cli.file, cli.external.filter((e) => e !== 'cadlens/adapters/postgres'));
    expect(inputs.some((p) => p.startsWith('adapters/postgres/'))).toBe(true);
  });
});

/** The files an ESM bundle loads, following relative static and dynamic imports. */
function importGraph(start: string): string[] {
  const seen = new Set<string>();
  const todo = [start];
  while (todo.length > 0) {
    const file = todo.pop()!;
    if (seen.has(file) || !existsSync(file)) continue;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:from\s*|import\s*\(\s*|import\s+)["'](\.{1,2}\/[^"']+)["']/g)) todo.push(join(dirname(file), m[1]));
  }
  return [...seen];
}

const dist = join(root, 'dist');
const haveDist = existsSync(join(dist, 'node.js')) && existsSync(join(dist, 'cli.js'));

describe.skipIf(!haveDist)(`the built package (dist/)${haveDist ? '' : ' — skipped: no dist/ (run npx tsup)'}`, () => {
  // cli.js is the launcher; the CLI itself is cli-main.cjs, whose `import()`s are `__cadlensImport(` (tsup.config.ts).
  it.each(['index.js', 'node.js', 'cli.js', 'cli-main.cjs', 'pool-worker-cached.js', 'pool-worker-main.cjs'])('dist/%s and every chunk it loads hold no postgres adapter code and import no pg', (entry) => {
    for (const file of importGraph(join(dist, entry))) {
      const text = readFileSync(file, 'utf8');
      const where = relative(root, file);
      expect({ where, adapter: text.includes('cadlens_migrations') }).toEqual({ where, adapter: false });
      expect({ where, pg: /(?:from\s*|import\s*\(\s*|__cadlensImport\s*\(\s*|require\s*\(\s*)["']pg["']/.test(text) }).toEqual({ where, pg: false });
    }
  });
});
