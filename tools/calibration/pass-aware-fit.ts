/**
 * The pass-aware face probability model (`withPassAwareProbabilities`) fitted and measured honestly on dev
 * face records: every estimate is on parts that neither Tier 2's rule precisions nor the model saw.
 *
 * - generated dev parts: K folds by part; a fold's parts get Tier 2 probabilities from precisions counted
 *   without them (the MFCAD tuning counts plus the other folds' counts; the MFCAD counts are the shipped
 *   counts of `tools/tier2/results/rule-precision.json` less the records' own) and are scored with a model
 *   fitted on the other folds and the real files;
 * - real tune files: leave one file out (Tier 2's real correction and the model fitted without the file);
 * - optionally a second generated set of another seed: everything fitted on the first set and the real files,
 *   as it ships.
 *
 * The model is fitted on the out-of-fold probabilities, because on a user's part Tier 2's precisions are out
 * of sample too. Used by `calibration-cv.ts`, `fit-face-context.ts` and `rechoose-combination.ts`.
 * @internal
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { withRealCounts } from '../../src/stages/recognize/tier2-heuristics/classify-features.js';
import { FACE_CONTEXT_MODEL } from '../../src/stages/recognize/face-context-model.js';
import type { FaceContextModel } from '../../src/stages/recognize/face-context-confidence.js';
import type { FaceRecord } from './face-records.js';
import { countRules, subtractCounts, type RuleCounts } from './tier2-real-precision.js';
import { addCounts, countGenerated, pairKey, precisionTable, tableProbability, type Counts, type PrecisionOptions } from './rule-precision-table.js';
import { classNameOf, CLASS_COUNT, faceProbability, passAwareVector, pipelineFaces, score, PASS_AWARE_KEYS, type PipelineFace, type Scores } from './pipeline-faces.js';
import { fitWeightedLogistic } from './logistic-fit.js';
import { foldOfParts } from './part-folds.js';

const REPO = resolve(import.meta.dirname, '..', '..');

/**
 * How much the generated set weighs against the real one in the fit (each set's faces share its weight).
 * 2: the issue's calibration target is on generated parts; chosen by the cross-validated scores
 * (docs/recognition.md, "Session 6: calibrated face probabilities on generated parts").
 */
export const PASS_AWARE_GENERATED_WEIGHT = 2;

/** Options of {@link passAwareStudy}. */
export interface StudyOptions {
  temperature: number;
  folds: number;
  /** Tier 2's real-part prior weight (`REAL_PRIOR_FACES`). */
  realPriorFaces: number;
  generatedWeight?: number;
  precision?: PrecisionOptions;
  /** Fixed models to score beside the shipped one (e.g. an earlier shipped model); in sample where they were fitted on these sets. */
  compare?: readonly { name: string; model: FaceContextModel }[];
}

/** The record sets with Tier 2's probabilities as each estimate needs them. */
export interface ProbabilitySets {
  /** Generated records with precisions counted on all dev parts (as shipped; in sample). */
  inSample: FaceRecord[];
  /** Generated records, each fold's with precisions counted without it. */
  outOfFold: FaceRecord[];
  /** Real records, each file's with the real correction counted without it. */
  real: FaceRecord[];
  /** The second generated set with the shipped precisions. */
  second: FaceRecord[];
  /** Generated faces whose rebuilt in-sample probability equals the collected one (a check of the arithmetic). */
  reproduced: number;
}

