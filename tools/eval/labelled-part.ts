/**
 * One labelled STEP item of an evaluation set read as the dev tools need it: the B-Rep Part (with the
 * OpenCascade tessellation attached when it succeeds and the exact face measures, as the analyzer recognizes it), its face truth, and its closed bodies with their
 * face maps (the pipeline recognizes a multi-solid file body by body). Shared by the face-record
 * collector and the base-body measuring tool.
 * @internal
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { splitPartBySolid, type Part } from '../../src/model/index.js';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import type { Tessellator } from '../../src/tessellation/index.js';
import type { EvalItem } from './eval-sets.js';
import { readSyntheticLabels } from './readers/synthetic-reader.js';
import { bindRealworldTruth, readRealworldLabels } from './readers/realworld-reader.js';
import { bindMfcadTruth, readMfcadLabels } from './readers/mfcad-reader.js';
import { bindByStepId, type PartTruth } from './part-truth.js';
import { tessellateForRecognition } from './tier2-data.js';

/** A labelled part, its truth and its bodies (`faceMap[k]` = the part's index of body face `k`). */
export interface LabelledPart {
  part: Part;
  truth: PartTruth;
  bodies: { part: Part; faceMap: number[] }[];
}

/** Reads and binds one STEP item; null for STL items and for files the reader cannot build. */
export async function loadLabelledPart(item: EvalItem, tess: Tessellator): Promise<LabelledPart | null> {
  if (item.kind === 'stl') return null;
  let stepPath: string;
  let bind: (part: Part, bytes: Uint8Array) => PartTruth;
  if (item.kind === 'synthetic') {
    const labels = readSyntheticLabels(item.labelsPath);
    stepPath = item.stepPath;
    bind = (part) => bindByStepId(part, labels.faces, () => true, item.name, true);
  } else if (item.kind === 'mfcad') {
    const labels = readMfcadLabels(item.labelsPath);
    stepPath = item.stepPath;
    bind = (part) => bindMfcadTruth(part, labels, item.name);
  } else {
    const labels = readRealworldLabels(item.labelsPath);
    stepPath = join(item.partsDir, labels.file);
    bind = (part, bytes) => bindRealworldTruth(part, bytes, labels, item.name);
  }
  const bytes = new Uint8Array(readFileSync(stepPath));
  let part: Part;
  try {
    part = buildPartFromStep(readStep(bytes));
  } catch {
    return null;
  }
  const truth = bind(part, bytes);
  try {
    part = await tessellateForRecognition(part, bytes, tess);
  } catch {
    /* no tessellation: measures from the B-Rep; Tier 1 declines on its own */
  }
  const bodies = part.solids.length > 1 ? splitPartBySolid(part).filter((b) => b.closed) : [{ part, faceMap: part.faces.map((_, i) => i) }];
  return { part, truth, bodies };
}
