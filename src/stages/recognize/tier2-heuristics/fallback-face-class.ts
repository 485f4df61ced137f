/**
 * The last resort for a face that no feature rule explained, even after {@link reopenDepression}: a
 * constant class, not an analysis of the face's neighbourhood. The low probability (0.3, against 0.8 and
 * more for rule matches) is what tells a caller the face was not understood; `details.fallbackFaceCount`
 * counts these faces. On the 100-part MFCAD validation regression sample no face reaches it (34 of 2,250 did
 * before the depression was reopened), so nothing smarter has been measured to be worth writing.
 * @internal
 */
import { CLASS } from './rule-match.js';

/** Class, probability and bottom flag of a face no rule explained. */
export const FALLBACK_FACE_CLASS: { readonly classId: number; readonly confidence: number; readonly bottom: boolean } = Object.freeze({
  classId: CLASS.rectangularPocket,
  confidence: 0.3,
  bottom: false,
});
