/**
 * Re-chooses, in one command, Tier 2's real-part calibration and the tier-combination rule after either
 * tier changed:
 *
 * 1. collects face records on the dev data (`collect-face-records.ts`: the 24 real `tune` files and
 *    the generated dev parts of `--gen-dir`, the folder `measure-rule-precision.ts --synthetic` measured, so that
 *    step 4 can take those parts' counts out of `rule-precision.json`) — skipped with `--reuse` when the record
 *    files exist;
 * 2. Tier 2's calibration: counts each rule on the real files and picks the weight of the generated-part
 *    prior (`REAL_PRIOR_FACES`) that minimises the face Brier score, real files scored leave-one-file-out
 *    (each file with counts from the other files), generated parts with all the counts, both sets weighing
 *    the same; writes `src/stages/recognize/tier2-heuristics/rule-precision-real.ts` (not with `--dry-run`);
 * 3. measures every combination variant with those probabilities on both sets, estimates how the choice
 *    generalises (leave-one-file-out: the variant chosen without a file, scored on that file) and names
 *    the best (mean of the two sets' accuracy; within 0.1 points, the one with fewer knobs);
 * 4. fits the pass-aware face probability model for the shipped rule (`pass-aware-fit.ts`: final classes after
 *    the passes, out-of-fold Tier 2 precisions, grouped cross-validation) and writes
 *    `src/stages/recognize/face-context-model.ts` (not with `--dry-run`);
 * 5. writes the tables to `tools/calibration/results/combination-rechoice.md`.
 *
 * `--prior-weight K` forces the prior weight (`Infinity`: the generated precisions alone, no real correction).
 * The rule itself is code (`DEFAULT_TIER_COMBINATION`): change it by hand when the named best differs.
 *
 * ```sh
 * npx tsx tools/calibration/rechoose-combination.ts --gen-dir DIR [--reuse] [--dry-run] [--gen-limit 400] [--prior-weight K] [--model cadlens-ft]
 * ```
 * Only dev data: never the real `validation` files, never the generated seed-1 set.
 * @internal
 */
import { execFileSync, execSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_TIER_COMBINATION, type TierCombinationRule } from '../../src/stages/recognize/combine-tiers.js';
import { AAGNET_CALIBRATION, AAGNET_FT_CALIBRATION } from '../../src/inference/index.js';
import { REAL_PRIOR_FACES } from '../../src/stages/recognize/tier2-heuristics/rule-precision-real.js';
import { readFaceRecords, type FaceRecord } from './face-records.js';
import { learnPerClassTrust, measureVariant, type Measured, type Variant } from './combination-measure.js';
import { countRules, countsTable, recalibrateTier2, type RuleCounts } from './tier2-real-precision.js';
import { passAwareReport } from './pass-aware-fit.js';

const REPO = resolve(import.meta.dirname, '..', '..');
/** Prior weights tried for Tier 2's real-part correction (faces); Infinity = generated precisions alone. */
const PRIOR_WEIGHTS = [0, 5, 10, 20, 50, 100, 200, Infinity];

const { values } = parseArgs({
  options: {
    reuse: { type: 'boolean', default: false },
    'dry-run': { type: 'boolean', default: false },
    'gen-dir': { type: 'string' },
    'gen-limit': { type: 'string', default: '400' },
    'records-dir': { type: 'string', default: join(REPO, '.cache', 'calibration') },
    'prior-weight': { type: 'string' },
    model: { type: 'string', default: 'mfinstseg' },
  },
});
if (values.model !== 'mfinstseg' && values.model !== 'cadlens-ft') throw new Error('--model mfinstseg|cadlens-ft');
/** Tier 1's temperature: the calibration of the network the records were collected with. */
const T = (values.model === 'cadlens-ft' ? AAGNET_FT_CALIBRATION : AAGNET_CALIBRATION).temperature;
if (!values['gen-dir']) throw new Error('--gen-dir DIR (the generated dev parts the rule precisions were measured on) is required');
if (/\/gen\/val\b|seed-?1\b/.test(values['gen-dir'])) throw new Error('the validation set is not for choosing');
const started = Date.now();
const recordsDir = values['records-dir']!;
mkdirSync(recordsDir, { recursive: true });
const realPath = join(recordsDir, 'faces-real-tune.jsonl');
const genPath = join(recordsDir, 'faces-gen-dev.jsonl');

