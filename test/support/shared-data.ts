import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** The read-only shared folder beside the repository (datasets, reference models). */
export const SHARED_DIR = fileURLToPath(new URL('../../../shared', import.meta.url));
/** The repository root. */
export const REPO_DIR = fileURLToPath(new URL('../..', import.meta.url));

/** True when ../shared is present; tests that need it skip with a visible reason otherwise. */
export const HAS_SHARED = existsSync(SHARED_DIR);
/** The reason printed in the name of tests skipped for a missing ../shared. */
export const NO_SHARED_REASON = `../shared not found at ${SHARED_DIR}: dataset tests skipped`;

/**
 * The MFCAD parts, extracted once from ../shared/datasets/mfcad/*.tar.xz into .cache/mfcad
 * (git-ignored; extracted to a temporary folder and renamed, so a crash never leaves half a set).
 * Returns the folder, or null when ../shared is absent.
 */
export function mfcadDir(): string | null {
  const source = join(SHARED_DIR, 'datasets', 'mfcad');
  if (!existsSync(source)) return null;
  const target = join(REPO_DIR, '.cache', 'mfcad');
  if (existsSync(target)) return target;
  const tmp = `${target}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  for (const chunk of readdirSync(source).filter((f) => f.endsWith('.tar.xz')).sort()) {
    execFileSync('tar', ['-xJf', join(source, chunk), '-C', tmp]);
  }
  try {
    renameSync(tmp, target);
  } catch {
    // Another test process won the race: its copy is complete.
    rmSync(tmp, { recursive: true, force: true });
  }
  return target;
}

/** MFCAD part names (without extension), sorted. */
export function mfcadNames(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.step'))
    .map((f) => f.slice(0, -5))
    .sort();
}

/** The evaluations' deterministic sample (every k-th name of the sorted list), so CI checks the same parts. */
export { evenSample } from '../../tools/eval/dataset-sampling.js';
