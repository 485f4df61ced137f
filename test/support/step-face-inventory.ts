/** The face inventory a label file is checked against, read straight from a STEP file's entities (solid → shell → faces), independently of the B-Rep builder. */
import { createHash } from 'node:crypto';
import { readStep } from '../../src/formats/step/index.js';
import type { StepFaceInventory } from '../../tools/labelling/label-file.js';
import { BODY_TYPES, bodyFaceIds } from '../../tools/labelling/unread-bodies.js';

export function stepFaceInventory(bytes: Uint8Array): StepFaceInventory {
  const step = readStep(bytes);
  const solids = new Map<number, number[]>();
  for (const id of step.ids()) {
    const e = step.get(id);
    if (e && BODY_TYPES.has(e.type)) solids.set(id, bodyFaceIds(step, id));
  }
  return { sha256: createHash('sha256').update(bytes).digest('hex'), solids };
}
