/**
 * The hole pass: after whichever B-Rep tier answered, every hole of the B-Rep becomes one feature — the
 * hole stacks (coaxial inward cylinders and cones with their shoulders and floor, whose wall closes
 * around the axis) that the tier saw as features. A stack with more than one segment — counterbored,
 * countersunk, counterdrilled — becomes one composite hole with its segments, whatever pieces the tier
 * cut it into (Tier 1 may call a counterbore `Oring` beside a `through_hole`); a plain hole split into
 * several faces (cylinder halves, a wall crossed by another feature) becomes one hole. Through or blind
 * is measured: a floor or drill point closes a blind hole. The 25 AAGNet classes stay the face vocabulary,
 * composites are feature-level types beside them; the faces follow docs/labelling.md, the one label
 * convention for real and generated parts: every face of a composite stack (a countersink's cone, a
 * counterbore's bore and annular floor) is a face of the hole and takes its measured class, `through_hole` when
 * the stack goes through; in a plain hole a face the tier called `through_hole` or `blind_hole` takes the
 * measured one of the two (a plain hole's other faces keep the tier's class).
 * @internal
 */
import type { Part } from '../../model/index.js';
import { AAGNET_CHAMFER_CLASS_ID as CHAMFER_CLASS_ID, AAGNET_CLASS_NAMES, AAGNET_STOCK_CLASS_ID, AAGNET_THROUGH_HOLE_CLASS_ID } from '../../inference/aagnet-classes.js';
import { describeHoleStack, isDrilledHole, findHoleStacks, measureFeatureParameters, roundParameter, type HoleStack } from '../../features/parameters/index.js';
import type { CompositeHole, CompositeHoleKind, RecognitionOutput, RecognizedFeature } from './recognizer.js';
import { canonicalFeatureGeometry } from './canonical-kinds.js';

/** Class id of `blind_hole` (AAGNet order). */
const BLIND_HOLE_CLASS_ID = 12;

/** Feature `type` of each composite kind. */
export const COMPOSITE_HOLE_TYPES: Readonly<Record<CompositeHoleKind, string>> = {
  counterbore: 'counterbored_hole',
  countersink: 'countersunk_hole',
  counterdrill: 'counterdrilled_hole',
  thread: 'threaded_hole',
};

/**
 * Groups the holes of a B-Rep tier's answer into one feature each. `output`'s face indices must be
 * `part`'s (Tier 1 and Tier 2 on a B-Rep Part). A composite stack is grouped when the tier called at
 * least one of its faces a feature, a plain one when it called at least one a hole; only drilled holes
 * count ({@link isDrilledHole}: a plain stack whose wall leaves an angular gap of `HOLE_MAX_WALL_GAP_DEG`
 * or more is a fillet or a slot end; a composite one stays a hole when a later cut opened its wall). The
 * tier's features lose the stack's faces (a feature left with none is dropped, one left with others is
 * measured again); the hole takes the mean probability of its faces as confidence. Edge-break chamfers
 * at a hole's ends (and at a counterbore's shoulder edge) stay their own features; where the tier counted
 * one into the hole, it becomes a `chamfer` feature of its own. Returns `output` itself when there is nothing to group.
 */
