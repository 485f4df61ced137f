/**
 * The realworld part files whose names start with one of the given prefixes (`D21,D22` → D21__…, D22__…), sorted,
 * as full paths — the selection the recognition-time dev tools take as their first argument.
 * @internal
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { REALWORLD_DIR } from '../../test/support/shared-data.js';

export function realworldPartFiles(prefixes: readonly string[]): { name: string; path: string }[] {
  const dir = join(REALWORLD_DIR, 'parts');
  return readdirSync(dir)
    .filter((f) => prefixes.some((m) => f.startsWith(m)))
    .sort()
    .map((name) => ({ name, path: join(dir, name) }));
}
