import { build } from 'esbuild';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * Bundles a TypeScript entry (an adapter, resolved against the repository root) into one ESM file
 * that a plain `node` child process can import; `cadlens` resolves to src/index.ts exactly like
 * the tsconfig/vitest alias. Peer clients (`pg`) stay external and load from node_modules.
 */
export async function bundleForChild(entry: string, name: string): Promise<string> {
  // Inside node_modules/.cache so the child resolves external peers (`pg`) from node_modules.
  const cache = join(root, 'node_modules', '.cache');
  await mkdir(cache, { recursive: true });
  const outDir = await mkdtemp(join(cache, 'cadlens-test-bundle-'));
  const outfile = join(outDir, `${name}.mjs`);
  await build({
    entryPoints: [join(root, entry)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    alias: { cadlens: join(root, 'src/index.ts') },
    external: ['pg', '@supabase/supabase-js'],
    logLevel: 'silent',
  });
  return outfile;
}

/** Absolute path of a file under test/adapters/children. */
export function childScript(name: string): string {
  return fileURLToPath(new URL(`../children/${name}`, import.meta.url));
}
