import { describe, expect, it } from 'vitest';
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { builtinModules } from 'node:module';

const root = fileURLToPath(new URL('../..', import.meta.url));
const nodeBuiltins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

/**
 * Bundles an entry for the browser the way a viewer's bundler would. Any Node built-in that the entry
 * reaches fails the build (esbuild cannot resolve `node:*` for platform 'browser'), and the metafile
 * is checked as well so a polyfilled or externalised import cannot hide.
 */
async function bundleForBrowser(entry: string) {
  const seen: string[] = [];
  const result = await build({
    entryPoints: [`${root}/${entry}`],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    metafile: true,
    logLevel: 'silent',
    // Heavy runtime dependencies stay external in a viewer build too; they are browser packages.
    external: ['occt-import-js', 'onnxruntime-web', 'three', 'three-mesh-bvh'],
    tsconfig: `${root}/tsconfig.json`,
    plugins: [
      {
        name: 'record-node-builtins',
        setup(b) {
          b.onResolve({ filter: /.*/ }, (args) => {
            if (nodeBuiltins.has(args.path)) seen.push(`${args.path} (from ${args.importer.replace(root, '')})`);
            return undefined;
          });
        },
      },
    ],
  });
  return { seen, result };
}

describe('the root entry is browser-safe', () => {
  it('bundling src/index.ts for the browser reaches no Node built-in and no server-only package', async () => {
    const { seen, result } = await bundleForBrowser('src/index.ts');
    expect(seen).toEqual([]);
    const inputs = Object.keys(result.metafile!.inputs);
    expect(inputs.some((p) => p.includes('src/runtime/node'))).toBe(false);
    expect(inputs.some((p) => /node_modules\/(pg|@supabase|prom-client|onnxruntime-node)\//.test(p))).toBe(false);
    expect(inputs.some((p) => p.startsWith('adapters/'))).toBe(false);
  });

  it('the browser entry (with onnxruntime-web) is browser-safe too', async () => {
    const { seen } = await bundleForBrowser('src/browser.ts');
    expect(seen).toEqual([]);
  });

  it('the Node entry does reach Node built-ins (control: the check can fail)', async () => {
    const { seen } = await bundleForBrowser('src/node.ts').catch((e: { errors?: unknown[] }) => ({ seen: ['build failed'], result: e }));
    expect(seen.length).toBeGreaterThan(0);
  });
});
