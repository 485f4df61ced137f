/**
 * The default pipeline scored against two labellers of the same real parts (labels/realworld and
 * labels/realworld/second-labeller, docs/labelling.md "Session 9" / "Session 22: second labeller"): per part, the
 * share of faces the two labellers agree on (the ceiling one set of labels allows), the pipeline's per-face accuracy
 * against each, and against *either* — a face counts right when the pipeline's class is one a labeller following the
 * guide gave it. Faces either labeller calls `other_feature`, or leaves out, are not counted (as in the evaluator).
 *
 *   npx tsx tools/eval/two-labeller-score.ts --split tune            # dev: the second-labelled tune parts
 *   npx tsx tools/eval/two-labeller-score.ts --split validation      # held out: only for the final measurement
 * @internal
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import { createNodeAnalyzer } from '../../src/node.js';
import { bindRealworldTruth, readRealworldLabels } from './readers/realworld-reader.js';
import { readRealworldSplit } from './realworld-split.js';
import { NOT_COUNTED, TRUTH_CLASS_NAMES } from './part-truth.js';

const OTHER_FEATURE = 25;

/** Counts of one part (they add up over parts). */
export interface TwoLabellerCounts {
  faces: number;
  labellersAgree: number;
  rightByFirst: number;
  rightBySecond: number;
  rightByEither: number;
}

/**
 * Counts faces labelled by both files with a class other than `other_feature`; `predicted[i]` is the pipeline's
 * class name of face i (undefined: no answer).
 */
export function countTwoLabellers(first: Int32Array, second: Int32Array, predicted: readonly (string | undefined)[]): TwoLabellerCounts {
  const c: TwoLabellerCounts = { faces: 0, labellersAgree: 0, rightByFirst: 0, rightBySecond: 0, rightByEither: 0 };
  for (let i = 0; i < first.length; i++) {
    const a = first[i], b = second[i];
    if (a === NOT_COUNTED || b === NOT_COUNTED || a === OTHER_FEATURE || b === OTHER_FEATURE) continue;
    const p = predicted[i];
    const byA = p === TRUTH_CLASS_NAMES[a], byB = p === TRUTH_CLASS_NAMES[b];
    c.faces++;
    if (a === b) c.labellersAgree++;
    if (byA) c.rightByFirst++;
    if (byB) c.rightBySecond++;
    if (byA || byB) c.rightByEither++;
  }
  return c;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { split: { type: 'string', default: 'tune' } } });
  const repo = join(import.meta.dirname, '../..');
  const firstDir = join(repo, 'labels/realworld'), secondDir = join(firstDir, 'second-labeller');
  const partsDir = process.env.CADLENS_SHARED_DIR ? join(process.env.CADLENS_SHARED_DIR, 'datasets/realworld/parts') : join(repo, '../shared/datasets/realworld/parts');
  if (!existsSync(partsDir)) throw new Error(`no real parts at ${partsDir}`);
  const { portionOf } = readRealworldSplit(firstDir);
  const names = readdirSync(secondDir)
    .filter((f) => /^D\d\d\.json$/.test(f))
    .map((f) => f.slice(0, -5))
    .filter((n) => values.split === 'all' || portionOf.get(n) === values.split)
    .sort();
  const analyzer = createNodeAnalyzer();
  const total: TwoLabellerCounts = { faces: 0, labellersAgree: 0, rightByFirst: 0, rightBySecond: 0, rightByEither: 0 };
  const pct = (x: number, n: number) => (n > 0 ? ((100 * x) / n).toFixed(1) : '—');
  const row = (name: string, c: TwoLabellerCounts) =>
    `| ${name} | ${c.faces} | ${pct(c.labellersAgree, c.faces)} | ${pct(c.rightByFirst, c.faces)} | ${pct(c.rightBySecond, c.faces)} | ${pct(c.rightByEither, c.faces)} |`;
  console.log(`Split ${values.split}: ${names.join(', ')}\n`);
  console.log('| part | faces | labellers agree % | pipeline = first % | pipeline = second % | pipeline = either % |');
  console.log('|---|---:|---:|---:|---:|---:|');
  try {
    for (const name of names) {
      const a = readRealworldLabels(join(firstDir, `${name}.json`)), b = readRealworldLabels(join(secondDir, `${name}.json`));
      const bytes = new Uint8Array(readFileSync(join(partsDir, a.file)));
      const part = buildPartFromStep(readStep(bytes));
      const first = bindRealworldTruth(part, bytes, a, name).faceClass, second = bindRealworldTruth(part, bytes, b, `${name} (second)`).faceClass;
      const { result } = await analyzer.analyzeDetailed(bytes, { name });
      const byStepId = new Map((result.recognition?.faces ?? []).filter((f) => f.stepId !== null).map((f) => [f.stepId!, f.className]));
      const predicted = part.faces.map((f) => (f.stepId === null ? undefined : byStepId.get(f.stepId)));
      const c = countTwoLabellers(first, second, predicted);
      for (const k of Object.keys(total) as (keyof TwoLabellerCounts)[]) total[k] += c[k];
      console.log(row(name, c));
    }
  } finally {
    await analyzer.dispose();
  }
  console.log(row('**pooled**', total));
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) await main();
