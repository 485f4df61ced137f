/**
 * The faces of the shipped pipeline's answer rebuilt from face records (`collect-face-records.ts` with the
 * final classes of `pipeline-classes.ts`): per labelled face, the context features the face probability model
 * reads (before the orchestrator's passes), what set its final class, and whether that class is right —
 * plus the probability arithmetic of the shipped model and of the pass-aware one, and the calibration scores.
 * @internal
 */
import { combineTierAnswers, DEFAULT_TIER_COMBINATION } from '../../src/stages/recognize/combine-tiers.js';
import { faceContextFeatures } from '../../src/stages/recognize/face-context-confidence.js';
import { BASE_BODY_STOCK_PROBABILITY, OUTLINE_WALL_STOCK_PROBABILITY } from '../../src/stages/recognize/base-body-pass.js';
import { CalibrationAccumulator } from '../eval/metrics/calibration.js';
import { recordsByBody, tier1Output, tier2Output } from './combination-measure.js';
import { OTHER_FEATURE, pearson, type FaceRecord } from './face-records.js';
import { AAGNET_CLASS_NAMES } from '../../src/inference/aagnet-classes.js';
import type { FinalSource } from './pipeline-classes.js';

/** One labelled face of the pipeline's answer. */
export interface PipelineFace {
  part: string;
  /** 1 when the final class (after the passes) is the truth. */
  y: number;
  /** 1 when the combination's class (before the passes) is the truth. */
  yCombined: number;
  source: FinalSource;
  /** The final class. */
  finalClass: number;
  /** Both tiers answered the body (the context model applies); false: Tier 2 alone. */
  combined: boolean;
  /** The chosen tier's own probability (Tier 2 alone: Tier 2's). */
  own: number;
  /** Context features before the passes: [1, logit p, tiers agree, from secondary, agreeing logit p] (zeros where not combined). */
  context: number[];
}

/** The pipeline faces of `records` (whose `t2Probability` are the ones Tier 2 would report). Faces whose truth is not one of the 25 classes are left out. */
export function pipelineFaces(records: readonly FaceRecord[], temperature: number): PipelineFace[] {
  const out: PipelineFace[] = [];
  const rule = DEFAULT_TIER_COMBINATION;
  for (const body of recordsByBody(records).values()) {
    if (body.some((r) => r.finalClass === undefined)) throw new Error(`${body[0].part}: records without final classes (collect them again)`);
    const t1 = tier1Output(body, temperature, true);
    const t2 = tier2Output(body);
    const both = t1 ? combineTierAnswers(t2, t1, rule) : null;
    const feats = both ? faceContextFeatures(both, t2, t1!, rule.secondaryTier) : null;
    const index = new Map((both?.faces ?? t2.faces).map((f, i) => [f.faceIndex, i]));
    for (const r of body) {
      if (r.truth < 0 || r.truth === OTHER_FEATURE) continue;
      const i = index.get(r.face)!;
      const x = feats?.[i];
      out.push({
        part: r.part,
        y: r.finalClass === r.truth ? 1 : 0,
        yCombined: r.combinedClass === r.truth ? 1 : 0,
        source: r.finalSource ?? 'tier',
        finalClass: r.finalClass!,
        combined: both !== null,
        own: (both ?? t2).faces[i].probability,
        context: x ? [1, x.logitProbability, x.tiersAgree, x.fromSecondary, x.agreeingLogitProbability] : [1, 0, 0, 0, 0],
      });
    }
  }
  return out;
}

/** Names of the pass-aware model's scalar weights, in vector order (then one offset per class id 0..25). */
export const PASS_AWARE_KEYS = ['intercept', 'logitProbability', 'tiersAgree', 'fromSecondary', 'agreeingLogitProbability', 'holePass', 'baseBodyStock', 'outlineStock'] as const;

/** Class ids with an offset in the pass-aware vector (the 25 AAGNet classes and other_feature). */
export const CLASS_COUNT = 26;