/** Tier 2's probabilities of every set (see {@link ProbabilitySets}). */
export function probabilitySets(real0: readonly FaceRecord[], gen0: readonly FaceRecord[], second0: readonly FaceRecord[], folds: ReadonlyMap<string, number>, o: StudyOptions): ProbabilitySets {
  const shipped = JSON.parse(readFileSync(join(REPO, 'tools', 'tier2', 'results', 'rule-precision.json'), 'utf8')) as { rules: Record<string, { faces: number; right: number }>; pairs: Record<string, { faces: number; right: number }> };
  const shippedCounts: Counts = new Map([...Object.entries(shipped.rules), ...Object.entries(shipped.pairs)]);
  const devCounts = countGenerated(gen0);
  const mfcad = addCounts(shippedCounts, devCounts, -1);
  for (const [k, c] of mfcad) if (c.faces < 0 || c.right < 0) mfcad.set(k, { faces: Math.max(0, c.faces), right: Math.max(0, Math.min(c.right, c.faces)) });
  const realCounts = countRules(real0);
  const realPerFile = new Map<string, RuleCounts>();
  for (const part of new Set(real0.map((r) => r.part))) realPerFile.set(part, subtractCounts(realCounts, countRules(real0.filter((r) => r.part === part))));
  const assign = (records: readonly FaceRecord[], table: ReadonlyMap<string, number>, counts: (r: FaceRecord) => RuleCounts) =>
    records.map((r) => {
      if (r.t2Rule === undefined || r.t2Rule === 'none') return r;
      const prior = tableProbability(r, table);
      if (!Number.isFinite(o.realPriorFaces)) return { ...r, t2Probability: prior }; // no real correction
      const c = counts(r);
      return { ...r, t2Probability: withRealCounts(prior, c.get(pairKey(r)) ?? c.get(r.t2Rule), o.realPriorFaces) };
    });
  const precision = o.precision ?? { shrinkFaces: 0 };
  const full = precisionTable(addCounts(mfcad, devCounts), precision);
  const outOfFold: FaceRecord[] = [];
  for (let k = 0; k < o.folds; k++) {
    const table = precisionTable(addCounts(mfcad, countGenerated(gen0.filter((r) => folds.get(r.part) !== k))), precision);
    outOfFold.push(...assign(gen0.filter((r) => folds.get(r.part) === k), table, () => realCounts));
  }
  const inSample = assign(gen0, full, () => realCounts);
  return {
    inSample,
    outOfFold,
    real: assign(real0, full, (r) => realPerFile.get(r.part) ?? realCounts),
    second: assign(second0, full, () => realCounts),
    reproduced: inSample.filter((r, i) => Math.abs(r.t2Probability - gen0[i].t2Probability) < 2e-3).length,
  };
}

/** A fitting procedure: weights from real and generated pipeline faces. */
export type Fit = (real: readonly PipelineFace[], gen: readonly PipelineFace[]) => number[];

/**
 * Ridge weights tried for the class offsets (Infinity: no offsets, the 8 scalar weights alone); the study
 * keeps the one with the least cross-validated Brier score (real files left out plus generated folds).
 */
export const CLASS_RIDGES = [Infinity, 0.1, 0.03, 0.01, 0.003, 0.001] as const;

/** The pass-aware model: 8 weights and the class offsets on the final classes, the passes as features ({@link passAwareVector}). */
export function fitPassAware(generatedWeight = PASS_AWARE_GENERATED_WEIGHT, classRidge = 0.003): Fit {
  const ridge = [...new Array<number>(PASS_AWARE_KEYS.length).fill(1e-3), ...new Array<number>(CLASS_COUNT).fill(Number.isFinite(classRidge) ? classRidge : 1e9)];
  return (real, gen) => {
    const s = (fs: readonly PipelineFace[]) => fs.filter((f) => f.combined).map((f) => ({ x: passAwareVector(f), y: f.y }));
    return fitWeightedLogistic([s(real), s(gen)], [1, generatedWeight], ridge);
  };
}

/** The model object of a pass-aware weight vector (offsets under 1e-4 left out). */
export function passAwareModel(w: readonly number[]): FaceContextModel {
  const offsets: Record<string, number> = {};
  for (let c = 0; c < CLASS_COUNT; c++) {
    const x = w[PASS_AWARE_KEYS.length + c] ?? 0;
    if (Math.abs(x) >= 1e-4) offsets[classNameOf(c)] = Number(x.toFixed(4));
  }
  const m = Object.fromEntries(PASS_AWARE_KEYS.map((k, i) => [k, Number(w[i].toFixed(4))])) as unknown as FaceContextModel;
  return Object.keys(offsets).length > 0 ? { ...m, classOffsets: offsets } : m;
}

/** The session-5 procedure: 5 weights on the combination's classes, before the passes. */
export function fitBeforePasses(generatedWeight = 2): Fit {
  return (real, gen) => {
    const s = (fs: readonly PipelineFace[]) => fs.filter((f) => f.combined).map((f) => ({ x: f.context, y: f.yCombined }));
    return fitWeightedLogistic([s(real), s(gen)], [1, generatedWeight]);
  };
}

/** Cross-validated probabilities: generated faces by fold, real faces by file, each from a model fitted without them. */
export function crossValidated(fit: Fit, real: readonly PipelineFace[], gen: readonly PipelineFace[], folds: ReadonlyMap<string, number>, k: number): { real: number[]; gen: number[] } {
  const genP = new Array<number>(gen.length).fill(NaN);
  for (let f = 0; f < k; f++) {
    const w = fit(real, gen.filter((x) => folds.get(x.part) !== f));
    gen.forEach((x, i) => (folds.get(x.part) === f ? (genP[i] = faceProbability(x, w)) : 0));
  }
  const realP = new Array<number>(real.length).fill(NaN);
  for (const part of new Set(real.map((x) => x.part))) {
    const w = fit(real.filter((x) => x.part !== part), gen);
    real.forEach((x, i) => (x.part === part ? (realP[i] = faceProbability(x, w)) : 0));
  }
  return { real: realP, gen: genP };
}

