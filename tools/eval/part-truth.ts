/**
 * Ground truth of one part, bound to its `Part`: per Part face a class (or "not counted"), a feature
 * instance and a bottom flag. Every label reader produces this, so scoring never depends on the format.
 * @internal
 */
import { AAGNET_CLASS_NAMES, AAGNET_STOCK_CLASS_ID } from '../../src/inference/aagnet-classes.js';
import type { Part } from '../../src/model/index.js';
import { EvalError } from './eval-error.js';

/** Truth class id of real-world `other_feature` faces (bosses, ribs, text, threads): no AAGNet class can be right. */
export const OTHER_FEATURE_CLASS_ID = 25;
/** Truth class names: the 25 AAGNet classes, then `other_feature`. */
export const TRUTH_CLASS_NAMES: readonly string[] = [...AAGNET_CLASS_NAMES, 'other_feature'];
/** `faceClass` value of a face that does not count (a face of an unlabelled solid). */
export const NOT_COUNTED = -1;

/** One labelled feature instance. */
export interface TruthInstance {
  id: string;
  classId: number;
}

/** Truth per Part face (arrays indexed like `part.faces`). */
export interface PartTruth {
  /** 0..24 (AAGNet), 25 (`other_feature`) or {@link NOT_COUNTED}. */
  faceClass: Int32Array;
  /** Index into `instances`, -1 for stock / no instance. */
  faceInstance: Int32Array;
  /** Bottom flag per face, when the labels have one. */
  faceBottom: Uint8Array | null;
  /** Null when the label format has no instances (MFCAD). */
  instances: TruthInstance[] | null;
}

/** A face's truth as a reader delivers it, before binding to the Part. */
export interface FaceLabel {
  classId: number;
  instance: string | null;
  bottom?: boolean;
  /**
   * The instance's class when it differs from the face's: a generated composite hole is one instance of
   * the hole's class while its faces keep their own (a countersink's cone is a `chamfer` face).
   */
  instanceClassId?: number;
}

/** Class id of a truth class name; throws `EVAL_LABELS_INVALID` for an unknown name. */
export function truthClassId(name: string, where: string): number {
  const id = TRUTH_CLASS_NAMES.indexOf(name);
  if (id < 0) throw new EvalError('EVAL_LABELS_INVALID', `${where}: unknown class '${name}'`, { class: name });
  return id;
}

/**
 * Binds labels keyed by STEP `ADVANCED_FACE` id to the Part's faces.
 * @param counted the faces that must be labelled (all faces, or those of the labelled solids); faces
 *   outside it are {@link NOT_COUNTED} and must not be labelled either
 * @throws EvalError `EVAL_LABELS_MISMATCH` when the label ids are not exactly the counted faces' ids
 */
export function bindByStepId(part: Readonly<Part>, labels: ReadonlyMap<number, FaceLabel>, counted: (faceIndex: number) => boolean, what: string, withInstances: boolean): PartTruth {
  const n = part.faces.length;
  const faceClass = new Int32Array(n).fill(NOT_COUNTED);
  const faceInstance = new Int32Array(n).fill(-1);
  const faceBottom = new Uint8Array(n);
  const instanceIndex = new Map<string, number>();
  const instances: TruthInstance[] = [];
  const missing: number[] = [];
  const seen = new Set<number>();
  const stepIds = new Set<number>();
  for (const f of part.faces) {
    if (f.stepId !== null) stepIds.add(f.stepId);
    if (!counted(f.index)) continue;
    const label = f.stepId === null ? undefined : labels.get(f.stepId);
    if (!label) {
      missing.push(f.stepId ?? -1);
      continue;
    }
    seen.add(f.stepId!);
    faceClass[f.index] = label.classId;
    faceBottom[f.index] = label.bottom ? 1 : 0;
    if (label.instance !== null && label.classId !== AAGNET_STOCK_CLASS_ID) {
      let k = instanceIndex.get(label.instance);
      if (k === undefined) {
        instanceIndex.set(label.instance, (k = instances.length));
        instances.push({ id: label.instance, classId: label.instanceClassId ?? label.classId });
      }
      faceInstance[f.index] = k;
    }
  }
  const extra = [...labels.keys()].filter((id) => !seen.has(id));
  if (missing.length > 0 || extra.length > 0) {
    const notInFile = extra.filter((id) => !stepIds.has(id));
    throw new EvalError(
      'EVAL_LABELS_MISMATCH',
      `${what}: label face ids do not match the STEP file's ADVANCED_FACE ids: ${missing.length} face(s) without a label` +
        `${missing.length ? ` (#${missing.slice(0, 8).join(', #')}${missing.length > 8 ? ', …' : ''})` : ''}, ${extra.length} label(s) for no counted face` +
        `${extra.length ? ` (#${extra.slice(0, 8).join(', #')}${extra.length > 8 ? ', …' : ''}; ${notInFile.length} not in the file at all)` : ''}`,
      { missing: missing.slice(0, 50), extra: extra.slice(0, 50) },
    );
  }
  return { faceClass, faceInstance, faceBottom, instances: withInstances ? instances : null };
}
