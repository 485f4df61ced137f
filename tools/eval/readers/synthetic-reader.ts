/**
 * Synthetic (generator) labels: `NAME.json` beside `NAME.step`, AAGNet's layout keyed by
 * `ADVANCED_FACE` id — `[[NAME, { seg, inst, bottom, face_ids, composites?, generator? }]]`
 * (docs/recognition.md, "Label formats").
 * @internal
 */
import { readFileSync } from 'node:fs';
import { AAGNET_STOCK_CLASS_ID } from '../../../src/inference/aagnet-classes.js';
import { EvalError } from '../eval-error.js';
import { type FaceLabel, OTHER_FEATURE_CLASS_ID } from '../part-truth.js';

/** The parsed label file: truth per ADVANCED_FACE id. */
export interface SyntheticLabels {
  name: string;
  faces: Map<number, FaceLabel>;
}

const THROUGH_HOLE_CLASS_ID = 1;
const BLIND_HOLE_CLASS_ID = 12;

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/**
 * Reads and checks a synthetic label file: `seg`, `bottom` and `face_ids` cover the same ids,
 * `inst` is a symmetric 0/1 matrix in `face_ids` order. Instances are the groups of faces whose
 * `inst` rows mark each other (stock faces have all-zero rows); the instances of one `composites[]`
 * entry are merged into one hole instance.
 * @throws EvalError `EVAL_LABELS_INVALID`
 */
export function readSyntheticLabels(path: string): SyntheticLabels {
  const bad = (why: string): never => {
    throw new EvalError('EVAL_LABELS_INVALID', `${path}: ${why}`);
  };
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    return bad(`not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (!Array.isArray(raw) || raw.length !== 1 || !Array.isArray(raw[0]) || raw[0].length !== 2 || typeof raw[0][0] !== 'string')
    return bad('expected [[NAME, {…}]]');
  const [name, body] = raw[0] as [string, Record<string, unknown>];
  if (typeof body !== 'object' || body === null) return bad('the second element is not an object');
  const { seg, inst, bottom, face_ids: faceIds } = body as { seg: unknown; inst: unknown; bottom: unknown; face_ids: unknown };
  if (!Array.isArray(faceIds) || !faceIds.every(isInt)) return bad('face_ids must be an array of integers');
  for (let i = 1; i < faceIds.length; i++) if (faceIds[i] <= faceIds[i - 1]) bad('face_ids must be strictly ascending');
  const n = faceIds.length;
  const keyed = (o: unknown, what: string): Map<number, number> => {
    if (typeof o !== 'object' || o === null || Array.isArray(o)) return bad(`${what} must be an object keyed by face id`);
    const m = new Map<number, number>();
    for (const [k, v] of Object.entries(o)) {
      if (!/^\d+$/.test(k) || !isInt(v)) bad(`${what}: entry ${k} is not <face id>: <integer>`);
      m.set(Number(k), v as number);
    }
    if (m.size !== n || !faceIds.every((id) => m.has(id))) bad(`${what} does not cover exactly the face_ids`);
    return m;
  };
  const segMap = keyed(seg, 'seg');
  const bottomMap = keyed(bottom, 'bottom');
  if (!Array.isArray(inst) || inst.length !== n || !inst.every((r) => Array.isArray(r) && r.length === n && r.every((v) => v === 0 || v === 1)))
    return bad(`inst must be a ${n}×${n} matrix of 0/1`);
  const m = inst as number[][];
  const faces = new Map<number, FaceLabel>();
  const group = new Int32Array(n).fill(-1);
  let groups = 0;
  for (let i = 0; i < n; i++) {
    const classId = segMap.get(faceIds[i])!;
    // 25 = other_feature: the protrusions of `generate --protrusions` (a boss is one instance, like a feature)
    if (classId < 0 || classId > OTHER_FEATURE_CLASS_ID) bad(`seg: class ${classId} out of range 0..${OTHER_FEATURE_CLASS_ID}`);
    for (let j = 0; j < n; j++) if (m[i][j] !== m[j][i]) bad(`inst is not symmetric at (${i}, ${j})`);
    const isFeature = classId !== AAGNET_STOCK_CLASS_ID;
    if (isFeature !== (m[i][i] === 1)) bad(`inst diagonal of face ${faceIds[i]} must be ${isFeature ? 1 : 0} (class ${classId})`);
    if (!isFeature && m[i].some((v) => v === 1)) bad(`inst row of stock face ${faceIds[i]} must be all zero`);
    if (isFeature && group[i] < 0) {
      for (let j = 0; j < n; j++) if (m[i][j] === 1) group[j] = groups;
      groups++;
    }
  }
  for (let i = 0; i < n; i++) {
    const classId = segMap.get(faceIds[i])!;
    faces.set(faceIds[i], { classId, instance: group[i] >= 0 ? String(group[i]) : null, bottom: bottomMap.get(faceIds[i]) === 1 });
  }
  mergeComposites(faces, (body as { composites?: unknown }).composites, bad);
  return { name, faces };
}

/**
 * Composite holes count as one instance (docs/labelling.md: "composite holes are one instance of the
 * hole's class"): the faces of each `composites[]` entry (counterbore: bore + drill; countersink: cone +
 * drill) become instance `c<k>` of class `through_hole` when the drill is through, else `blind_hole`.
 * Face classes stay the generator's.
 */
function mergeComposites(faces: Map<number, FaceLabel>, composites: unknown, bad: (why: string) => never): void {
  if (composites === undefined) return;
  if (!Array.isArray(composites)) bad('composites must be an array');
  (composites as unknown[]).forEach((c, k) => {
    const ids = (c as { faces?: unknown })?.faces;
    if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id) => isInt(id) && faces.has(id) && faces.get(id)!.instance !== null))
      bad(`composites[${k}].faces must list feature face ids`);
    const members = new Set((ids as number[]).map((id) => faces.get(id)!.instance));
    const all = [...faces.entries()].filter(([, f]) => members.has(f.instance));
    const through = all.some(([, f]) => f.classId === THROUGH_HOLE_CLASS_ID);
    for (const [id, f] of all) faces.set(id, { ...f, instance: `c${k}`, instanceClassId: through ? THROUGH_HOLE_CLASS_ID : BLIND_HOLE_CLASS_ID });
  });
}
