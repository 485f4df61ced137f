/**
 * One evaluation run: a set, the recognition paths, every item → one report (JSON-ready) per path.
 * @internal
 */
import { execFileSync } from 'node:child_process';
import { AAGNET_FT_MODEL_FILE, AAGNET_MODEL_FILE } from '../../src/inference/index.js';
import { bundledModelPath } from '../../src/runtime/node/onnx-engine.js';
import { DEFAULT_TIER1_MODEL } from '../../src/runtime/node/default-recognizers.js';
import { EvalError } from './eval-error.js';
import { listSet, type SetLocation, type SetName } from './eval-sets.js';
import { createEvalTessellator } from './tier2-data.js';
import { evaluateItem } from './evaluate-item.js';
import { EvaluationAccumulator, type EvaluationResult } from './metrics/evaluation-accumulator.js';
import { createTierRunners, TIER_IDS, type TierId } from './run-tiers.js';
import { mulberry32, randomRotation } from './seeded-rotation.js';
import { evenSample, fnv1a } from './dataset-sampling.js';
import { rotateStepText } from './rotate-step.js';
import { readRealworldSplit } from './realworld-split.js';
import { basename, join, relative, resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { sha256Hex, type OnnxNodeEngineOptions } from '../../src/runtime/node/onnx-engine.js';
import type { TierCombinationRule } from '../../src/stages/recognize/combine-tiers.js';

/** Options of {@link runEvaluation}. */
export interface EvaluationOptions extends SetLocation {
  /** @defaultValue `1,2,default,stl` for B-Rep sets, `stl,default` for the STL set */
  tiers?: readonly TierId[];
  /** Evaluate N items spread evenly over the sorted list (every k-th). */
  limit?: number;
  /** Rotate every B-Rep part by a seeded uniform random rotation (seed XOR FNV-1a(name)). */
  rotateSeed?: number;
  /**
   * Run the first part once, uncounted, before timing (compiles the onnxruntime session, starts the
   * tessellation workers). Off only where time is not looked at (tests). @defaultValue true
   */
  warmUp?: boolean;
  /** Progress lines go here. */
  log?: (line: string) => void;
  /**
   * Tier 1's ONNX model file (Tier 1 and the default pipeline); its sha256 comes from `manifest.json` beside it.
   * @defaultValue the bundled `models/aagnet-mfinstseg.onnx`
   */
  modelPath?: string;
  /** Tier 1's bundled model by name (`createOnnxNodeEngine`'s `model`, e.g. `'cadlens-ft+stock'`). */
  engineModel?: OnnxNodeEngineOptions['model'];
  /** The default pipeline's tier-combination rule instead of the shipped one. */
  combineTiers?: TierCombinationRule;
}

/** The whole report. */
export interface EvaluationReport {
  what: string;
  set: SetName;
  dir: string;
  split: string | null;
  sample: string;
  rotation: string | null;
  date: string;
  commit: string;
  node: string;
  modelSha256: string;
  /** The model file when not the bundled one. */
  model?: string;
  /** Tier 1's bundled model by name, when not the default. */
  engineModel?: string;
  /** The tier-combination rule, when not the shipped one. */
  combineTiers?: TierCombinationRule;
  items: number;
  tiers: TierId[];
  wallS: number;
  scoring: string[];
  results: Partial<Record<TierId, EvaluationResult>>;
}

/** The rule text of the MFCAD split (also in docs/recognition.md). */
export const MFCAD_SPLIT_RULE = 'FNV-1a-32(part name) % 10 < 7 → tune (Tier 2 rules were tuned there), else validation';

/** Scoring rules, written into every report. */
export const SCORING_RULES = [
  'Classes: the 25 AAGNet classes; MFCAD labels are mapped into them (a prediction of a class MFCAD does not have is wrong).',
  'Accuracy, per-class P/R, confusion and per-face calibration: over counted elements (faces of labelled solids; triangles on the STL path) of the parts the path answered; `other_feature` elements are excluded and reported on their own line (no AAGNet class can be right). A face answered `other_feature` (confusion column `other_feature`) or without a prediction (column `none`) counts as wrong.',
  'Instances: one-to-one greedy matching of same-class instances by IoU of element sets; IoU = 1 is the exact face set (AAGNet\'s feature-level rule). True `other_feature` instances are not counted; predicted instances lying wholly on `other_feature` faces are dropped. No instance numbers for MFCAD (its labels have none).',
  'Stock called feature: true stock elements predicted as any feature class; area share = their area / all true stock area (face areas from the OpenCascade tessellation; triangle areas on the STL path).',
  'ECE: 10 equal-width bins. Per face: the probability of the predicted class vs 1/0 correct. Per part: the part-level confidence vs the part\'s accuracy.',
  'Time: per part and path, after one uncounted warm-up run of the first part: Tier 1 = canRecognize + recognize (gAAG extraction + inference); Tier 2 = recognizeFeatures on the read Part; default = the Node analyzer on the file bytes (read, tessellate in a worker, validate, recognize, score); STL = read STL + segment + Tier 2.',
  'Parts a path declines or fails on are counted and listed, and left out of the element metrics.',
];

function gitCommit(repo: string): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repo, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  } catch {
    return 'unknown';
  }
}

