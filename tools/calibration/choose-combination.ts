/**
 * Measures tier-combination rules on face records (`collect-face-records.ts`): for each rule, the per-face
 * accuracy, the stock area called features (mean of per-body shares) and the calibration of the combined
 * answer, on every record file given. The rules run through the shipped `combineTierAnswers`, on Tier 1's
 * answer as the recognizer gives it (calibrated with the shipped temperature, stock-envelope test on).
 *
 * ```sh
 * npx tsx tools/calibration/choose-combination.ts faces-gen.jsonl faces-real.jsonl
 * ```
 * @internal
 */
import { combineTierAnswers, DEFAULT_TIER_COMBINATION, type TierCombinationRule } from '../../src/stages/recognize/combine-tiers.js';
import type { RecognitionOutput } from '../../src/stages/recognize/recognizer.js';
import { AAGNET_CALIBRATION } from '../../src/inference/index.js';
import { ENVELOPE_STOCK_PROBABILITY } from '../../src/stages/recognize/tier1-aagnet/aagnet-recognizer.js';
import { CalibrationAccumulator } from '../eval/metrics/calibration.js';
import { OTHER_FEATURE, pearson, readFaceRecords, softmaxTop, type FaceRecord } from './face-records.js';

const STOCK = 24;

function face(faceIndex: number, classId: number, probability: number) {
  return { faceIndex, stepId: null, classId, className: String(classId), probability };
}

/** Tier 1's answer on one body as the shipped recognizer gives it (null when it declined). */
function tier1Output(body: readonly FaceRecord[], temperature: number, envelope: boolean): RecognitionOutput | null {
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

function tier2Output(body: readonly FaceRecord[]): RecognitionOutput {
  return { faces: body.map((r) => face(r.face, r.t2Class, r.t2Probability)), features: [], confidence: 0 };
}

type Variant = { name: string; temperature: number; envelope: boolean; rule: TierCombinationRule | 'tier1' | 'tier2' };

function measure(records: readonly FaceRecord[], v: Variant) {
  const bodies = new Map<string, FaceRecord[]>();
  for (const r of records) {
    const k = `${r.part}#${r.body}`;
    const list = bodies.get(k);
    if (list) list.push(r);
    else bodies.set(k, [r]);
  }
  let right = 0, counted = 0, tier2Faces = 0;
  const faceCal = new CalibrationAccumulator(10);
  const partCal = new CalibrationAccumulator(10);
  const stockShares: number[] = [];
  const conf: number[] = [], acc: number[] = [];
  for (const body of bodies.values()) {
    const t1 = tier1Output(body, v.temperature, v.envelope);
    const t2 = tier2Output(body);
    let out: RecognitionOutput;
    if (v.rule === 'tier2' || (t1 === null && v.rule !== 'tier1')) out = t2;
    else if (t1 === null) continue;
    else if (v.rule === 'tier1') out = t1;
    else {
      const c = combineTierAnswers(t1, t2, v.rule);
      tier2Faces += c.facesByTier[2] ?? 0;
      out = c;
    }
    const byFace = new Map(out.faces.map((f) => [f.faceIndex, f]));
    let bRight = 0, bCounted = 0, pSum = 0, stockArea = 0, stockFeature = 0;
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
      pSum += f?.probability ?? 0;
      faceCal.add(f?.probability ?? 0, ok);
    }
    if (stockArea > 0) stockShares.push(stockFeature / stockArea);
    if (bCounted === 0) continue;
    right += bRight;
    counted += bCounted;
    const partConf = body.length > 0 ? out.faces.reduce((s, f) => s + f.probability, 0) / out.faces.length : 0;
    partCal.add(partConf, bRight / bCounted);
    conf.push(partConf);
    acc.push(bRight / bCounted);
  }
  return {
    accuracy: right / counted,
    faces: counted,
    bodies: acc.length,
    stockFeatureMeanShare: stockShares.reduce((s, x) => s + x, 0) / Math.max(1, stockShares.length),
    eceFace: faceCal.result().ece,
    ecePart: partCal.result().ece,
    confAccCorrelation: acc.length > 2 ? pearson(conf, acc) : null,
    tier2Faces,
  };
}

const files = process.argv.slice(2);
const T = AAGNET_CALIBRATION.temperature;
const variants: Variant[] = [
  { name: 'Tier 1 raw', temperature: 1, envelope: false, rule: 'tier1' },
  { name: 'Tier 1 calibrated', temperature: T, envelope: false, rule: 'tier1' },
  { name: 'Tier 1 calibrated + envelope', temperature: T, envelope: true, rule: 'tier1' },
  { name: 'Tier 2', temperature: T, envelope: true, rule: 'tier2' },
];
for (const secondaryStock of [false, true])
  for (const minPrimaryProbability of [0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8])
    for (const secondaryMargin of [0, 0.2])
      variants.push({
        name: `combine p1<${minPrimaryProbability} margin ${secondaryMargin}${secondaryStock ? ' +T2 stock' : ''}`,
        temperature: T,
        envelope: true,
        rule: { ...DEFAULT_TIER_COMBINATION, minPrimaryProbability, secondaryMargin, secondaryStock },
      });
const sets = files.map((f) => ({ f, recs: readFaceRecords(f) }));
console.log(`| variant | ${sets.map((s) => `${s.f}: acc % / stock→feature % / ECE face / ECE part / r(conf, acc) / T2 faces`).join(' | ')} |`);
console.log(`|---|${sets.map(() => '---').join('|')}|`);
for (const v of variants) {
  const cells = sets.map(({ recs }) => {
    const m = measure(recs, v);
    return `${(100 * m.accuracy).toFixed(1)} / ${(100 * m.stockFeatureMeanShare).toFixed(1)} / ${m.eceFace?.toFixed(3)} / ${m.ecePart?.toFixed(3)} / ${m.confAccCorrelation?.toFixed(2)} / ${m.tier2Faces}`;
  });
  console.log(`| ${v.name} | ${cells.join(' | ')} |`);
}
