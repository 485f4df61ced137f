import { lstat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { CadlensError } from 'cadlens';

/**
 * Resolves `name` (a relative path made of `/`-separated parts) inside `root` and proves it
 * cannot escape: absolute names, `..` parts, NUL bytes and backslashes are rejected, and every
 * existing component below `root` is `lstat`-ed so a symlink planted inside the store directory
 * cannot redirect writes elsewhere.
 *
 * @throws CadlensError `STORE_PATH_ESCAPE` (permanent) when the name would leave `root`.
 * @internal
 */
export async function resolveInside(root: string, name: string): Promise<string> {
  const reject = (reason: string): never => {
    throw new CadlensError('STORE_PATH_ESCAPE', `store path rejected: ${reason}`, {
      kind: 'permanent',
      stage: 'storage',
      details: { reason },
    });
  };
  if (name.length === 0) reject('empty name');
  if (name.includes('\0')) reject('NUL byte in name');
  if (name.includes('\\')) reject('backslash in name');
  if (isAbsolute(name)) reject('absolute name');
  const parts = name.split('/');
  for (const p of parts) if (p === '..' || p === '.' || p === '') reject(`"${p}" path component`);
  const full = resolve(root, ...parts);
  const rel = relative(root, full);
  if (rel.startsWith('..') || isAbsolute(rel)) reject('resolves outside the store directory');
  // No component below root may be a symlink (missing components are fine: they will be created).
  let cur = root;
  for (const p of rel.split(sep)) {
    cur = join(cur, p);
    try {
      const st = await lstat(cur);
      if (st.isSymbolicLink()) reject('symlink inside the store directory');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') break;
      throw e;
    }
  }
  return full;
}

/**
 * Encodes an arbitrary key (a breaker name) as one safe file-name part. Keys that try to be a
 * path out of the directory (absolute, a `.`/`..` component, a NUL byte) are rejected rather than
 * encoded, so callers learn about the mistake; every other character is percent-encoded.
 *
 * @throws CadlensError `STORE_PATH_ESCAPE` (permanent).
 * @internal
 */
export function keyToFileName(key: string): string {
  const parts = key.split(/[\\/]/);
  if (key === '' || key.includes('\0') || isAbsolute(key) || parts.some((p) => p === '.' || p === '..')) {
    throw new CadlensError('STORE_PATH_ESCAPE', 'store key rejected: it would name a path outside the store', {
      kind: 'permanent',
      stage: 'storage',
      details: { reason: 'path-like key' },
    });
  }
  return encodeURIComponent(key).replace(/[*!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).replace(/^\./, '%2E');
}