function collect(out: string, args: string[]): void {
  if (values.reuse && existsSync(out)) return;
  const tool = join(REPO, 'tools', 'calibration', 'collect-face-records.ts');
  execFileSync('npx', ['tsx', tool, ...args, '--out', out], { stdio: 'inherit', cwd: REPO });
}
collect(realPath, ['--set', 'realworld', '--model', values.model!]);
collect(genPath, ['--set', 'synthetic', '--dir', values['gen-dir']!, '--limit', values['gen-limit']!, '--model', values.model!]);
const collectedS = (Date.now() - started) / 1000;
const real = readFaceRecords(realPath);
const gen = readFaceRecords(genPath);
if (!real.some((r) => r.t2Rule !== undefined)) throw new Error(`${realPath} has no t2Rule: collect again (without --reuse)`);
const realCounts = countRules(real);

/** Both record sets with Tier 2's probabilities under prior weight `k` (real: leave-one-file-out). */
function calibrated(k: number): { real: FaceRecord[]; gen: FaceRecord[] } {
  const counts: RuleCounts = Number.isFinite(k) ? realCounts : new Map();
  return { real: recalibrateTier2(real, counts, k, Number.isFinite(k), real), gen: recalibrateTier2(gen, counts, k, false, real) };
}

const pct = (x: number) => (100 * x).toFixed(1);
const num = (x: number | null, d = 3) => (x === null ? 'n/a' : x.toFixed(d));
const lines: string[] = [];
const say = (l = '') => {
  lines.push(l);
  console.log(l);
};
let commit = 'unknown';
try {
  commit = execSync('git rev-parse --short HEAD', { cwd: REPO }).toString().trim();
} catch {
  /* not a checkout */
}
say(`# Tier combination and Tier 2 calibration, re-chosen on the dev data`);
say();
say(`Written by \`npx tsx tools/calibration/rechoose-combination.ts\` (commit ${commit}, ${new Date().toISOString().slice(0, 16)} UTC). Records: ${new Set(real.map((r) => r.part)).size} real tune files (${real.length} faces), ${new Set(gen.map((r) => r.part)).size} generated dev parts of ${values['gen-dir']} (${gen.length} faces). Accuracy over the faces whose truth is one of the 25 classes.`);
say();

// Step 2: Tier 2's calibration on real parts.
say(`## Tier 2's probabilities: generated-part precision corrected by real counts`);
say();
say(`p = (right + k·prior) / (faces + k) per rule (and class); real files scored leave-one-file-out. k = ∞ is the generated precision alone.`);
say();
say(`| prior weight k | real: ECE face / Brier / ECE part / r(conf, acc) / max conf of a ≤ 50 %-right body | generated: ECE face / Brier / ECE part / r(conf, acc) / max conf of a ≤ 50 %-right body |`);
say(`|---:|---|---|`);
const tier2Alone: Variant = { name: 'Tier 2', temperature: T, envelope: true, rule: 'tier2', knobs: 0 };
let bestK = Infinity, bestScore = Infinity;
for (const k of PRIOR_WEIGHTS) {
  const sets = calibrated(k);
  const mr = measureVariant(sets.real, tier2Alone), mg = measureVariant(sets.gen, tier2Alone);
  const cell = (m: Measured) => `${num(m.eceFace)} / ${num(m.brierFace)} / ${num(m.ecePart)} / ${num(m.confAccCorrelation, 2)} / ${num(m.maxConfidenceHalfWrong)}`;
  say(`| ${k} | ${cell(mr)} | ${cell(mg)} |`);
  const score = mr.brierFace + mg.brierFace;
  if (score < bestScore - 1e-9) {
    bestScore = score;
    bestK = k;
  }
}
if (values['prior-weight'] !== undefined) bestK = Number(values['prior-weight']);
say();
say(`Chosen: k = ${bestK}${values['prior-weight'] !== undefined ? ' (forced by --prior-weight)' : ''} (least real + generated Brier score; shipped before this run: ${REAL_PRIOR_FACES}).`);
say();
// k = ∞: no correction (an empty table).
if (!values['dry-run']) writeRealCounts(Number.isFinite(bestK) ? realCounts : new Map(), Number.isFinite(bestK) ? bestK : 0);

// Step 3: the combination variants, with Tier 2's probabilities as they will ship.
const sets = calibrated(bestK);
const rule = (r: Partial<TierCombinationRule>): TierCombinationRule => ({ ...DEFAULT_TIER_COMBINATION, ...r });
const variants: Variant[] = [
  { name: 'Tier 1 (calibrated + envelope)', temperature: T, envelope: true, rule: 'tier1', knobs: 0 },
  tier2Alone,
  { name: 'shipped rule (DEFAULT_TIER_COMBINATION)', temperature: T, envelope: true, rule: DEFAULT_TIER_COMBINATION, knobs: 2 },
];
for (const p1 of [0.5, 0.8, 0.9, 0.95])
  variants.push({ name: `T1 primary: T1 where p1 ≥ ${p1}, else the surer; T2 stock wins`, temperature: T, envelope: true, rule: rule({ primaryTier: 1, secondaryTier: 2, minPrimaryProbability: p1, minSecondaryProbability: 0, secondaryStock: true, secondaryWhereOtherFeature: false }), knobs: 2 });
