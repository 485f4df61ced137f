/**
 * Reader and consistency check for the generator's label files (docs: tools/generator/README.md, format:
 * AAGNet's layout keyed by STEP ADVANCED_FACE id). Used by the generator's tests and wrapper; the evaluator
 * has its own reader.
 */
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import { AAGNET_NUM_CLASSES } from '../../src/inference/aagnet-classes.js';

/** One synthetic part's labels (the object inside `[[name, labels]]`). */
export interface SyntheticLabels {
  seg: Record<string, number>;
  inst: number[][];
  bottom: Record<string, 0 | 1>;
  face_ids: number[];
  composites: { type: 'counterbore' | 'countersink' | 'counterdrill' | 'thread'; faces: number[] }[];
  generator: {
    seed: number;
    index: number;
    version: string;
    features: { kind: string; params: unknown }[];
    /** Instance id → class, index of the feature that made it, its faces (mfgen/2: in docs/labelling.md's convention). */
    instances: Record<string, { class: string; feature: number; faces: number[] }>;
    /** mfgen/4: instances renamed by the shape they were left with (tools/generator/mfgen/shape_left.py); absent before. */
    relabelled?: { instance: number; rule: string; from: string; to: string; faces: number }[];
    /** `--protrusions` parts only: each boss or rib fused on (tools/generator/mfgen/protrusions.py), its `other_feature` instance and faces. */
    protrusions?: { kind: 'cylindrical_boss' | 'rectangular_boss' | 'rib'; instance: number; height: number; foot_fillet?: number; frame: { face: string; origin: number[]; n: number[] }; faces: number[] }[];
    /** `--plates` / `--turned` / `--sheet` / `--housing` parts only (tools/generator/mfgen/plates.py, turned.py, sheet.py, housing.py): a profiled plate, a turned part, a bent sheet or a cast housing, not a machined box. */
    mode?: 'plates' | 'turned' | 'sheet' | 'housing';
    /** `--plates` parts only: the outline (CCW, mm, in z = 0) extruded by `thickness` along +z, and its material rectangles. */
    plate?: { shape: 'rect' | 'L' | 'U' | 'T'; thickness: number; outline: [number, number][]; regions: number[][] };
    /** `--turned` parts only: the bar (radius, length along +z from z = 0), whether it is a flanged hub, and the turned sections [z0, z1, radius] cut off its ends. */
    turned?: { radius: number; length: number; flange: boolean; sections: [number, number, number][] };
    /** `--sheet` parts only: the profile, sheet thickness, inner bend radius, width (along +y), flat lengths and signed bend angles (degrees). */
    sheet?: { profile: 'L' | 'U' | 'Z' | 'hat' | 'flange'; thickness: number; inner_radius: number; width: number; flats: number[]; bends_deg: number[] };
    /** `--housing` parts only: the cast body — box or round, bottom half sizes (mm, about the z axis, bottom at z = 0), height, outer draft (degrees), wall at the mouth, floor, an open or closed cavity (closed: the top wall), the base flange if any. */
    housing?: {
      shape: 'box' | 'round';
      half_size: [number, number];
      height: number;
      draft_deg: number;
      wall: number;
      floor: number;
      cavity: 'open' | 'closed';
      top_wall: number;
      flange: { thickness: number; margin: number; outline: 'square' | 'round' } | null;
    };
    /** `--nurbs` parts only: the same part written with every face and edge a B-spline (tools/generator/mfgen/nurbs.py). */
    nurbs?: true;
  };
}

/** Parses a label file's text into its name and labels; throws on a file that is not `[[name, {...}]]`. */
export function parseSyntheticLabels(text: string): { name: string; labels: SyntheticLabels } {
  const doc = JSON.parse(text) as unknown;
  if (!Array.isArray(doc) || doc.length !== 1 || !Array.isArray(doc[0]) || doc[0].length !== 2) {
    throw new Error('label file is not [[name, labels]]');
  }
  const [name, labels] = doc[0] as [string, SyntheticLabels];
  return { name, labels };
}

