/**
 * STL per-triangle labels: `NAME.stl.labels.json` beside `NAME.stl`,
 * `{ "triangleClass": [classId per triangle in STL order], "triangleFace": [ADVANCED_FACE id per triangle] }`.
 * Instances come from the part's synthetic labels (`NAME.json`) through `triangleFace`, when present.
 * @internal
 */
import { readFileSync } from 'node:fs';
import { AAGNET_NUM_CLASSES } from '../../../src/inference/aagnet-classes.js';
import { EvalError } from '../eval-error.js';
import type { TruthInstance } from '../part-truth.js';
import type { SyntheticLabels } from './synthetic-reader.js';

/** Truth per STL triangle. */
export interface TriangleTruth {
  triangleClass: Int32Array;
  triangleFace: Int32Array;
  /** Index into `instances` per triangle, -1 for none; all -1 when there are no instance labels. */
  triangleInstance: Int32Array;
  instances: TruthInstance[] | null;
}

/**
 * Reads a per-triangle label file.
 * @param triangles the STL's triangle count (the labels must have exactly one entry per triangle)
 * @param faceLabels the part's synthetic labels, for instances (optional)
 * @throws EvalError `EVAL_LABELS_INVALID` (shape, classes), `EVAL_LABELS_MISMATCH` (triangle count,
 *   or a triangleFace id the face labels do not have)
 */
export function readStlLabels(path: string, triangles: number, faceLabels: SyntheticLabels | null): TriangleTruth {
  let raw: { triangleClass?: unknown; triangleFace?: unknown };
  try {
    raw = JSON.parse(readFileSync(path, 'utf8')) as typeof raw;
  } catch (e) {
    throw new EvalError('EVAL_LABELS_INVALID', `${path}: not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const ints = (v: unknown, what: string): Int32Array => {
    if (!Array.isArray(v) || !v.every((x) => Number.isInteger(x))) throw new EvalError('EVAL_LABELS_INVALID', `${path}: ${what} must be an array of integers`);
    return Int32Array.from(v as number[]);
  };
  const triangleClass = ints(raw.triangleClass, 'triangleClass');
  const triangleFace = ints(raw.triangleFace, 'triangleFace');
  if (triangleClass.length !== triangles || triangleFace.length !== triangles)
    throw new EvalError('EVAL_LABELS_MISMATCH', `${path}: ${triangleClass.length} class and ${triangleFace.length} face labels for an STL of ${triangles} triangles`);
  for (const c of triangleClass) if (c < 0 || c >= AAGNET_NUM_CLASSES) throw new EvalError('EVAL_LABELS_INVALID', `${path}: class ${c} out of range 0..24`);
  const triangleInstance = new Int32Array(triangles).fill(-1);
  let instances: TruthInstance[] | null = null;
  if (faceLabels) {
    instances = [];
    const index = new Map<string, number>();
    for (let t = 0; t < triangles; t++) {
      const label = faceLabels.faces.get(triangleFace[t]);
      if (!label) throw new EvalError('EVAL_LABELS_MISMATCH', `${path}: triangle ${t} belongs to face #${triangleFace[t]}, which the part's labels do not have`);
      if (label.classId !== triangleClass[t]) throw new EvalError('EVAL_LABELS_MISMATCH', `${path}: triangle ${t} is class ${triangleClass[t]} but its face #${triangleFace[t]} is ${label.classId}`);
      if (label.instance === null) continue;
      let k = index.get(label.instance);
      if (k === undefined) {
        index.set(label.instance, (k = instances.length));
        instances.push({ id: label.instance, classId: label.classId });
      }
      triangleInstance[t] = k;
    }
  }
  return { triangleClass, triangleFace, triangleInstance, instances };
}
