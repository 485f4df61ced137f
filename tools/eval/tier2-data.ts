/**
 * MFCAD loading for the evaluation tool and the Tier 2 tests: strict `face_truth` pickle parser, the
 * name-hash split (tuning vs validation), and STEP → Part (B-Rep + occt tessellation) in the calling thread.
 * @internal
 */
import { readStep } from '../../src/formats/step/step-reader.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import { attachTessellation, type Tessellator } from '../../src/tessellation/index.js';
import { createOcctInlineTessellator, type OcctModuleFactory } from '../../src/runtime/browser/occt-inline-tessellator.js';
import type { Part } from '../../src/model/index.js';

/** The strict `face_truth` reader (one definition, shared with the Tier 1 evaluation). */
export { parseFaceTruth } from './mfcad-face-truth.js';

/** The name-hash split (one definition, shared with the evaluation tool). */
export { mfcadSplit } from './mfcad-split.js';

/** An in-thread occt tessellator (no worker) for batch evaluation. */
export function createEvalTessellator(): Tessellator {
  return createOcctInlineTessellator({
    loadFactory: async () => {
      const name = 'occt-import-js';
      return ((await import(name)) as { default: unknown }).default as OcctModuleFactory;
    },
  });
}

/** STEP bytes → B-Rep Part with its tessellation attached. */
export async function loadStepPart(bytes: Uint8Array, tess: Tessellator): Promise<Part> {
  const part = buildPartFromStep(readStep(bytes));
  const occt = await tess.tessellate(bytes, 'step');
  return attachTessellation(part, occt);
}

/** Labels per Part face (MFCAD ids), read through the face name; -1 when the name is not a label index. */
export function labelsOfPart(part: Part, truth: readonly number[]): number[] {
  return part.faces.map((f) => {
    const k = Number(f.name);
    return Number.isInteger(k) && k >= 0 && k < truth.length ? truth[k] : -1;
  });
}
