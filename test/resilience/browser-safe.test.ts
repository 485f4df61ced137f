import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const files = (dir: string): string[] =>
  readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );

describe('resilience, storage ports and config stay browser-safe', () => {
  const sources = ['src/resilience', 'src/storage', 'src/config'].flatMap(files);

  it.each(sources)('%s has no Node, pg, supabase or static prom-client import', (file) => {
    // Code only: doc comments may mention `import('prom-client')` or `process.env` in examples.
    const text = readFileSync(join(root, file), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    const imports = [...text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1]!);
    for (const spec of imports) {
      expect(spec, `${file} imports ${spec}`).not.toMatch(/^(node:|fs$|path$|crypto$|os$|pg$|@supabase\/|prom-client$|vitest$)/);
    }
    expect(text).not.toMatch(/\bprocess\.env\b/);
  });
});
