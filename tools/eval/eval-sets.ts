/**
 * What each evaluation set is made of: the items (part files and their label files) of `mfcad`,
 * `synthetic`, `realworld` and `stl`, in a deterministic order.
 * @internal
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { EvalError } from './eval-error.js';
import { mfcadDir, mfcadSplit } from './mfcad-split.js';
import { readRealworldSplit } from './realworld-split.js';

/** The evaluation sets. */
export type SetName = 'mfcad' | 'synthetic' | 'realworld' | 'stl';
export const SET_NAMES: readonly SetName[] = ['mfcad', 'synthetic', 'realworld', 'stl'];

/** One part to evaluate. */
export type EvalItem =
  | { kind: 'mfcad'; name: string; stepPath: string; labelsPath: string }
  | { kind: 'synthetic'; name: string; stepPath: string; labelsPath: string }
  | { kind: 'realworld'; name: string; labelsPath: string; partsDir: string }
  | { kind: 'stl'; name: string; stlPath: string; labelsPath: string; faceLabelsPath: string | null };

/** Where a set's files are. */
export interface SetLocation {
  set: SetName;
  /** mfcad: extracted parts; synthetic / stl: generator output; realworld: the STEP parts. */
  dir?: string;
  /** realworld: the label files. */
  labelsDir?: string;
  /** mfcad: `validation` (default), `tune` or `all`; realworld: `all` (default), `tune` or `validation` (labels/realworld/split.json). */
  split?: 'validation' | 'tune' | 'all';
}

const names = (dir: string, ext: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith(ext))
    .map((f) => f.slice(0, -ext.length))
    .sort();

function needDir(dir: string | undefined, what: string): string {
  if (!dir) throw new EvalError('EVAL_BAD_ARGUMENTS', `--set ${what} needs --dir`);
  if (!existsSync(dir)) throw new EvalError('EVAL_DATA_MISSING', `${what} folder ${dir} does not exist`);
  return dir;
}

/**
 * The items of a set.
 * @throws EvalError `EVAL_DATA_MISSING` (folders, or a part file without its label file), `EVAL_BAD_ARGUMENTS`
 */
export function listSet(loc: SetLocation, repo: string): { dir: string; items: EvalItem[] } {
  switch (loc.set) {
    case 'mfcad': {
      const dir = mfcadDir(repo, loc.dir);
      const split = loc.split ?? 'validation';
      const items = names(dir, '.step')
        .filter((n) => split === 'all' || mfcadSplit(n) === split)
        .map((name) => ({ kind: 'mfcad' as const, name, stepPath: join(dir, `${name}.step`), labelsPath: join(dir, `${name}.face_truth`) }));
      return { dir, items };
    }
    case 'synthetic': {
      const dir = needDir(loc.dir, 'synthetic');
      const items = names(dir, '.step').map((name) => {
        const labelsPath = join(dir, `${name}.json`);
        if (!existsSync(labelsPath)) throw new EvalError('EVAL_DATA_MISSING', `${name}.step has no label file ${name}.json`);
        return { kind: 'synthetic' as const, name, stepPath: join(dir, `${name}.step`), labelsPath };
      });
      return { dir, items };
    }
    case 'realworld': {
      const partsDir = loc.dir ?? join(repo, '..', 'shared', 'datasets', 'realworld', 'parts');
      const labelsDir = loc.labelsDir ?? join(repo, 'labels', 'realworld');
      if (!existsSync(labelsDir)) throw new EvalError('EVAL_DATA_MISSING', `label folder ${labelsDir} does not exist`);
      if (!existsSync(partsDir)) throw new EvalError('EVAL_DATA_MISSING', `parts folder ${partsDir} does not exist`);
      const split = loc.split ?? 'all';
      const portionOf = split === 'all' ? null : readRealworldSplit(labelsDir).portionOf;
      const items = names(labelsDir, '.json')
        .filter((name) => name !== 'split')
        .filter((name) => portionOf === null || portionOf.get(name) === split)
        .map((name) => ({ kind: 'realworld' as const, name, labelsPath: join(labelsDir, `${name}.json`), partsDir }));
      return { dir: partsDir, items };
    }
    case 'stl': {
      const dir = needDir(loc.dir, 'stl');
      const items = names(dir, '.stl').map((name) => {
        const labelsPath = join(dir, `${name}.stl.labels.json`);
        if (!existsSync(labelsPath)) throw new EvalError('EVAL_DATA_MISSING', `${name}.stl has no label file ${name}.stl.labels.json`);
        const faceLabelsPath = join(dir, `${name}.json`);
        return { kind: 'stl' as const, name, stlPath: join(dir, `${name}.stl`), labelsPath, faceLabelsPath: existsSync(faceLabelsPath) ? faceLabelsPath : null };
      });
      return { dir, items };
    }
  }
}