export function groupCompositeHoles(part: Readonly<Part>, output: RecognitionOutput): RecognitionOutput {
  if (part.faces.length === 0 || output.faces.length === 0) return output;
  const geometry = canonicalFeatureGeometry(part);
  const labelled = new Map(output.faces.map((f) => [f.faceIndex, f]));
  const isHoleClass = (c: number) => c === AAGNET_THROUGH_HOLE_CLASS_ID || c === BLIND_HOLE_CLASS_ID;
  let features = output.features;
  const holes: RecognizedFeature[] = [];
  const holeClassOfFace = new Map<number, number>();
  for (const faces of findHoleStacks(geometry)) {
    const stack = describeHoleStack(geometry, faces);
    if (!stack || !isDrilledHole(geometry, faces, stack)) continue;
    const members = stack.segments.filter((s) => s.kind !== 'chamfer').flatMap((s) => s.faces).sort((a, b) => a - b);
    const answers = members.map((f) => labelled.get(f)).filter((f) => f !== undefined);
    const seen = stack.composite ? answers.some((f) => f.classId !== AAGNET_STOCK_CLASS_ID) : answers.some((f) => isHoleClass(f.classId));
    if (!seen) continue;
    // Edge-break chamfers of the hole (a rim or shoulder-edge cone): one chamfer feature each, where the tier
    // counted the cone into the hole or cut it into several chamfers (not where a tier's chamfer runs on beyond it).
    const breaks = stack.segments.filter((s) => s.kind === 'chamfer').map((s) => chamferOfSegment(s.faces, labelled, features)).filter((fs) => fs.length > 0);
    const inStack = new Set([...members, ...breaks.flat()]);
    // Every feature is checked once per hole: those with no face in the stack (nearly all) are kept as they are
    // without a filtered copy of their faces.
    const kept: RecognizedFeature[] = [];
    for (const f of features) {
      if (!f.faces.some((x) => inStack.has(x))) {
        kept.push(f);
        continue;
      }
      const rest = f.faces.filter((x) => !inStack.has(x));
      if (rest.length === 0) continue;
      const bottoms = f.bottomFaces.filter((x) => !inStack.has(x));
      kept.push({ ...f, faces: rest, bottomFaces: bottoms, parameters: measureFeatureParameters(geometry, f.classId, rest, bottoms) });
    }
    features = kept;
    const classId = stack.through ? AAGNET_THROUGH_HOLE_CLASS_ID : BLIND_HOLE_CLASS_ID;
    const bottomFaces = stack.bottomFaces.filter((f) => inStack.has(f));
    // a corner radius at the hole's floor or shoulder is the cutter's: a face of the hole whatever the tier called it
    for (const f of answers) if (stack.composite || isHoleClass(f.classId) || geometry.face(f.faceIndex).kind === 'torus') holeClassOfFace.set(f.faceIndex, classId);
    for (const fs of breaks) {
      for (const f of fs) holeClassOfFace.set(f, CHAMFER_CLASS_ID);
      holes.push({
        type: AAGNET_CLASS_NAMES[CHAMFER_CLASS_ID],
        classId: CHAMFER_CLASS_ID,
        faces: fs,
        bottomFaces: [],
        confidence: roundParameter(fs.reduce((s, f) => s + labelled.get(f)!.probability, 0) / fs.length),
        parameters: measureFeatureParameters(geometry, CHAMFER_CLASS_ID, fs, []),
      });
    }
    holes.push({
      type: stack.composite ? COMPOSITE_HOLE_TYPES[stack.composite] : AAGNET_CLASS_NAMES[classId],
      classId,
      faces: members,
      bottomFaces,
      confidence: roundParameter(answers.reduce((s, f) => s + f.probability, 0) / answers.length),
      parameters: measureFeatureParameters(geometry, classId, members, bottomFaces),
      ...(stack.composite ? { composite: compositeOf(stack) } : {}),
    });
  }
  if (holes.length === 0) return output;
  const faces = holeClassOfFace.size === 0 ? output.faces : output.faces.map((f) => {
    const c = holeClassOfFace.get(f.faceIndex);
    return c === undefined || c === f.classId ? f : { ...f, classId: c, className: AAGNET_CLASS_NAMES[c] };
  });
  return { ...output, faces, features: [...features, ...holes] };
}

/**
 * The faces of an edge-break cone segment that become one `chamfer` feature: those the tier called a hole or a
 * chamfer, unless one of the tier's chamfers holds faces outside the segment too; none when the tier already
 * answers the segment as one chamfer.
 */
function chamferOfSegment(segment: readonly number[], labelled: ReadonlyMap<number, { classId: number }>, features: readonly RecognizedFeature[]): number[] {
  const inSegment = new Set(segment);
  const holders = features.filter((f) => f.faces.some((x) => inSegment.has(x)));
  if (holders.length === 1 && holders[0].classId === CHAMFER_CLASS_ID && holders[0].faces.length === segment.length) return [];
  const runsOn = new Set(holders.filter((f) => f.classId === CHAMFER_CLASS_ID && f.faces.some((x) => !inSegment.has(x))).flatMap((f) => f.faces));
  return segment.filter((f) => {
    const c = labelled.get(f)?.classId ?? -1;
    return !runsOn.has(f) && (c === CHAMFER_CLASS_ID || c === AAGNET_THROUGH_HOLE_CLASS_ID || c === BLIND_HOLE_CLASS_ID);
  });
}

function compositeOf(stack: HoleStack): CompositeHole {
  return {
    kind: stack.composite!,
    segments: stack.segments
      .filter((s) => s.kind !== 'chamfer')
      .map((s) => ({
        kind: s.kind as CompositeHole['segments'][number]['kind'],
        faces: s.faces,
        parameters: {
          diameterMm: roundParameter(s.diameterMm),
          depthMm: roundParameter(s.depthMm),
          ...(s.angleDeg !== undefined ? { angleDeg: roundParameter(s.angleDeg) } : {}),
          ...(s.pitchMm !== undefined ? { pitchMm: s.pitchMm } : {}),
        },
      })),
  };
}