/**
 * Runs an evaluation.
 * @throws EvalError on bad arguments, missing data, or a label file that does not match its part
 */
export async function runEvaluation(options: EvaluationOptions, repo: string): Promise<EvaluationReport> {
  const isStl = options.set === 'stl';
  const tiers = [...(options.tiers ?? (isStl ? ['stl', 'default'] : TIER_IDS))] as TierId[];
  if (isStl) {
    const wrong = tiers.filter((t) => t === '1' || t === '2');
    if (wrong.length) throw new EvalError('EVAL_BAD_ARGUMENTS', `--set stl has no B-Rep: tiers ${wrong.join(', ')} do not apply (use stl, default)`);
  }
  if (options.rotateSeed !== undefined && isStl) throw new EvalError('EVAL_BAD_ARGUMENTS', '--rotate applies to STEP sets only');
  const { dir, items: all } = listSet(options, repo);
  const items = options.limit !== undefined ? evenSample(all, options.limit) : all;
  const log = options.log ?? (() => undefined);
  const seed = options.rotateSeed;
  const transformStep =
    seed === undefined ? null : (text: string, name: string) => rotateStepText(text, randomRotation(mulberry32((seed ^ fnv1a(name)) >>> 0))).text;

  const commit = gitCommit(repo); // the code that runs, read before the (long) run
  const runners = await createTierRunners(tiers, {
    ...(options.modelPath !== undefined ? { modelPath: options.modelPath } : {}),
    ...(options.engineModel !== undefined ? { engineModel: options.engineModel } : {}),
    ...(options.combineTiers !== undefined ? { combineTiers: options.combineTiers } : {}),
  });
  const tessellator = createEvalTessellator();
  const acc = new Map<TierId, EvaluationAccumulator>(tiers.map((t) => [t, new EvaluationAccumulator(t === 'stl' || isStl ? 'triangle' : 'face')]));
  const t0 = performance.now();
  try {
    // Warm-up, not counted: the first inference compiles the onnxruntime session and the first
    // analysis starts the tessellation workers; per-part times are steady-state times.
    if (options.warmUp !== false && items.length > 0 && tiers.some((t) => t === '1' || t === 'default')) await evaluateItem(items[0], { tiers, runners, tessellator, transformStep });
    for (let i = 0; i < items.length; i++) {
      const outcomes = await evaluateItem(items[i], { tiers, runners, tessellator, transformStep });
      for (const o of outcomes) acc.get(o.tier)!.add(items[i].name, o.truth, o.prediction);
      if ((i + 1) % 50 === 0 || i + 1 === items.length) {
        const el = (performance.now() - t0) / 1000;
        log(`${i + 1}/${items.length} parts, ${el.toFixed(0)} s, ETA ${((el / (i + 1)) * (items.length - i - 1)).toFixed(0)} s`);
      }
    }
  } finally {
    await runners.dispose();
    await tessellator.close();
  }
  const results: Partial<Record<TierId, EvaluationResult>> = {};
  for (const t of tiers) results[t] = acc.get(t)!.result();
  return {
    what: `cadlens recognition evaluation, set ${options.set}`,
    set: options.set,
    dir,
    split:
      options.set === 'mfcad'
        ? `${options.split ?? 'validation'} (${MFCAD_SPLIT_RULE})`
        : options.set === 'realworld' && options.split && options.split !== 'all'
          ? `${options.split} (${relative(repo, resolve(options.labelsDir ?? join(repo, 'labels', 'realworld'), 'split.json'))}: ${readRealworldSplit(options.labelsDir ?? join(repo, 'labels', 'realworld')).rule})`
          : null,
    sample: items.length < all.length ? `${items.length} of ${all.length}: every k-th of the sorted list (k = ${(all.length / items.length).toFixed(2)})` : `all ${all.length}`,
    rotation: seed === undefined ? null : `uniform random rotation per part, mulberry32(seed ${seed} XOR FNV-1a(name)), applied to the STEP text`,
    date: new Date().toISOString(),
    commit,
    node: process.version,
    modelSha256: sha256Hex(readFileSync(options.modelPath ?? bundledModelPath(options.engineModel === 'mfinstseg' ? AAGNET_MODEL_FILE : AAGNET_FT_MODEL_FILE))),
    ...(options.modelPath !== undefined ? { model: basename(options.modelPath) } : {}),
    ...(options.modelPath === undefined ? { engineModel: options.engineModel ?? DEFAULT_TIER1_MODEL } : {}),
    ...(options.combineTiers !== undefined ? { combineTiers: options.combineTiers } : {}),
    items: items.length,
    tiers,
    wallS: (performance.now() - t0) / 1000,
    scoring: SCORING_RULES,
    results,
  };
}
