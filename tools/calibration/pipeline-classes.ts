/**
 * The shipped pipeline's face classes on one body, rebuilt from the tiers' answers as the face-record
 * collector sees them: the combination rule, then the orchestrator's base-body and hole passes
 * (`runRecognizers`). Lets the calibration tools fit probabilities to the classes the user gets.
 * @internal
 */
import type { Part } from '../../src/model/index.js';
import type { RecognitionOutput } from '../../src/stages/recognize/recognizer.js';
import { combineTierAnswers, DEFAULT_TIER_COMBINATION } from '../../src/stages/recognize/combine-tiers.js';
import { applyBaseBodyStock } from '../../src/stages/recognize/base-body-pass.js';
import { facePassSources, type FacePassSource } from '../../src/stages/recognize/pass-sources.js';
import { groupCompositeHoles } from '../../src/stages/recognize/composite-holes.js';
import { ENVELOPE_STOCK_PROBABILITY } from '../../src/stages/recognize/tier1-aagnet/aagnet-recognizer.js';
import { AAGNET_FT_CALIBRATION } from '../../src/inference/index.js';
import { AAGNET_CLASS_NAMES, AAGNET_STOCK_CLASS_ID } from '../../src/inference/aagnet-classes.js';
import { softmaxTop } from './face-records.js';

/** What set a face's final class (see `FaceRecord.finalSource`). */
export type FinalSource = FacePassSource;

/**
 * The shipped pipeline's classes on one body, before and after the orchestrator's passes (`runRecognizers`):
 * Tier 2's answer combined with Tier 1's (rebuilt from the raw logits of the default Tier 1's network — the fine-tune
 * since session 18 — with its shipped temperature, and the
 * envelope flags; null where Tier 1 declined), then the base-body pass, then the hole pass.
 */
export function pipelineClasses(
  body: Readonly<Part>,
  t2: RecognitionOutput,
  t1Logits: readonly (readonly number[] | null)[] | null,
  envelope: ArrayLike<number>,
): Map<number, { combinedClass: number; finalClass: number; finalSource: FinalSource }> {
  let combined: RecognitionOutput = t2;
  if (t1Logits && t1Logits.every((l) => l !== null)) {
    const t1: RecognitionOutput = {
      faces: t1Logits.map((l, i) => {
        const t = softmaxTop(l!, AAGNET_FT_CALIBRATION.temperature);
        const stock = envelope[i] === 1 && t.classId !== AAGNET_STOCK_CLASS_ID;
        const classId = stock ? AAGNET_STOCK_CLASS_ID : t.classId;
        return { faceIndex: i, stepId: null, classId, className: AAGNET_CLASS_NAMES[classId], probability: stock ? ENVELOPE_STOCK_PROBABILITY : t.probability };
      }),
      features: [],
      confidence: 0,
    };
    combined = combineTierAnswers(t2, t1, DEFAULT_TIER_COMBINATION);
  }
  const afterBase = applyBaseBodyStock(body, combined);
  const final = groupCompositeHoles(body, afterBase);
  const sources = facePassSources(combined, afterBase, final);
  const before = new Map(combined.faces.map((f) => [f.faceIndex, f.classId]));
  const out = new Map<number, { combinedClass: number; finalClass: number; finalSource: FinalSource }>();
  for (const f of final.faces) out.set(f.faceIndex, { combinedClass: before.get(f.faceIndex) ?? -1, finalClass: f.classId, finalSource: sources.get(f.faceIndex)! });
  return out;
}
