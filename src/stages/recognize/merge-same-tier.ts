import type { RecognitionOutput, RecognizedFace } from './recognizer.js';

/** `other_feature`: a face outside the 25 classes ("no class": any class of a later answer is preferred). */
const OTHER_FEATURE_CLASS_ID = 25;

/**
 * Merges the answers of several recognizers of one tier, given in preference order, face by face: a face
 * keeps the class of the first answer that labels it with a class, so a later answer labels only the faces
 * the earlier ones leave out or call `other_feature` (no class). Each answer's features keep the faces that
 * carry that answer's class; a feature left without faces is dropped. The confidence is the mean of the
 * chosen faces' probabilities (the first answer's own when no later answer adds a face), and `details`
 * stay the first answer's.
 *
 * This is how an embedder's recognizer sits beside a built-in one of the same tier: placed first, it
 * answers the faces it knows and the built-in answers the rest (docs/extending.md, "A recognizer").
 *
 * @example
 * ```ts
 * // a custom Tier 2 answer (one face) in front of the heuristics' answer (every face)
 * const merged = mergeSameTierAnswers([custom, heuristics]);
 * merged.faces.length; // every face the heuristics labelled, the custom face with its custom class
 * ```
 * @internal
 */
export function mergeSameTierAnswers(answers: readonly RecognitionOutput[]): RecognitionOutput {
  if (answers.length === 0) throw new RangeError('mergeSameTierAnswers needs at least one answer');
  if (answers.length === 1) return answers[0];
  // For each face, which answer's class it carries (the position in `answers`).
  const owner = new Map<number, number>();
  const chosen = new Map<number, RecognizedFace>();
  answers.forEach((answer, k) => {
    for (const f of answer.faces) {
      const held = chosen.get(f.faceIndex);
      if (held && (held.classId !== OTHER_FEATURE_CLASS_ID || f.classId === OTHER_FEATURE_CLASS_ID)) continue;
      chosen.set(f.faceIndex, f);
      owner.set(f.faceIndex, k);
    }
  });
  const first = answers[0];
  // Faces in the first answer's order, then the faces later answers added, in theirs.
  const faces: RecognizedFace[] = [];
  const placed = new Set<number>();
  for (const answer of answers)
    for (const f of answer.faces)
      if (!placed.has(f.faceIndex)) {
        placed.add(f.faceIndex);
        faces.push(chosen.get(f.faceIndex)!);
      }
  const features = answers.flatMap((answer, k) =>
    answer.features.flatMap((feat) => {
      const keep = (fi: number) => owner.get(fi) === k;
      const kept = feat.faces.filter(keep);
      return kept.length === 0 ? [] : [{ ...feat, faces: kept, bottomFaces: feat.bottomFaces.filter(keep) }];
    }),
  );
  const addedFace = [...owner.values()].some((k) => k > 0);
  const confidence = !addedFace ? first.confidence : faces.reduce((s, f) => s + f.probability, 0) / faces.length;
  return { faces, features, confidence, ...(first.details ? { details: first.details } : {}) };
}