/** The ADVANCED_FACE ids of a STEP text as cadlens's own reader and B-Rep builder see them (face.stepId). */
export function stepFaceIds(stepText: string): number[] {
  const part = buildPartFromStep(readStep(stepText));
  return part.faces.map((f) => {
    if (f.stepId === null) throw new Error(`face ${f.index} has no STEP id`);
    return f.stepId;
  });
}

/**
 * Every inconsistency between a label set and its STEP file (empty when consistent): every ADVANCED_FACE
 * labelled, no extra ids, face_ids ascending, classes 0..25 (25: other_feature), bottom 0/1, inst N×N symmetric with a 1 diagonal
 * for feature faces and all-zero rows for stock faces, and the same class across an instance.
 */
export function checkSyntheticLabels(stepText: string, labels: SyntheticLabels): string[] {
  const problems: string[] = [];
  const ids = stepFaceIds(stepText);
  const sortedIds = [...ids].sort((a, b) => a - b);
  const keys = Object.keys(labels.seg).map(Number).sort((a, b) => a - b);
  if (JSON.stringify(keys) !== JSON.stringify(sortedIds)) problems.push('seg keys differ from the STEP ADVANCED_FACE ids');
  if (JSON.stringify(labels.face_ids) !== JSON.stringify(sortedIds)) problems.push('face_ids differ from the sorted STEP face ids');
  const bottomKeys = Object.keys(labels.bottom).map(Number).sort((a, b) => a - b);
  if (JSON.stringify(bottomKeys) !== JSON.stringify(sortedIds)) problems.push('bottom keys differ from the STEP face ids');
  const n = labels.face_ids.length;
  if (labels.inst.length !== n || labels.inst.some((row) => row.length !== n)) problems.push(`inst is not ${n}×${n}`);
  labels.face_ids.forEach((id, i) => {
    const cls = labels.seg[String(id)];
    // AAGNET_NUM_CLASSES (25) is other_feature: the protrusions of `--protrusions` parts
    if (!Number.isInteger(cls) || cls < 0 || cls > AAGNET_NUM_CLASSES) problems.push(`face ${id}: class ${cls} out of range`);
    const b = labels.bottom[String(id)];
    if (b !== 0 && b !== 1) problems.push(`face ${id}: bottom ${b} is not 0/1`);
    const row = labels.inst[i] ?? [];
    const stock = cls === AAGNET_NUM_CLASSES - 1;
    if (stock && row.some((x) => x !== 0)) problems.push(`stock face ${id} has a non-zero inst row`);
    if (!stock && row[i] !== 1) problems.push(`feature face ${id} has inst diagonal ${row[i]}`);
    if (stock && b === 1) problems.push(`stock face ${id} is marked bottom`);
    row.forEach((x, j) => {
      if (x !== 0 && x !== 1) problems.push(`inst[${i}][${j}] = ${x}`);
      if (labels.inst[j]?.[i] !== x) problems.push(`inst not symmetric at ${i},${j}`);
      if (x === 1 && labels.seg[String(labels.face_ids[j])] !== cls) problems.push(`instance mixes classes at faces ${id}, ${labels.face_ids[j]}`);
    });
  });
  for (const c of labels.composites) {
    for (const f of c.faces) if (!(String(f) in labels.seg)) problems.push(`composite ${c.type} names unknown face ${f}`);
  }
  return problems;
}

/** Feature instances (sets of face ids) from the inst matrix: the rows of feature faces, deduplicated. */
export function instancesOf(labels: SyntheticLabels): number[][] {
  const seen = new Set<string>();
  const out: number[][] = [];
  labels.inst.forEach((row, i) => {
    if (row[i] !== 1) return;
    const faces = labels.face_ids.filter((_, j) => row[j] === 1);
    const key = faces.join(',');
    if (!seen.has(key)) {
      seen.add(key);
      out.push(faces);
    }
  });
  return out;
}
