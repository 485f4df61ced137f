/**
 * Extracts the MFCAD chunks (`<shared>/datasets/mfcad/*.tar.xz`) into a folder once: into a temporary
 * folder first, then renamed, so a crash never leaves half a set and concurrent callers (test workers,
 * the evaluator) never see one. Used by the tests' shared-data helper and by the evaluator.
 * @internal
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** Makes sure `target` holds the extracted MFCAD parts from `source`; returns `target`. */
export function ensureMfcadExtracted(source: string, target: string): string {
  if (existsSync(target)) return target;
  const tmp = `${target}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  // nice: extraction is long and CPU-bound; the machines are shared.
  for (const chunk of readdirSync(source).filter((f) => f.endsWith('.tar.xz')).sort()) execFileSync('nice', ['-n', '10', 'tar', '-xJf', join(source, chunk), '-C', tmp]);
  try {
    renameSync(tmp, target);
  } catch {
    // Another process won the race: its copy is complete.
    rmSync(tmp, { recursive: true, force: true });
  }
  return target;
}
