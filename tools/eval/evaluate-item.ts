/**
 * Evaluates one item of a set: reads the part and its labels (label ids checked against the file —
 * a mismatch throws and ends the run), runs each requested recognition path, and hands truth and
 * prediction per path to the accumulators.
 * @internal
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import type { Tessellator } from '../../src/tessellation/index.js';
import { readStl, writeBinaryStl } from '../../src/formats/mesh/index.js';
import type { Part, PartMesh } from '../../src/model/index.js';
import { isEvalError } from './eval-error.js';
import type { EvalItem } from './eval-sets.js';
import type { ElementTruth } from './metrics/evaluation-accumulator.js';
import { NOT_COUNTED, type PartTruth } from './part-truth.js';
import { bindMfcadTruth, readMfcadLabels } from './readers/mfcad-reader.js';
import { bindRealworldTruth, readRealworldLabels } from './readers/realworld-reader.js';
import { readStlLabels } from './readers/stl-labels-reader.js';
import { readSyntheticLabels } from './readers/synthetic-reader.js';
import { bindByStepId } from './part-truth.js';
import { tessellateForRecognition } from './tier2-data.js';
import type { Prediction, TierId, TierRunners } from './run-tiers.js';

/** Truth and prediction of one path on one part. */
export interface PathOutcome {
  tier: TierId;
  truth: ElementTruth;
  prediction: Prediction;
}

/** Per-triangle areas of a mesh. */
export function triangleAreas(mesh: PartMesh): Float64Array {
  const { positions: p, indices: ix } = mesh;
  const out = new Float64Array(ix.length / 3);
  for (let t = 0; t < out.length; t++) {
    const a = ix[3 * t] * 3, b = ix[3 * t + 1] * 3, c = ix[3 * t + 2] * 3;
    const ux = p[b] - p[a], uy = p[b + 1] - p[a + 1], uz = p[b + 2] - p[a + 2];
    const vx = p[c] - p[a], vy = p[c + 1] - p[a + 1], vz = p[c + 2] - p[a + 2];
    out[t] = 0.5 * Math.hypot(uy * vz - uz * vy, uz * vx - ux * vz, ux * vy - uy * vx);
  }
  return out;
}

const failed = (tier: TierId, reason: string): PathOutcome => ({
  tier,
  truth: { classId: new Int32Array(0), instance: new Int32Array(0), instances: [], area: new Float64Array(0) },
  prediction: { status: 'failed', reason, ms: 0, classId: new Int32Array(0), probability: new Float64Array(0), instances: [], confidence: null },
});

/** Options of {@link evaluateItem}. */
export interface EvaluateItemOptions {
  tiers: readonly TierId[];
  runners: TierRunners;
  tessellator: Tessellator;
  /** Rewrites the STEP text before reading (a seeded rotation), or null. */
  transformStep: ((text: string, name: string) => string) | null;
}

/**
 * Evaluates one item.
 * @throws EvalError for label files that do not match their part (never caught here: the run must fail)
 */
export async function evaluateItem(item: EvalItem, options: EvaluateItemOptions): Promise<PathOutcome[]> {
  return item.kind === 'stl' ? evaluateStlItem(item, options) : evaluateBrepItem(item, options);
}