/** One row of the study: a way of giving probabilities and its scores on each estimate. */
export interface StudyRow {
  name: string;
  real: Scores;
  genInSample: Scores;
  genOutOfFold: Scores;
  second: Scores | null;
  /** Face ECE of each 100-part slice of the second set (how much one 100-part evaluation moves). */
  secondSlices: number[];
}

/** What {@link passAwareStudy} measured and the model fitted on all the dev faces. */
export interface Study {
  rows: StudyRow[];
  /** The class-offset ridge of the least cross-validated Brier score (real + generated out of fold); the model is fitted with it. */
  chosenRidge: number;
  model: FaceContextModel;
  reproduced: number;
  generatedFaces: number;
}

/** A model's weights as a vector (5, or the pass-aware 8 and the class offsets). */
export function modelVector(m: FaceContextModel): number[] {
  const w = [m.intercept, m.logitProbability, m.tiersAgree, m.fromSecondary, m.agreeingLogitProbability];
  if (m.holePass === undefined) return w;
  return [...w, m.holePass, m.baseBodyStock ?? 0, m.outlineStock ?? 0, ...Array.from({ length: CLASS_COUNT }, (_, c) => m.classOffsets?.[classNameOf(c)] ?? 0)];
}

function slices(fs: readonly PipelineFace[], p: readonly number[], size = 100): number[] {
  const parts = [...new Set(fs.map((f) => f.part))].sort();
  const out: number[] = [];
  for (let s = 0; s + size <= parts.length; s += size) {
    const keep = new Set(parts.slice(s, s + size));
    const idx = fs.map((f, i) => (keep.has(f.part) ? i : -1)).filter((i) => i >= 0);
    out.push(score(idx.map((i) => fs[i]), idx.map((i) => p[i])).eceFace);
  }
  return out;
}

/** Measures the shipped model, the session-5 procedure and the pass-aware model (see the module comment). */
export function passAwareStudy(real0: readonly FaceRecord[], gen0: readonly FaceRecord[], second0: readonly FaceRecord[], o: StudyOptions): Study {
  const folds = foldOfParts(gen0.map((r) => r.part), o.folds);
  const sets = probabilitySets(real0, gen0, second0, folds, o);
  const f = {
    real: pipelineFaces(sets.real, o.temperature),
    inSample: pipelineFaces(sets.inSample, o.temperature),
    oof: pipelineFaces(sets.outOfFold, o.temperature),
    second: pipelineFaces(sets.second, o.temperature),
  };
  const rows: StudyRow[] = [];
  const row = (name: string, r: number[], gi: number[], go: number[], s: number[]) =>
    rows.push({ name, real: score(f.real, r), genInSample: score(f.inSample, gi), genOutOfFold: score(f.oof, go), second: s.length ? score(f.second, s) : null, secondSlices: s.length ? slices(f.second, s) : [] });
  const probs = (fs: readonly PipelineFace[], w: readonly number[]) => fs.map((x) => faceProbability(x, w));
  const shipped = modelVector(FACE_CONTEXT_MODEL);
  row(`shipped model (${shipped.length} weights), as fitted`, probs(f.real, shipped), probs(f.inSample, shipped), probs(f.oof, shipped), probs(f.second, shipped));
  for (const c of o.compare ?? []) {
    const w = modelVector(c.model);
    row(c.name, probs(f.real, w), probs(f.inSample, w), probs(f.oof, w), probs(f.second, w));
  }
  const gw = o.generatedWeight ?? PASS_AWARE_GENERATED_WEIGHT;
  let model: number[] = [];
  let best = Infinity;
  let chosenRidge: number = Infinity;
  const fits: [string, Fit, number | null][] = [['session-5 procedure: 5 weights, classes before the passes', fitBeforePasses(gw), null]];
  for (const r of CLASS_RIDGES) fits.push([Number.isFinite(r) ? `pass-aware, final classes: 8 weights + class offsets (ridge ${r})` : 'pass-aware, final classes: 8 weights, no class offsets', fitPassAware(gw, r), r]);
  for (const [name, fit, ridge] of fits) {
    const cvIn = crossValidated(fit, f.real, f.inSample, folds, o.folds);
    const cv = crossValidated(fit, f.real, f.oof, folds, o.folds);
    const w = fit(f.real, f.oof);
    row(`${name}; cross-validated`, cv.real, cvIn.gen, cv.gen, probs(f.second, w));
    const brier = rows[rows.length - 1].real.brier + rows[rows.length - 1].genOutOfFold.brier;
    if (ridge !== null && brier < best - 1e-6) ((best = brier), (model = w), (chosenRidge = ridge));
  }
  return {
    rows,
    chosenRidge,
    model: passAwareModel(model),
    reproduced: sets.reproduced,
    generatedFaces: gen0.length,
  };
}

