/**
 * Measures a tier-combination variant on face records (`collect-face-records.ts`): the per-face accuracy,
 * the stock area called features (mean of per-body shares), the calibration of the combined answer and how
 * the part-level confidence tracks per-part accuracy. Rules run through the shipped `combineTierAnswers`,
 * on Tier 1's answer as the recognizer gives it (calibrated with the shipped temperature, stock-envelope
 * test on) and Tier 2's answer with the probabilities the records carry.
 * @internal
 */
import { combineTierAnswers, type CombinedOutput, type TierCombinationRule } from '../../src/stages/recognize/combine-tiers.js';
import type { RecognitionOutput, Tier } from '../../src/stages/recognize/recognizer.js';
import { ENVELOPE_STOCK_PROBABILITY } from '../../src/stages/recognize/tier1-aagnet/aagnet-recognizer.js';
import { CalibrationAccumulator } from '../eval/metrics/calibration.js';
import { OTHER_FEATURE, pearson, softmaxTop, type FaceRecord } from './face-records.js';

const STOCK = 24;

function face(faceIndex: number, classId: number, probability: number) {
  return { faceIndex, stepId: null, classId, className: String(classId), probability };
}

/** Tier 1's answer on one body as the shipped recognizer gives it (null when it declined). */
export function tier1Output(body: readonly FaceRecord[], temperature: number, envelope: boolean): RecognitionOutput | null {
  if (body.some((r) => r.t1Logits === null)) return null;
  return {
    faces: body.map((r) => {
      const t = softmaxTop(r.t1Logits!, temperature);
      return envelope && r.envelope && t.classId !== STOCK ? face(r.face, STOCK, ENVELOPE_STOCK_PROBABILITY) : face(r.face, t.classId, t.probability);
    }),
    features: [],
    confidence: 0,
  };
}

/** Tier 2's answer on one body. */
export function tier2Output(body: readonly FaceRecord[]): RecognitionOutput {
  return { faces: body.map((r) => face(r.face, r.t2Class, r.t2Probability)), features: [], confidence: 0 };
}

/** Picks one tier's face per face from the two answers (a per-class trust table, say). */
export type FaceChooser = (t1: RecognitionOutput, t2: RecognitionOutput, body: readonly FaceRecord[]) => RecognitionOutput;

/** One way of answering: a tier alone, a shipped combination rule, or a chooser under study. */
export interface Variant {
  name: string;
  temperature: number;
  envelope: boolean;
  rule: TierCombinationRule | 'tier1' | 'tier2' | FaceChooser;
  /** Knobs a rule has (fewer generalise better; shown in the table). */
  knobs: number;
  /** Replaces the face probabilities of a combined answer (the context model, `face-context-confidence.ts`). */
  reprobability?: (combined: CombinedOutput, primary: RecognitionOutput, secondary: RecognitionOutput, secondaryTier: Tier) => CombinedOutput;
}

/** What a variant scored on one record set. */
export interface Measured {
  accuracy: number;
  faces: number;
  bodies: number;
  /** Per file: faces right and faces counted (for leave-one-file-out selection). */
  perFile: Map<string, { right: number; counted: number }>;
  stockFeatureMeanShare: number;
  eceFace: number | null;
  ecePart: number | null;
  brierFace: number;
  confAccCorrelation: number | null;
  /** The highest part confidence among bodies that are at most half right. */
  maxConfidenceHalfWrong: number | null;
  /** Faces that carry the tier that is not the rule's primary. */
  secondaryFaces: number;
}

function byBody(records: readonly FaceRecord[]): Map<string, FaceRecord[]> {
  const bodies = new Map<string, FaceRecord[]>();
  for (const r of records) {
    const k = `${r.part}#${r.body}`;
    const list = bodies.get(k);
    if (list) list.push(r);
    else bodies.set(k, [r]);
  }
  return bodies;
}

function answer(v: Variant, body: readonly FaceRecord[]): { out: RecognitionOutput; secondaryFaces: number } | null {
  const t1 = tier1Output(body, v.temperature, v.envelope);
  const t2 = tier2Output(body);
  if (v.rule === 'tier1') return t1 ? { out: t1, secondaryFaces: 0 } : null;
  // Tier 1 declined: every other variant answers with Tier 2 alone (as the pipeline does).
  if (v.rule === 'tier2' || t1 === null) return { out: t2, secondaryFaces: 0 };
  if (typeof v.rule === 'function') return { out: v.rule(t1, t2, body), secondaryFaces: 0 };
  const [primary, secondary] = v.rule.primaryTier === 2 ? [t2, t1] : [t1, t2];
  const combined = combineTierAnswers(primary, secondary, v.rule);
  const c = v.reprobability ? v.reprobability(combined, primary, secondary, v.rule.secondaryTier) : combined;
  return { out: c, secondaryFaces: c.facesByTier[v.rule.secondaryTier as Tier] ?? 0 };
}