/** The class name the pipeline gives class `id` (`other_feature` for 25). */
export function classNameOf(id: number): string {
  return id === OTHER_FEATURE ? 'other_feature' : (AAGNET_CLASS_NAMES[id] ?? String(id));
}

/**
 * The pass-aware feature vector: the context features and "the hole pass changed the class"; a face the
 * base-body pass turned to stock reads only the constant and its pass's flag (its tiers' answer was about
 * another class).
 */
export function passAwareVector(f: PipelineFace): number[] {
  const classes = new Array<number>(CLASS_COUNT).fill(0);
  if (f.source === 'base') return [1, 0, 0, 0, 0, 0, 1, 0, ...classes];
  if (f.source === 'outline') return [1, 0, 0, 0, 0, 0, 0, 1, ...classes];
  if (f.finalClass >= 0 && f.finalClass < CLASS_COUNT) classes[f.finalClass] = 1;
  return [...f.context, f.source === 'hole' ? 1 : 0, 0, 0, ...classes];
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const dot = (w: readonly number[], x: readonly number[]) => x.reduce((s, xi, i) => s + xi * (w[i] ?? 0), 0);

/**
 * A face's probability as the pipeline reports it: Tier 2 alone keeps its own (passes' constants on turned
 * faces); with both tiers, `w` — 5 weights: the shipped context model before the passes (turned faces take the
 * base-body pass's constants); more: the pass-aware model after them (8 weights, then the class offsets).
 */
export function faceProbability(f: PipelineFace, w: readonly number[]): number {
  if (w.length > 5 && f.combined) return sigmoid(dot(w, passAwareVector(f)));
  if (f.source === 'base') return BASE_BODY_STOCK_PROBABILITY;
  if (f.source === 'outline') return OUTLINE_WALL_STOCK_PROBABILITY;
  return f.combined ? sigmoid(dot(w, f.context)) : f.own;
}

/** Calibration of probabilities `p` for faces `faces` (same order). Parts are files: a part's confidence is its faces' mean probability. */
export interface Scores {
  faces: number;
  accuracy: number;
  eceFace: number;
  brier: number;
  ecePart: number;
  /** Pearson correlation of part confidence and part accuracy. */
  r: number;
  meanConfidence: number;
  /** Highest part confidence of a part at most half right (null: none). */
  maxConfHalfWrong: number | null;
}

/** Scores `p` against the faces' final correctness. */
export function score(faces: readonly PipelineFace[], p: readonly number[]): Scores {
  const fc = new CalibrationAccumulator(10), pc = new CalibrationAccumulator(10);
  const parts = new Map<string, { n: number; right: number; conf: number }>();
  let brier = 0, right = 0;
  faces.forEach((f, i) => {
    fc.add(p[i], f.y);
    brier += (p[i] - f.y) ** 2;
    right += f.y;
    const s = parts.get(f.part) ?? { n: 0, right: 0, conf: 0 };
    s.n++;
    s.right += f.y;
    s.conf += p[i];
    parts.set(f.part, s);
  });
  const conf: number[] = [], acc: number[] = [];
  let maxHalf: number | null = null;
  for (const s of parts.values()) {
    conf.push(s.conf / s.n);
    acc.push(s.right / s.n);
    pc.add(s.conf / s.n, s.right / s.n);
    if (s.right / s.n <= 0.5) maxHalf = Math.max(maxHalf ?? 0, s.conf / s.n);
  }
  return {
    faces: faces.length,
    accuracy: right / Math.max(1, faces.length),
    eceFace: fc.result().ece ?? NaN,
    brier: brier / Math.max(1, faces.length),
    ecePart: pc.result().ece ?? NaN,
    r: conf.length > 2 ? pearson(conf, acc) : NaN,
    meanConfidence: conf.reduce((a, b) => a + b, 0) / Math.max(1, conf.length),
    maxConfHalfWrong: maxHalf,
  };
}