async function evaluateBrepItem(item: Exclude<EvalItem, { kind: 'stl' }>, options: EvaluateItemOptions): Promise<PathOutcome[]> {
  const { tiers, runners } = options;
  let labelsBinder: (part: Part, bytes: Uint8Array) => PartTruth;
  let stepPath: string;
  if (item.kind === 'mfcad') {
    const labels = readMfcadLabels(item.labelsPath);
    stepPath = item.stepPath;
    labelsBinder = (part) => bindMfcadTruth(part, labels, item.name);
  } else if (item.kind === 'synthetic') {
    const labels = readSyntheticLabels(item.labelsPath);
    stepPath = item.stepPath;
    labelsBinder = (part) => bindByStepId(part, labels.faces, () => true, item.name, true);
  } else {
    const labels = readRealworldLabels(item.labelsPath);
    stepPath = join(item.partsDir, labels.file);
    labelsBinder = (part, bytes) => bindRealworldTruth(part, bytes, labels, `${item.name} (${labels.file})`);
  }
  let bytes: Uint8Array = new Uint8Array(readFileSync(stepPath));
  const original = bytes;
  if (options.transformStep) bytes = new TextEncoder().encode(options.transformStep(new TextDecoder('latin1').decode(bytes), item.name));

  let part: Part;
  try {
    part = buildPartFromStep(readStep(bytes));
  } catch (e) {
    return tiers.map((t) => failed(t, `STEP read: ${e instanceof Error ? e.message : String(e)}`));
  }
  // Labels are checked first (a mismatch ends the run before any work). The hash is of the file as
  // labelled (before any rotation); ids are checked on the part as read. Tessellation keeps face indices; the
  // faces keep their exact B-Rep measures (the Part the analyzer recognizes on, and the truth's area weights).
  const truth = labelsBinder(part, original);
  let tessellationError: string | null = null;
  try {
    part = await tessellateForRecognition(part, bytes, options.tessellator);
  } catch (e) {
    tessellationError = e instanceof Error ? e.message : String(e);
  }
  const faceTruth: ElementTruth = { classId: truth.faceClass, instance: truth.faceInstance, instances: truth.instances, area: Float64Array.from(part.faces, (f) => f.area) };

  const out: PathOutcome[] = [];
  for (const tier of tiers) {
    if (tier === '1') out.push({ tier, truth: faceTruth, prediction: await runners.tier1(part) });
    else if (tier === '2') out.push({ tier, truth: faceTruth, prediction: await runners.tier2(part) });
    else if (tier === 'default') out.push({ tier, truth: faceTruth, prediction: await runners.defaultPipeline(bytes, `${item.name}.step`, part, 0) });
    else {
      if (tessellationError !== null || part.mesh.indices.length === 0) {
        out.push(failed(tier, `tessellation: ${tessellationError ?? 'no triangles'}`));
        continue;
      }
      // Truth per triangle = the truth of the B-Rep face it was tessellated from.
      const tf = part.mesh.triangleFace;
      const classId = Int32Array.from(tf, (f) => (f < 0 ? NOT_COUNTED : truth.faceClass[f]));
      const instance = Int32Array.from(tf, (f) => (f < 0 ? -1 : truth.faceInstance[f]));
      const triTruth: ElementTruth = { classId, instance, instances: truth.instances, area: triangleAreas(part.mesh) };
      out.push({ tier, truth: triTruth, prediction: runners.stl(writeBinaryStl(part.mesh), tf.length) });
    }
  }
  return out;
}

async function evaluateStlItem(item: Extract<EvalItem, { kind: 'stl' }>, options: EvaluateItemOptions): Promise<PathOutcome[]> {
  const stlBytes = new Uint8Array(readFileSync(item.stlPath));
  let mesh: PartMesh;
  try {
    mesh = readStl(stlBytes).mesh;
  } catch (e) {
    if (isEvalError(e)) throw e;
    return options.tiers.map((t) => failed(t, `STL read: ${e instanceof Error ? e.message : String(e)}`));
  }
  const triangles = mesh.indices.length / 3;
  const faceLabels = item.faceLabelsPath ? readSyntheticLabels(item.faceLabelsPath) : null;
  const tri = readStlLabels(item.labelsPath, triangles, faceLabels);
  const truth: ElementTruth = { classId: tri.triangleClass, instance: tri.triangleInstance, instances: tri.instances, area: triangleAreas(mesh) };
  const out: PathOutcome[] = [];
  for (const tier of options.tiers) {
    if (tier === 'stl') out.push({ tier, truth, prediction: options.runners.stl(stlBytes, triangles) });
    else if (tier === 'default') out.push({ tier, truth, prediction: await options.runners.defaultPipeline(stlBytes, `${item.name}.stl`, null, triangles) });
  }
  return out;
}
