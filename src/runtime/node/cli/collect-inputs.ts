import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';

/** File extensions the CLI picks up when given a directory (case-insensitive). */
export const CAD_EXTENSIONS = new Set(['.step', '.stp', '.p21', '.iges', '.igs', '.brep', '.brp', '.stl', '.obj', '.ply', '.xyz']);

/**
 * Expands the CLI's positional arguments into a sorted list of files: files are kept as given
 * (whatever their extension, so intake can judge them), directories are walked recursively for
 * known CAD extensions. Paths that do not exist are kept so the input stage reports them.
 */
export async function collectInputs(paths: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    const info = await stat(p).catch(() => null);
    if (info?.isDirectory()) out.push(...(await walk(p)));
    else out.push(p);
  }
  return out;
}

async function walk(dir: string): Promise<string[]> {
  const found: string[] = [];
  const stack = [dir];
  while (stack.length > 0) {
    const current = stack.pop()!;
    const entries = await readdir(current, { withFileTypes: true });
    for (const entry of entries) {
      const full = join(current, entry.name);
      if (entry.isDirectory()) stack.push(full);
      else if (entry.isFile() && CAD_EXTENSIONS.has(extname(entry.name).toLowerCase())) found.push(full);
    }
  }
  return found.sort();
}
