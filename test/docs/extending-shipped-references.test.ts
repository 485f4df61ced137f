/**
 * docs/extending.md is what a user of the npm package follows: every repository path it names must be a docs page
 * or something the package ships (package.json `files`). Its result-cache row pointed to
 * `test/adapters/memory-result-cache.test.ts`, which is not in the package.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);
const doc = readFileSync(new URL('docs/extending.md', root), 'utf8');
const files: string[] = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')).files;
const shipped = files.filter((f) => !f.startsWith('!'));
const excluded = files.filter((f) => f.startsWith('!')).map((f) => f.slice(1));
const under = (path: string, entry: string) => path === entry || path.startsWith(`${entry}/`);

/** Paths under the repository's top-level folders, e.g. `test/adapters/x.test.ts`, `docs/adapters/memory.md`. */
const paths = [...new Set([...doc.matchAll(/(?<![\w./-])((?:test|tools|src|bench|examples|adapters|docs|dist|models|supabase|labels)\/[\w./-]*\w)/g)].map((m) => m[1]!))];

describe('docs/extending.md names only what a package user has', () => {
  it('finds the paths it names', () => {
    expect(paths).toContain('docs/adapters/memory.md');
  });

  it.each(paths)('%s is a docs page or shipped in the package', (path) => {
    const ok = path.startsWith('docs/') || (shipped.some((e) => under(path, e)) && !excluded.some((e) => under(path, e)));
    expect(ok, `${path} is neither under docs/ nor in package.json files`).toBe(true);
  });
});
