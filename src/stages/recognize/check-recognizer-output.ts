import { CadlensError } from '../../errors/index.js';
import type { Part } from '../../model/index.js';
import type { RecognitionOutput } from './recognizer.js';
import { AAGNET_CLASS_NAMES } from '../../inference/aagnet-classes.js';

/** The face classes of the result contract: the 25 AAGNet classes (ids 0–24), then `other_feature` (25). */
const FACE_CLASS_NAMES: readonly string[] = [...AAGNET_CLASS_NAMES, 'other_feature'];

const inUnit = (v: unknown): boolean => typeof v === 'number' && v >= 0 && v <= 1;

/**
 * What is wrong with a recognizer's answer for `part`, or null when it is well formed: faces and features arrays;
 * each face once, with an index of the part and a probability in [0, 1]; features whose faces and bottom faces are
 * faces of the part; confidences in [0, 1]; face classes of the result contract (`classId` 0–25 and its `className`:
 * the later passes and the tier combination read both, and the result promises that vocabulary). Looser than `runRecognizerContract` where the built-in tiers need it:
 * a part without B-Rep faces (mesh input: the tiers label segments of the mesh) has no index range to check, and a
 * feature may have no faces (Tier 3's hole candidates). Feature parameters are not checked here: a non-finite one is
 * dropped with a finding later.
 */
export function recognizerOutputProblem(output: unknown, part: Readonly<Part>): string | null {
  if (typeof output !== 'object' || output === null) return `the answer is ${output === null ? 'null' : typeof output}, not an object`;
  const { faces, features, confidence } = output as Partial<RecognitionOutput>;
  if (!Array.isArray(faces)) return 'faces is not an array';
  if (!Array.isArray(features)) return 'features is not an array';
  if (!inUnit(confidence)) return `confidence ${String(confidence)} is not in [0, 1]`;
  const n = part.faces.length;
  const isFace = (i: unknown): boolean => Number.isInteger(i) && (i as number) >= 0 && (n === 0 || (i as number) < n);
  const seen = new Set<number>();
  for (const f of faces as unknown[]) {
    const face = (f ?? {}) as Partial<RecognitionOutput['faces'][number]>;
    if (!isFace(face.faceIndex)) return `face index ${String(face.faceIndex)} is not a face of the part (${n} faces)`;
    if (seen.has(face.faceIndex!)) return `face ${face.faceIndex} is labelled twice`;
    seen.add(face.faceIndex!);
    if (!inUnit(face.probability)) return `face ${face.faceIndex}: probability ${String(face.probability)} is not in [0, 1]`;
    if (!Number.isInteger(face.classId) || typeof face.className !== 'string') return `face ${face.faceIndex}: no integer classId and string className`;
    const expected = FACE_CLASS_NAMES[face.classId!];
    if (expected === undefined) return `face ${face.faceIndex}: classId ${face.classId} is not a face class (0–24 AAGNet, 25 other_feature)`;
    if (face.className !== expected) return `face ${face.faceIndex}: className ${face.className} is not class ${face.classId}'s name (${expected})`;
  }
  for (const [k, f] of (features as unknown[]).entries()) {
    const feature = (f ?? {}) as Partial<RecognitionOutput['features'][number]>;
    if (typeof feature.type !== 'string') return `feature ${k}: type is not a string`;
    if (!Array.isArray(feature.faces) || !feature.faces.every(isFace)) return `feature ${k} (${feature.type}): faces must be faces of the part`;
    if (!Array.isArray(feature.bottomFaces) || !feature.bottomFaces.every(isFace)) return `feature ${k} (${feature.type}): bottomFaces must be faces of the part`;
    if (!inUnit(feature.confidence)) return `feature ${k} (${feature.type}): confidence ${String(feature.confidence)} is not in [0, 1]`;
    if (typeof feature.parameters !== 'object' || feature.parameters === null) return `feature ${k} (${feature.type}): parameters is not an object`;
  }
  return null;
}

/**
 * Throws `RECOGNIZER_FAILED` (permanent) when {@link recognizerOutputProblem} finds one: the orchestrator then
 * records the skip (`error:RECOGNIZER_FAILED`, the problem as its detail) and asks the next tier, as for a throw.
 */
export function assertRecognizerOutput(output: unknown, part: Readonly<Part>, recognizerId: string): asserts output is RecognitionOutput {
  const problem = recognizerOutputProblem(output, part);
  if (problem) {
    throw new CadlensError('RECOGNIZER_FAILED', `recognizer ${recognizerId} gave a malformed answer: ${problem}`, {
      kind: 'permanent',
      stage: 'recognize',
      details: { recognizer: recognizerId },
    });
  }
}
