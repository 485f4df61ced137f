/**
 * Measures the precision of each Tier 2 rule — the share of the faces it labels whose class is right —
 * on generated dev parts and the MFCAD tuning portion, and writes it as the table Tier 2 takes its
 * per-face probabilities from (`src/stages/recognize/tier2-heuristics/rule-precision.ts`), plus the full
 * counts as JSON. Precision is Laplace-smoothed, (right + 1) / (faces + 2), so a rule seen on few faces
 * stays near 0.5 rather than at 0 or 1. A (rule, class) pair gets its own entry when it labelled at least
 * `MIN_PAIR_FACES` faces; otherwise the rule's entry applies.
 *
 * ```sh
 * npx tsx tools/tier2/measure-rule-precision.ts --synthetic /work/gen/dev [--synthetic-limit N] [--mfcad-limit 1000] [--dry-run]
 * ```
 * Never run it on validation data (the generated validation set, the MFCAD validation portion, real parts):
 * the numbers it writes are what Tier 2 reports as probabilities.
 * @internal
 */
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { execSync } from 'node:child_process';
import { createEvalTessellator, loadStepPart } from '../eval/tier2-data.js';
import { readSyntheticLabels } from '../eval/readers/synthetic-reader.js';
import { readMfcadLabels, bindMfcadTruth } from '../eval/readers/mfcad-reader.js';
import { bindByStepId } from '../eval/part-truth.js';
import { mfcadDir, mfcadSplit } from '../eval/mfcad-split.js';
import { evenSample } from '../eval/dataset-sampling.js';
import { recognizeFeatures, type HeuristicDetails } from '../../src/stages/recognize/tier2-heuristics/index.js';
import type { Part } from '../../src/model/index.js';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Faces a (rule, class) pair needs for an entry of its own. */
export const MIN_PAIR_FACES = 20;

type Counts = Map<string, { faces: number; right: number }>;

/** The rule behind every face of one Tier 2 answer: the feature's rule, `stock` or `fallback`. */
export function faceRules(part: Readonly<Part>): { rule: string; classId: number; className: string }[] {
  const out = recognizeFeatures(part);
  const rules = (out.details as unknown as HeuristicDetails).rules;
  const byFace = new Map<number, string>();
  out.features.forEach((f, i) => f.faces.forEach((x) => byFace.set(x, rules[i])));
  return out.faces.map((f) => ({ rule: byFace.get(f.faceIndex) ?? (f.classId === 24 ? 'stock' : 'fallback'), classId: f.classId, className: f.className }));
}

function count(counts: Counts, key: string, right: boolean) {
  const c = counts.get(key) ?? { faces: 0, right: 0 };
  c.faces++;
  if (right) c.right++;
  counts.set(key, c);
}

function tally(part: Part, truth: ArrayLike<number>, rules: Counts, pairs: Counts) {
  for (const [i, f] of faceRules(part).entries()) {
    const t = truth[i];
    if (t < 0) continue;
    count(rules, f.rule, t === f.classId);
    count(pairs, `${f.rule}|${f.className}`, t === f.classId);
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      synthetic: { type: 'string' },
      'synthetic-limit': { type: 'string' },
      'mfcad-dir': { type: 'string' },
      'mfcad-limit': { type: 'string', default: '1000' },
      'dry-run': { type: 'boolean', default: false },
    },
  });
  if (!values.synthetic) throw new Error('--synthetic DIR (generated dev parts) is required');
  const tess = createEvalTessellator();
  const rules: Counts = new Map(), pairs: Counts = new Map();
  const synNames = readdirSync(values.synthetic).filter((n) => n.endsWith('.step')).map((n) => n.slice(0, -5)).sort();
  const syn = values['synthetic-limit'] ? evenSample(synNames, Number(values['synthetic-limit'])) : synNames;
  for (const name of syn) {
    const part = await loadStepPart(new Uint8Array(readFileSync(join(values.synthetic, `${name}.step`))), tess);
    const labels = readSyntheticLabels(join(values.synthetic, `${name}.json`));
    tally(part, bindByStepId(part, labels.faces, () => true, name, false).faceClass, rules, pairs);
  }
  const mdir = mfcadDir(REPO, values['mfcad-dir']);
  const tune = readdirSync(mdir).filter((n) => n.endsWith('.step')).map((n) => n.slice(0, -5)).filter((n) => mfcadSplit(n) === 'tune').sort();
  const mf = evenSample(tune, Number(values['mfcad-limit']));
  for (const name of mf) {
    const part = await loadStepPart(new Uint8Array(readFileSync(join(mdir, `${name}.step`))), tess);
    tally(part, bindMfcadTruth(part, readMfcadLabels(join(mdir, `${name}.face_truth`)), name).faceClass, rules, pairs);
  }
  const smooth = (c: { faces: number; right: number }) => Math.round(((c.right + 1) / (c.faces + 2)) * 1000) / 1000;
  const table: Record<string, number> = {};
  for (const [k, c] of [...rules].sort()) table[k] = smooth(c);
  for (const [k, c] of [...pairs].sort()) if (c.faces >= MIN_PAIR_FACES) table[k] = smooth(c);
  let commit = 'unknown';
  try {
    commit = execSync('git rev-parse --short HEAD', { cwd: REPO }).toString().trim();
  } catch {
    /* not a checkout */
  }
  const measuredOn = `${syn.length} generated dev parts (${values.synthetic}) and ${mf.length} MFCAD tuning parts, commit ${commit}, ${new Date().toISOString().slice(0, 10)}`;
  const report = { measuredOn, minPairFaces: MIN_PAIR_FACES, rules: Object.fromEntries(rules), pairs: Object.fromEntries(pairs), table };
  console.log(JSON.stringify(report, null, 1));
  if (values['dry-run']) return;
  mkdirSync(join(REPO, 'tools', 'tier2', 'results'), { recursive: true });
  writeFileSync(join(REPO, 'tools', 'tier2', 'results', 'rule-precision.json'), JSON.stringify(report, null, 1) + '\n');
  const lines = Object.entries(table).map(([k, v]) => `  ${JSON.stringify(k)}: ${v},`);
  writeFileSync(
    join(REPO, 'src', 'stages', 'recognize', 'tier2-heuristics', 'rule-precision.ts'),
    `/**
 * Measured precision of each Tier 2 rule (key \`rule\`) and of each (rule, class) pair seen on at least
 * ${MIN_PAIR_FACES} faces (key \`rule|class\`): Laplace-smoothed share of the faces it labelled whose class was
 * right. Written by \`tools/tier2/measure-rule-precision.ts\` — do not edit by hand; rerun it after changing a
 * rule. Measured on ${measuredOn}. Counts: \`tools/tier2/results/rule-precision.json\`.
 * @internal
 */
export const RULE_PRECISION: Readonly<Record<string, number>> = Object.freeze({
${lines.join('\n')}
});
`,
  );
}

await main();