/** Groups records by body (`part#body`). */
export function recordsByBody(records: readonly FaceRecord[]): Map<string, FaceRecord[]> {
  return byBody(records);
}

/** `v`'s answer on one body (null: the variant does not answer it), as the pipeline would give it. */
export function variantAnswer(v: Variant, body: readonly FaceRecord[]): RecognitionOutput | null {
  return answer(v, body)?.out ?? null;
}

/** Scores `v` on the records. */
export function measureVariant(records: readonly FaceRecord[], v: Variant): Measured {
  let right = 0, counted = 0, secondaryFaces = 0, brier = 0;
  const faceCal = new CalibrationAccumulator(10);
  const partCal = new CalibrationAccumulator(10);
  const stockShares: number[] = [];
  const conf: number[] = [], acc: number[] = [];
  const perFile = new Map<string, { right: number; counted: number }>();
  let maxHalfWrong: number | null = null;
  for (const body of byBody(records).values()) {
    const a = answer(v, body);
    if (!a) continue;
    secondaryFaces += a.secondaryFaces;
    const byFace = new Map(a.out.faces.map((f) => [f.faceIndex, f]));
    let bRight = 0, bCounted = 0, stockArea = 0, stockFeature = 0;
    for (const r of body) {
      const f = byFace.get(r.face);
      if (r.truth === STOCK) {
        stockArea += r.areaMm2;
        if (f && f.classId !== STOCK) stockFeature += r.areaMm2;
      }
      if (r.truth === OTHER_FEATURE || r.truth < 0) continue;
      const ok = f !== undefined && f.classId === r.truth ? 1 : 0;
      bRight += ok;
      bCounted++;
      const p = f?.probability ?? 0;
      faceCal.add(p, ok);
      brier += (p - ok) ** 2;
    }
    if (stockArea > 0) stockShares.push(stockFeature / stockArea);
    if (bCounted === 0) continue;
    right += bRight;
    counted += bCounted;
    const file = perFile.get(body[0].part) ?? { right: 0, counted: 0 };
    file.right += bRight;
    file.counted += bCounted;
    perFile.set(body[0].part, file);
    const partConf = a.out.faces.length > 0 ? a.out.faces.reduce((s, f) => s + f.probability, 0) / a.out.faces.length : 0;
    partCal.add(partConf, bRight / bCounted);
    conf.push(partConf);
    acc.push(bRight / bCounted);
    if (bRight / bCounted <= 0.5) maxHalfWrong = Math.max(maxHalfWrong ?? 0, partConf);
  }
  return {
    accuracy: right / Math.max(1, counted),
    faces: counted,
    bodies: acc.length,
    perFile,
    stockFeatureMeanShare: stockShares.reduce((s, x) => s + x, 0) / Math.max(1, stockShares.length),
    eceFace: faceCal.result().ece,
    ecePart: partCal.result().ece,
    brierFace: brier / Math.max(1, counted),
    confAccCorrelation: acc.length > 2 ? pearson(conf, acc) : null,
    maxConfidenceHalfWrong: maxHalfWrong,
    secondaryFaces,
  };
}

/**
 * A per-class trust table learned on `train`: for each class Tier 2 names, Tier 1's face is taken where
 * Tier 1 was right more often than Tier 2 on the training faces Tier 2 gave that class (at least
 * `minFaces` of them); Tier 2 everywhere else.
 */
export function learnPerClassTrust(train: readonly FaceRecord[], temperature: number, envelope: boolean, minFaces = 20): FaceChooser {
  const tally = new Map<number, { n: number; t1: number; t2: number }>();
  for (const body of byBody(train).values()) {
    const t1 = tier1Output(body, temperature, envelope);
    if (!t1) continue;
    body.forEach((r, i) => {
      if (r.truth < 0 || r.truth === OTHER_FEATURE) return;
      const c = tally.get(r.t2Class) ?? { n: 0, t1: 0, t2: 0 };
      c.n++;
      if (t1.faces[i].classId === r.truth) c.t1++;
      if (r.t2Class === r.truth) c.t2++;
      tally.set(r.t2Class, c);
    });
  }
  const useTier1 = new Set([...tally].filter(([, c]) => c.n >= minFaces && c.t1 > c.t2).map(([k]) => k));
  return (t1, t2) => ({
    ...t2,
    faces: t2.faces.map((f, i) => (useTier1.has(f.classId) ? t1.faces[i] : f)),
  });
}
