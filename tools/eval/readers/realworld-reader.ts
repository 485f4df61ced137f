/**
 * Real-world labels: `labels/realworld/Dnn.json`, format `cadlens-face-labels/1` (docs/labelling.md,
 * docs/recognition.md "Label formats"): per labelled solid, per face a class (25 AAGNet classes or
 * `other_feature`), an instance id (null for stock), a bottom flag and composite tags; the sha256 of
 * the STEP file the labels were made on.
 * @internal
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Part } from '../../../src/model/index.js';
import { EvalError } from '../eval-error.js';
import { bindByStepId, truthClassId, type FaceLabel, type PartTruth } from '../part-truth.js';

/** The format tag this reader accepts. */
export const REALWORLD_LABEL_FORMAT = 'cadlens-face-labels/1';

/** A parsed real-world label file. */
export interface RealworldLabels {
  /** File name in the parts folder. */
  file: string;
  sha256: string;
  solids: { stepId: number; labelled: boolean; note?: string }[];
  faces: Map<number, FaceLabel & { tags: string[] }>;
  instances: Map<string, { classId: number; composite: string | null }>;
}

const TAGS = new Set(['counterbore', 'countersink', 'counterdrill', 'thread']);

/**
 * Reads and checks a label file's shape (not yet against the STEP file: see {@link bindRealworldTruth}).
 * @throws EvalError `EVAL_LABELS_INVALID`
 */
export function readRealworldLabels(path: string): RealworldLabels {
  const bad = (why: string): never => {
    throw new EvalError('EVAL_LABELS_INVALID', `${path}: ${why}`);
  };
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (e) {
    return bad(`not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (typeof raw !== 'object' || raw === null || raw.format !== REALWORLD_LABEL_FORMAT) return bad(`format must be '${REALWORLD_LABEL_FORMAT}'`);
  if (typeof raw.file !== 'string' || raw.file.includes('/') || raw.file.includes('\\')) return bad('file must be a plain file name');
  if (typeof raw.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(raw.sha256)) return bad('sha256 must be 64 lowercase hex digits');
  if (!Array.isArray(raw.solids) || raw.solids.length === 0) return bad('solids must be a non-empty array');
  const solids = raw.solids.map((s: { stepId?: unknown; labelled?: unknown; note?: unknown }, i: number) => {
    if (!Number.isInteger(s?.stepId) || typeof s.labelled !== 'boolean') bad(`solids[${i}] needs an integer stepId and a boolean labelled`);
    return { stepId: s.stepId as number, labelled: s.labelled as boolean, ...(typeof s.note === 'string' ? { note: s.note } : {}) };
  });
  const instances = new Map<string, { classId: number; composite: string | null }>();
  if (typeof raw.instances !== 'object' || raw.instances === null) return bad('instances must be an object');
  for (const [id, v] of Object.entries(raw.instances as Record<string, { class?: unknown; composite?: unknown }>)) {
    if (typeof v?.class !== 'string') bad(`instance ${id} has no class`);
    const composite = v.composite ?? null;
    if (composite !== null && (typeof composite !== 'string' || !TAGS.has(composite))) bad(`instance ${id}: unknown composite '${String(composite)}'`);
    instances.set(id, { classId: truthClassId(v.class as string, `${path}: instance ${id}`), composite: composite as string | null });
  }
  const faces = new Map<number, FaceLabel & { tags: string[] }>();
  if (typeof raw.faces !== 'object' || raw.faces === null) return bad('faces must be an object keyed by ADVANCED_FACE id');
  for (const [k, v] of Object.entries(raw.faces as Record<string, { class?: unknown; instance?: unknown; bottom?: unknown; tags?: unknown }>)) {
    if (!/^\d+$/.test(k)) bad(`face key '${k}' is not an ADVANCED_FACE id`);
    if (typeof v?.class !== 'string') bad(`face ${k} has no class`);
    const classId = truthClassId(v.class as string, `${path}: face ${k}`);
    const instance = v.instance ?? null;
    if (instance !== null && typeof instance !== 'string') bad(`face ${k}: instance must be a string or null`);
    // Stock faces have no instance; AAGNet-class feature faces must have one; other_feature faces may
    // (a boss) or may not (loose text, free form).
    if (v.class === 'stock' && instance !== null) bad(`face ${k}: a stock face has instance null`);
    if (v.class !== 'stock' && v.class !== 'other_feature' && instance === null) bad(`face ${k}: a ${String(v.class)} face needs an instance`);
    if (instance !== null) {
      const known = instances.get(instance as string);
      if (!known) bad(`face ${k}: instance '${String(instance)}' is not in instances`);
      if (known!.classId !== classId) bad(`face ${k}: class '${String(v.class)}' differs from its instance's class`);
    }
    if (typeof v.bottom !== 'boolean') bad(`face ${k}: bottom must be true or false`);
    const tags = v.tags ?? [];
    if (!Array.isArray(tags) || !tags.every((t) => typeof t === 'string' && TAGS.has(t))) bad(`face ${k}: tags must be a list of ${[...TAGS].join(', ')}`);
    faces.set(Number(k), { classId, instance: instance as string | null, bottom: v.bottom as boolean, tags: tags as string[] });
  }
  return { file: raw.file, sha256: raw.sha256, solids, faces, instances };
}

/** sha256 (hex) of a file's bytes. */
export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Checks the labels against the STEP file and binds them to its Part: the hash must match, every
 * labelled solid must exist in the Part (unlabelled ones may be bodies the builder does not read), and the labelled faces must be exactly the faces of the solids marked
 * `labelled` (faces of other solids do not count).
 * @throws EvalError `EVAL_LABELS_HASH_MISMATCH`, `EVAL_LABELS_MISMATCH`
 */
export function bindRealworldTruth(part: Readonly<Part>, bytes: Uint8Array, labels: RealworldLabels, what: string): PartTruth {
  const hash = sha256Of(bytes);
  if (hash !== labels.sha256)
    throw new EvalError('EVAL_LABELS_HASH_MISMATCH', `${what}: the labels were made on a file with sha256 ${labels.sha256}, this one has ${hash}`, { expected: labels.sha256, actual: hash });
  const solidByStepId = new Map(part.solids.map((s) => [s.stepId, s.index]));
  // A body the B-Rep builder does not read (e.g. CATIA's supplemental construction planes) may be listed,
  // but only as unlabelled: there is nothing of it to score.
  const unknown = labels.solids.filter((s) => s.labelled && !solidByStepId.has(s.stepId)).map((s) => s.stepId);
  if (unknown.length > 0)
    throw new EvalError('EVAL_LABELS_MISMATCH', `${what}: solid(s) #${unknown.join(', #')} are not solids of the STEP file`, { unknownSolids: unknown });
  const labelledSolids = new Set(labels.solids.filter((s) => s.labelled).map((s) => solidByStepId.get(s.stepId)!));
  const counted = (fi: number) => labelledSolids.has(part.shells[part.faces[fi].shell]?.solid ?? -1);
  return bindByStepId(part, labels.faces, counted, what, true);
}