for (const stock of ['no', 'always', 'surer'] as const)
  for (const p2 of [0, 0.3, 0.5, 0.7, 0.9])
    for (const p1 of [0, 0.5, 0.8, 0.9]) {
      const where = `T2 says other_feature${p2 > 0 ? ` or T2 p < ${p2} (and T1 surer)` : ''}`;
      const secondaryStock = stock !== 'no';
      variants.push({
        name: `T2 primary: T1 where ${where}${p1 > 0 ? `, if T1 p ≥ ${p1}` : ''}${stock === 'always' ? '; T1 stock wins' : stock === 'surer' ? '; T1 stock wins where T1 is surer' : ''}`,
        temperature: T,
        envelope: true,
        rule: rule({ primaryTier: 2, secondaryTier: 1, minPrimaryProbability: p2, minSecondaryProbability: p1, secondaryStock, secondaryStockWhenSurer: stock === 'surer', secondaryWhereOtherFeature: true }),
        knobs: 1 + (p2 > 0 ? 1 : 0) + (p1 > 0 ? 1 : 0) + (secondaryStock ? 1 : 0),
      });
    }
const measured = variants.map((v) => ({ v, real: measureVariant(sets.real, v), gen: measureVariant(sets.gen, v) }));

// Per-class trust (about 25 knobs): learned without the file (real) or half (generated) it is scored on.
const perClass = perClassTrustHeldOut(sets.real, sets.gen);

const score = (m: { real: Measured; gen: Measured }) => (m.real.accuracy + m.gen.accuracy) / 2;
const ranked = [...measured].filter((m) => typeof m.v.rule === 'object').sort((a, b) => score(b) - score(a));
const top = score(ranked[0]);
const best = ranked.filter((m) => score(m) >= top - 0.001).sort((a, b) => a.v.knobs - b.v.knobs || score(b) - score(a))[0];

say(`## Combination variants (Tier 2 probabilities with k = ${bestK})`);
say();
say(`| variant | knobs | real tune: acc % / stock → feature % / ECE face / ECE part / r(conf, acc) / max conf ≤ 50 % right / faces not from primary | generated dev: same |`);
say(`|---|---:|---|---|`);
const cell = (m: Measured) =>
  `${pct(m.accuracy)} / ${pct(m.stockFeatureMeanShare)} / ${num(m.eceFace)} / ${num(m.ecePart)} / ${num(m.confAccCorrelation, 2)} / ${num(m.maxConfidenceHalfWrong)} / ${m.secondaryFaces}`;
for (const m of measured) say(`| ${m === best ? `**${m.v.name}**` : m.v.name} | ${m.v.knobs} | ${cell(m.real)} | ${cell(m.gen)} |`);
say(`| per-class trust (T1 for the classes where it beat T2 on training faces; held out) | ~25 | ${pct(perClass.real)} | ${pct(perClass.gen)} |`);
say();

// Leave-one-file-out: how the choice among the rules generalises to a real file it did not see.
const lofo = leaveOneFileOut(ranked);
say(`## How the choice generalises (leave one real file out)`);
say();
say(`For each real file: the rule with the best mean of (generated accuracy, accuracy on the other real files), scored on the file left out.`);
say();
say(`- in-sample best on real tune: ${pct(Math.max(...ranked.map((m) => m.real.accuracy)))} %; chosen rule on real tune: ${pct(best.real.accuracy)} %`);
say(`- leave-one-file-out estimate of the chosen-rule procedure on real tune: ${pct(lofo.accuracy)} %`);
say(`- rules chosen across the ${lofo.folds} folds: ${[...lofo.chosen].map(([n, c]) => `${n} (${c})`).join('; ')}`);
say();
say(`**Best: ${best.v.name}** (real ${pct(best.real.accuracy)} %, generated ${pct(best.gen.accuracy)} %, ${best.v.knobs} knobs) — rule: \`${JSON.stringify(best.v.rule)}\`.`);
say();
// Step 4: the pass-aware face probability model for the shipped rule, Tier 2 as it will ship (prior weight
// bestK), fitted on out-of-fold Tier 2 precisions and measured by grouped cross-validation (pass-aware-fit.ts).
const studyOptions = { temperature: T, folds: 5, realPriorFaces: bestK };
for (const l of passAwareReport(real, gen, [], studyOptions, values['dry-run'] ? null : join(REPO, 'src', 'stages', 'recognize', 'face-context-model.ts'), commit)) say(l);
say();
say(`Time: ${Math.round((Date.now() - started) / 1000)} s (collecting the records: ${Math.round(collectedS)} s${values.reuse ? ', --reuse' : ''}).`);
const out = join(REPO, 'tools', 'calibration', 'results', 'combination-rechoice.md');
if (!values['dry-run']) writeFileSync(out, lines.join('\n') + '\n');

