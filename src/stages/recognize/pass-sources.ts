import type { RecognitionOutput } from './recognizer.js';
import { BASE_BODY_STOCK_PROBABILITY } from './base-body-pass.js';

/**
 * What set a face's final class in the orchestrator (`runRecognizers`): the tiers' answer (`tier`), the
 * base-body pass turning it to stock (`base`: a face of the base body, `outline`: a plate's outline wall),
 * or the hole pass changing its class (`hole`).
 */
export type FacePassSource = 'tier' | 'base' | 'outline' | 'hole';

/**
 * Each face's {@link FacePassSource}, from the answer before the passes, after the base-body pass and after
 * the hole pass (face indices are the same Part's in all three).
 * @internal
 */
export function facePassSources(before: RecognitionOutput, afterBase: RecognitionOutput, final: RecognitionOutput): Map<number, FacePassSource> {
  const classBefore = new Map(before.faces.map((f) => [f.faceIndex, f.classId]));
  const based = new Map(afterBase.faces.map((f) => [f.faceIndex, f]));
  const out = new Map<number, FacePassSource>();
  for (const f of final.faces) {
    const c0 = classBefore.get(f.faceIndex);
    const b = based.get(f.faceIndex);
    if (b !== undefined && b.classId !== c0) out.set(f.faceIndex, b.probability === BASE_BODY_STOCK_PROBABILITY ? 'base' : 'outline');
    else out.set(f.faceIndex, f.classId !== c0 ? 'hole' : 'tier');
  }
  return out;
}
