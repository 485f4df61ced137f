/**
 * The MFCAD split used by every MFCAD evaluation: FNV-1a 32-bit hash of the part name (UTF-16 code
 * units), `% 10 < 7` → `tune` (70 %: Tier 2's rules were tuned on it), else `validation` (30 %,
 * 3,972 of the 13,214 parts). It is the split of the earlier Tier 2 evaluation, kept so its numbers
 * stay comparable; Tier 1 was trained on MFInstSeg, not MFCAD, so every MFCAD part is held out for it
 * (its earlier report used `% 5 === 0`, a disjoint 20 %, and all parts).
 * @internal
 */
import { existsSync } from 'node:fs';
import { ensureMfcadExtracted } from '../datasets/extract-mfcad.js';
import { join } from 'node:path';
import { fnv1a } from './dataset-sampling.js';
import { EvalError } from './eval-error.js';

/** Which portion an MFCAD part belongs to. */
export type MfcadPortion = 'tune' | 'validation';

/** The portion of a part name. */
export function mfcadSplit(name: string): MfcadPortion {
  return fnv1a(name) % 10 < 7 ? 'tune' : 'validation';
}

/**
 * The extracted MFCAD folder: `dir` when given, else `<repo>/.cache/mfcad`, extracted from
 * `../shared/datasets/mfcad/*.tar.xz` on first use (into a temporary folder, then renamed, so a
 * crash never leaves half a set).
 * @throws EvalError `EVAL_DATA_MISSING` when neither is there
 */
export function mfcadDir(repo: string, dir?: string): string {
  if (dir) {
    if (!existsSync(dir)) throw new EvalError('EVAL_DATA_MISSING', `MFCAD folder ${dir} does not exist`);
    return dir;
  }
  const target = join(repo, '.cache', 'mfcad');
  if (existsSync(target)) return target;
  const source = join(repo, '..', 'shared', 'datasets', 'mfcad');
  if (!existsSync(source)) throw new EvalError('EVAL_DATA_MISSING', `MFCAD not found: neither ${target} nor ${source} exists`);
  return ensureMfcadExtracted(source, target);
}