const num = (x: number | null, d = 3) => (x === null || Number.isNaN(x) ? 'n/a' : x.toFixed(d));
const cell = (s: Scores | null) => (s ? `${(100 * s.accuracy).toFixed(1)} / ${num(s.eceFace)} / ${num(s.brier)} / ${num(s.ecePart)} / ${num(s.r, 2)} / ${num(s.meanConfidence)} / ${num(s.maxConfHalfWrong)}` : 'n/a');

/** The study as markdown lines. */
export function studyTable(study: Study, secondName: string): string[] {
  return [
    `cells: acc % / ECE face / Brier / ECE part / r(part confidence, part accuracy) / mean part confidence / max confidence of a part at most 50 % right`,
    '',
    `| probabilities | real tune, leave one file out | generated dev, precisions in sample | generated dev, out of fold | ${secondName}, fitted on the dev sets | ${secondName}: ECE face of 100-part slices |`,
    `|---|---|---|---|---|---|`,
    ...study.rows.map((r) => `| ${r.name} | ${cell(r.real)} | ${cell(r.genInSample)} | ${cell(r.genOutOfFold)} | ${cell(r.second)} | ${r.secondSlices.map((x) => num(x)).join(', ')} |`),
  ];
}

/**
 * The study as a markdown section, writing the model fitted on all dev faces to `modelPath` (null: not written).
 * Shared by `calibration-cv.ts`, `fit-face-context.ts` and `rechoose-combination.ts`.
 */
export function passAwareReport(real: readonly FaceRecord[], gen: readonly FaceRecord[], second: readonly FaceRecord[], o: StudyOptions, modelPath: string | null, commit: string): string[] {
  if ([...gen, ...second].some((r) => /_s1_/.test(r.part))) throw new Error('seed-1 parts are held out: not for fitting or choosing');
  const study = passAwareStudy(real, gen, second, o);
  const counts = `${new Set(real.map((r) => r.part)).size} real tune files and ${new Set(gen.map((r) => r.part)).size} generated dev parts`;
  if (modelPath)
    writePassAwareModel(modelPath, study.model, `Fitted on ${counts} with out-of-fold Tier 2 precisions (generated weighing ${o.generatedWeight ?? PASS_AWARE_GENERATED_WEIGHT}× the real; class-offset ridge ${study.chosenRidge}, least cross-validated Brier), commit ${commit}, ${new Date().toISOString().slice(0, 10)}.`);
  return [
    `## Pass-aware face probabilities (the shipped combination rule, after the base-body and hole passes)`,
    '',
    `Logistic model of "the face's final class is right" on the context features (logit of the chosen tier's probability, both tiers agree, logit of the other tier's probability where they agree, the face carries the secondary tier's answer), "the hole pass changed the class", "the base-body / outline-wall pass turned it to stock" and an offset per final class. Measured on ${counts}${second.length ? ` and ${new Set(second.map((r) => r.part)).size} parts of a second generated set` : ''}: generated parts in ${o.folds} folds by part with Tier 2 precisions counted without the fold, real files left out one at a time. Tier 2 probabilities rebuilt from counts equal the collected ones on ${study.reproduced} of ${study.generatedFaces} generated faces.`,
    '',
    ...studyTable(study, 'second generated set'),
    '',
    `Chosen class-offset ridge: ${study.chosenRidge} (least cross-validated Brier score, real + generated). Model fitted on all dev faces${modelPath ? ' (written to `src/stages/recognize/face-context-model.ts`)' : ''}: \`${JSON.stringify(study.model)}\`.`,
  ];
}

/** Writes the shipped model constant (`src/stages/recognize/face-context-model.ts`). */
export function writePassAwareModel(path: string, model: FaceContextModel, provenance: string): void {
  const lines = PASS_AWARE_KEYS.map((k) => `  ${k}: ${(model[k] ?? 0).toFixed(4)},`);
  if (model.classOffsets) lines.push(`  classOffsets: Object.freeze({\n${Object.entries(model.classOffsets).map(([k, v]) => `    ${k.match(/^[a-z_][a-z0-9_]*$/i) ? k : JSON.stringify(k)}: ${v.toFixed(4)},`).join('\n')}\n  }),`);
  const body = lines.join('\n');
  writeFileSync(
    path,
    `/**
 * The shipped {@link FaceContextModel} (pass-aware: applied after the orchestrator's passes). Written by
 * \`tools/calibration/calibration-cv.ts --write\` (also run by \`fit-face-context.ts\` and \`rechoose-combination.ts\`)
 * — do not edit by hand. ${provenance}
 * @internal
 */
import type { FaceContextModel } from './face-context-confidence.js';

export const FACE_CONTEXT_MODEL: FaceContextModel = Object.freeze({
${body}
});
`,
  );
}
