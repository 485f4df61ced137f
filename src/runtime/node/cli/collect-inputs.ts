import { readdir, stat } from 'node:fs/promises';
import { extname, isAbsolute, join } from 'node:path';

/** File extensions the CLI picks up when given a directory (case-insensitive). */
export const CAD_EXTENSIONS = new Set(['.step', '.stp', '.p21', '.iges', '.igs', '.brep', '.brp', '.stl', '.obj', '.ply', '.xyz']);

/** What the CLI's positional arguments expand to. */
export interface CollectedInputs {
  /** Files to analyse, in argument order (each directory's and pattern's files sorted). */
  files: string[];
  /** Glob patterns that matched no file. */
  unmatched: string[];
}

/**
 * Expands the CLI's positional arguments: files are kept as given (whatever their extension, so intake
 * can judge them), directories are walked recursively for known CAD extensions, and an argument that
 * is no existing path but a glob pattern (`'parts/*.step'`, quoted so the shell left it alone, or a
 * shell without globbing) is expanded to the files it matches. A plain path that does not exist is
 * kept so the input stage reports it; a file named twice is analysed once.
 */
export async function collectInputs(paths: readonly string[]): Promise<CollectedInputs> {
  const files: string[] = [];
  const unmatched: string[] = [];
  for (const p of paths) {
    const info = await stat(p).catch(() => null);
    if (info?.isDirectory()) files.push(...(await walk(p)));
    else if (info === null && (await isGlobPattern(p))) {
      const matches = await expandGlob(p);
      if (matches.length === 0) unmatched.push(p);
      files.push(...matches);
    } else files.push(p);
  }
  return { files: [...new Set(files)], unmatched };
}

// tinyglobby (a small, maintained glob on fdir + picomatch; Node 20 has no fs.glob) is loaded only when
// an argument is a pattern.
async function isGlobPattern(p: string): Promise<boolean> {
  if (!/[*?[\]{}()!+@]/.test(p)) return false;
  const { isDynamicPattern } = await import('tinyglobby');
  return isDynamicPattern(p);
}

async function expandGlob(pattern: string): Promise<string[]> {
  const { glob } = await import('tinyglobby');
  const found = await glob(pattern, { onlyFiles: true, absolute: isAbsolute(pattern), expandDirectories: false });
  return found.sort();
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
