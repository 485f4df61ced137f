/**
 * MFCAD loading for the evaluation tool and the Tier 2 tests: strict `face_truth` pickle parser, the
 * name-hash split (tuning vs validation), and STEP → Part (B-Rep + occt tessellation + exact face measures,
 * the Part the analyzer recognizes on) in the calling thread.
 * @internal
 */
import { readStep } from '../../src/formats/step/step-reader.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import { attachTessellation, type Tessellator } from '../../src/tessellation/index.js';
import { measureBrepFaces, withExactFaceMeasures } from '../../src/analyze/brep-face-measures.js';
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

/**
 * The Part the analyzer recognizes on once it has tessellated a STEP file: the reader's `part` with
 * OpenCascade's tessellation of `bytes` attached and the exact B-Rep face measures where they could be
 * computed (measured before the tessellation, as the pipeline does: src/analyze/run-pipeline.ts).
 * Every Tier 1 / Tier 2 path of the evaluation and dev tools builds its Part here.
 */
export async function tessellateForRecognition(part: Part, bytes: Uint8Array, tess: Tessellator): Promise<Part> {
  const exact = measureBrepFaces(part);
  return withExactFaceMeasures(attachTessellation(part, await tess.tessellate(bytes, 'step')), exact);
}

/** STEP bytes → the B-Rep Part recognition reads (see {@link tessellateForRecognition}). */
export async function loadStepPart(bytes: Uint8Array, tess: Tessellator): Promise<Part> {
  return tessellateForRecognition(buildPartFromStep(readStep(bytes)), bytes, tess);
}

/** Labels per Part face (MFCAD ids), read through the face name; -1 when the name is not a label index. */
export function labelsOfPart(part: Part, truth: readonly number[]): number[] {
  return part.faces.map((f) => {
    const k = Number(f.name);
    return Number.isInteger(k) && k >= 0 && k < truth.length ? truth[k] : -1;
  });
}
