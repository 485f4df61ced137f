import { existsSync, readdirSync } from 'node:fs';
import { ensureMfcadExtracted } from '../../tools/datasets/extract-mfcad.js';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';

/** The repository root. */
export const REPO_DIR = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The read-only shared folder (datasets, reference models): `CADLENS_SHARED_DIR` when set (relative to the
 * working directory), else `../shared` beside the repository — so a clone outside the usual layout can
 * still run the dataset tests.
 */
export function sharedDirFrom(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.CADLENS_SHARED_DIR?.trim();
  return fromEnv ? resolve(fromEnv) : resolve(REPO_DIR, '..', 'shared');
}

/** The shared folder for this run (see {@link sharedDirFrom}). */
export const SHARED_DIR = sharedDirFrom();
/** `datasets/realworld` inside {@link SHARED_DIR}. */
export const REALWORLD_DIR = join(SHARED_DIR, 'datasets', 'realworld');

/** True when the shared folder is present; tests that need it skip with a visible reason otherwise. */
export const HAS_SHARED = existsSync(SHARED_DIR);
/** The reason printed in the name of tests skipped for a missing shared folder (the run's summary groups by it). */
export const NO_SHARED_REASON = `shared data not found at ${SHARED_DIR} (set CADLENS_SHARED_DIR)`;

/** `title`, with the skip reason appended when the shared folder is absent (for `describe.skipIf(!HAS_SHARED)`). */
export function sharedTitle(title: string): string {
  return HAS_SHARED ? title : `${title} — skipped: ${NO_SHARED_REASON}`;
}

/**
 * The MFCAD parts, extracted once from <shared>/datasets/mfcad/*.tar.xz into .cache/mfcad
 * (git-ignored; extracted to a temporary folder and renamed, so a crash never leaves half a set).
 * Returns the folder, or null when the shared folder is absent.
 */
export function mfcadDir(): string | null {
  const source = join(SHARED_DIR, 'datasets', 'mfcad');
  if (!existsSync(source)) return null;
  return ensureMfcadExtracted(source, join(REPO_DIR, '.cache', 'mfcad'));
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