function perClassTrustHeldOut(realRecs: FaceRecord[], genRecs: FaceRecord[]): { real: number; gen: number } {
  const files = [...new Set(realRecs.map((r) => r.part))];
  let right = 0, counted = 0;
  for (const f of files) {
    const train = [...genRecs, ...realRecs.filter((r) => r.part !== f)];
    const m = measureVariant(
      realRecs.filter((r) => r.part === f),
      { name: 'per-class', temperature: T, envelope: true, rule: learnPerClassTrust(train, T, true), knobs: 25 },
    );
    right += m.accuracy * m.faces;
    counted += m.faces;
  }
  const names = [...new Set(genRecs.map((r) => r.part))].sort();
  const half = new Set(names.filter((_, i) => i % 2 === 0));
  let gRight = 0, gCounted = 0;
  for (const inHalf of [true, false]) {
    const test = genRecs.filter((r) => half.has(r.part) === inHalf);
    const train = [...realRecs, ...genRecs.filter((r) => half.has(r.part) !== inHalf)];
    const m = measureVariant(test, { name: 'per-class', temperature: T, envelope: true, rule: learnPerClassTrust(train, T, true), knobs: 25 });
    gRight += m.accuracy * m.faces;
    gCounted += m.faces;
  }
  return { real: right / Math.max(1, counted), gen: gRight / Math.max(1, gCounted) };
}

function leaveOneFileOut(rules: { v: Variant; real: Measured; gen: Measured }[]): { accuracy: number; folds: number; chosen: Map<string, number> } {
  const files = [...rules[0].real.perFile.keys()];
  const chosen = new Map<string, number>();
  let right = 0, counted = 0;
  for (const f of files) {
    let pick = rules[0], pickScore = -Infinity;
    for (const m of rules) {
      let r = 0, c = 0;
      for (const [name, x] of m.real.perFile) if (name !== f) ((r += x.right), (c += x.counted));
      const s = (m.gen.accuracy + r / Math.max(1, c)) / 2;
      if (s > pickScore + 1e-3 || (s > pickScore - 1e-3 && m.v.knobs < pick.v.knobs)) ((pick = m), (pickScore = Math.max(s, pickScore)));
    }
    chosen.set(pick.v.name, (chosen.get(pick.v.name) ?? 0) + 1);
    const x = pick.real.perFile.get(f)!;
    right += x.right;
    counted += x.counted;
  }
  return { accuracy: right / Math.max(1, counted), folds: files.length, chosen };
}

function writeRealCounts(counts: RuleCounts, k: number): void {
  const table = countsTable(counts);
  const body = Object.entries(table).map(([key, c]) => `  ${JSON.stringify(key)}: { faces: ${c.faces}, right: ${c.right} },`);
  writeFileSync(
    join(REPO, 'src', 'stages', 'recognize', 'tier2-heuristics', 'rule-precision-real.ts'),
    `/**
 * Tier 2's rules counted on real parts (the \`tune\` files of \`labels/realworld/split.json\`): per rule (key
 * \`rule\`) and per (rule, class) pair (key \`rule|class\`), the faces it labelled and how many were right.
 * They correct the generated-part precisions of \`rule-precision.ts\` (see \`measuredPrecision\`). Written by
 * \`tools/calibration/rechoose-combination.ts\` — do not edit by hand. Counted on ${new Set(real.map((r) => r.part)).size} real tune files, commit ${commit}, ${new Date().toISOString().slice(0, 10)}.
 * @internal
 */

/** How many real faces the generated precision weighs as a prior (chosen on the dev data: least Brier score, real files left out one at a time). */
export const REAL_PRIOR_FACES = ${k};

export const REAL_RULE_COUNTS: Readonly<Record<string, { faces: number; right: number }>> = Object.freeze({
${body.join('\n')}
});
`,
  );
}
