/**
 * The split of the labelled real-world parts into a tuning and a validation portion
 * (`labels/realworld/split.json`): recognition work may be measured on `tune` as often as it likes; the
 * `validation` files are evaluated only for the final numbers.
 * @internal
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EvalError } from './eval-error.js';

export type RealworldPortion = 'tune' | 'validation';

/** The split file's rule text and the portion of each label file (by name without `.json`). */
export function readRealworldSplit(labelsDir: string): { rule: string; portionOf: Map<string, RealworldPortion> } {
  const path = join(labelsDir, 'split.json');
  if (!existsSync(path)) throw new EvalError('EVAL_DATA_MISSING', `no split file ${path}: --split needs it`);
  const file = JSON.parse(readFileSync(path, 'utf8')) as { format?: string; rule?: string; tune?: string[]; validation?: string[] };
  if (file.format !== 'cadlens-realworld-split/1' || !Array.isArray(file.tune) || !Array.isArray(file.validation))
    throw new EvalError('EVAL_LABELS_INVALID', `${path} is not a cadlens-realworld-split/1 file`);
  const portionOf = new Map<string, RealworldPortion>();
  for (const portion of ['tune', 'validation'] as const)
    for (const name of file[portion]!) {
      if (portionOf.has(name)) throw new EvalError('EVAL_LABELS_INVALID', `${path}: ${name} is in both portions`);
      portionOf.set(name, portion);
    }
  return { rule: file.rule ?? '', portionOf };
}
