/**
 * The honest answer for a face that no feature rule explained, even after {@link reopenDepression}:
 * `other_feature` (class id 25, beside the 25 AAGNet classes — the class real-part labels use for
 * geometry outside that vocabulary: bosses, ribs, turned sections, text) at a low probability. It used to
 * be the constant `rectangular_pocket` at 0.3, a guess that was wrong on most faces it reached;
 * `details.fallbackFaceCount` counts these faces.
 * @internal
 */
import { AAGNET_CLASS_NAMES } from '../../../inference/aagnet-classes.js';

/** Class id of `other_feature`: one past the 25 AAGNet classes (0–24). */
export const OTHER_FEATURE_CLASS_ID = 25;

/** Class, name, probability and bottom flag of a face no rule explained. */
export const FALLBACK_FACE_CLASS: { readonly classId: number; readonly className: string; readonly confidence: number; readonly bottom: boolean } = Object.freeze({
  classId: OTHER_FEATURE_CLASS_ID,
  className: 'other_feature',
  confidence: 0.3,
  bottom: false,
});

/** The name of a Tier 2 face class: an AAGNet class, or `other_feature` for {@link FALLBACK_FACE_CLASS}. */
export function faceClassName(classId: number): string {
  return classId === FALLBACK_FACE_CLASS.classId ? FALLBACK_FACE_CLASS.className : (AAGNET_CLASS_NAMES[classId] ?? String(classId));
}
