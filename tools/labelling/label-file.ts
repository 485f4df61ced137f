/**
 * The `cadlens-face-labels/1` format of hand-labelled real-world parts (labels/realworld/Dnn.json) and
 * its consistency check against the STEP file's faces.
 * @internal
 */
import { AAGNET_CLASS_NAMES } from '../../src/inference/aagnet-classes.js';

/** The 25 AAGNet classes plus `other_feature` (bosses, ribs, text, threads, free form). */
export const REAL_WORLD_CLASSES = [...AAGNET_CLASS_NAMES, 'other_feature'] as const;
/** A real-world label class. */
export type RealWorldClass = (typeof REAL_WORLD_CLASSES)[number];
/** Composite tags a feature instance may carry. */
export const COMPOSITE_TAGS = ['counterbore', 'countersink', 'counterdrill', 'thread'] as const;
/** A composite tag. */
export type CompositeTag = (typeof COMPOSITE_TAGS)[number];

/** The label of one face. */
export interface FaceLabel {
  class: RealWorldClass;
  /** Feature instance id, or null for stock. */
  instance: string | null;
  bottom: boolean;
  tags: CompositeTag[];
}

/** One label file. */
export interface RealWorldLabelFile {
  format: 'cadlens-face-labels/1';
  file: string;
  sha256: string;
  solids: { stepId: number; labelled: boolean; note: string }[];
  faces: Record<string, FaceLabel>;
  instances: Record<string, { class: RealWorldClass; composite: CompositeTag | null }>;
  meta: { minutes: number; ambiguous: string[]; method: string };
}

/** What the STEP file says: its hash and the face ids of each solid or surface body. */
export interface StepFaceInventory {
  sha256: string;
  solids: Map<number, number[]>;
}

/**
 * Every problem of a label file against its STEP file (empty when consistent): hash, solids, every face of
 * each labelled solid exactly once and nothing else, known classes and tags, instances that exist and agree
 * with their faces' class, stock without instance.
 */
export function labelFileProblems(labels: RealWorldLabelFile, step: StepFaceInventory): string[] {
  const problems: string[] = [];
  if (labels.format !== 'cadlens-face-labels/1') problems.push(`format ${String(labels.format)}`);
  if (labels.sha256 !== step.sha256) problems.push(`sha256 ${labels.sha256} ≠ file ${step.sha256}`);
  const expected = new Set<number>();
  const seenSolids = new Set<number>();
  for (const s of labels.solids) {
    const faces = step.solids.get(s.stepId);
    if (!faces) {
      problems.push(`solid #${s.stepId} is not in the file`);
      continue;
    }
    seenSolids.add(s.stepId);
    if (s.labelled) for (const f of faces) expected.add(f);
  }
  for (const id of step.solids.keys()) if (!seenSolids.has(id)) problems.push(`solid #${id} of the file is not listed`);
  if (!labels.solids.some((s) => s.labelled)) problems.push('no solid is labelled');
  for (const id of expected) if (!labels.faces[String(id)]) problems.push(`face #${id} has no label`);
  const classes = new Set<string>(REAL_WORLD_CLASSES);
  const tags = new Set<string>(COMPOSITE_TAGS);
  for (const [key, inst] of Object.entries(labels.instances)) {
    if (!classes.has(inst.class) || inst.class === 'stock') problems.push(`instance ${key}: class ${inst.class}`);
    if (inst.composite !== null && !tags.has(inst.composite)) problems.push(`instance ${key}: composite ${inst.composite}`);
  }
  const used = new Set<string>();
  for (const [key, f] of Object.entries(labels.faces)) {
    const id = Number(key);
    if (!expected.has(id)) problems.push(`face #${key} is not a face of a labelled solid`);
    if (!classes.has(f.class)) problems.push(`face #${key}: class ${f.class}`);
    if (typeof f.bottom !== 'boolean') problems.push(`face #${key}: bottom not boolean`);
    for (const t of f.tags ?? []) if (!tags.has(t)) problems.push(`face #${key}: tag ${t}`);
    if (f.class === 'stock') {
      if (f.instance !== null) problems.push(`face #${key}: stock with instance ${f.instance}`);
      if (f.bottom) problems.push(`face #${key}: stock marked bottom`);
    } else if (f.instance === null) {
      problems.push(`face #${key}: ${f.class} without instance`);
    } else if (!labels.instances[f.instance]) {
      problems.push(`face #${key}: instance ${f.instance} does not exist`);
    } else {
      used.add(f.instance);
      if (labels.instances[f.instance].class !== f.class) problems.push(`face #${key}: class ${f.class} ≠ instance ${f.instance}'s ${labels.instances[f.instance].class}`);
    }
  }
  for (const key of Object.keys(labels.instances)) if (!used.has(key)) problems.push(`instance ${key} has no faces`);
  return problems;
}
