/**
 * The pieces pass: pieces of one pocket, slot end, step or O-ring groove that a crossing cut took apart become one
 * feature (docs/labelling.md, "Where a feature ends": a feature cut in several pieces by other features stays one
 * instance when the pieces lie on the same surfaces). Tier 2 joins such pieces while it reads depressions (its fragment
 * groups), but not every piece: an O-ring groove's two arcs each read whole, a step's wall cut off from its floor reads
 * as a step of its own, and a piece one tier answered and the other did not only meets its partner in the combined
 * answer. So, like the passage pass (passage-pieces.ts), this runs on the combined answer: two features of one class
 * are one when a face of one meets a face of the other tangentially (a wall running on smoothly: a slot's straight wall
 * into its round end, which Tier 1 sometimes gives instances of their own), or when they share a surface (a plane with the same outward normal, or a cylinder of one axis line, radius and
 * side) and one other cut borders both (the one that split them; a round or chamfer cuts nothing apart; features side
 * by side on one plane are apart by stock). Through slots too: the pieces of one slot either side of a deeper crossing
 * slot are one tool pass (session 15 decision, docs/labelling.md "Where a feature ends"); passages have their own pass;
 * holes are grouped by the composite-hole pass and blends by the blend pass. Faces and classes are untouched.
 * @internal
 */
import type { Part } from '../../model/index.js';
import { dot3 } from '../../geometry/vec3.js';
import type { FeatureGeometry, MeasuredFace } from '../../features/parameters/index.js';
import { AAGNET_CLASS_NAMES, type AagnetClassName } from '../../inference/aagnet-classes.js';
import { bothBorderOneCut, sameSurface, sharesSurfaces } from './passage-pieces.js';
import { joinPieces } from './piece-join.js';
import type { RecognitionOutput, RecognizedFeature } from './recognizer.js';

/**
 * The classes whose pieces this pass joins (see the module comment for the others), each with the most surfaces one
 * feature of the class has: planes facing distinct directions (walls and floor) and distinct cylinders (round ends,
 * an O-ring's two walls, a cutter's corner radii). Joined pieces must still fit these, one plane per direction, so
 * two whole features in line across a cut stay two: real tune D05's four corner steps (five plane directions in all)
 * and D17's two round-ended slots (two round ends), each labelled as its own feature.
 */
const PIECE_CLASSES: ReadonlyMap<number, { planes: number; cylinders: number }> = new Map(
  (
    [
      ['Oring', 1, 2],
      ['rectangular_through_slot', 3, 2],
      ['triangular_through_slot', 3, 1],
      ['circular_through_slot', 1, 1],
      ['rectangular_through_step', 2, 1],
      ['2sides_through_step', 3, 1],
      ['slanted_through_step', 2, 1],
      ['triangular_pocket', 4, 3],
      ['rectangular_pocket', 5, 4],
      ['6sides_pocket', 7, 6],
      ['circular_end_pocket', 3, 2],
      ['rectangular_blind_slot', 4, 2],
      ['v_circular_end_blind_slot', 3, 1],
      ['h_circular_end_blind_slot', 3, 1],
      ['triangular_blind_step', 3, 1],
      ['circular_blind_step', 2, 1],
      ['rectangular_blind_step', 3, 1],
    ] satisfies [AagnetClassName, number, number][]
  ).map(([name, planes, cylinders]) => [AAGNET_CLASS_NAMES.indexOf(name), { planes, cylinders }]),
);
/** Two plane normals are one direction within this cosine (about 1.8°, as the passage pass). */
const SAME_DIR_COS = 0.9995;
/** Largest angle (degrees) between two faces' normals along their edge at which they meet tangentially (as the blend pass). */
const TANGENT_DEG = 6;

/**
 * Joins the features of a B-Rep tier's answer that are pieces of one feature (see the module comment). `output`'s face
 * indices must be `part`'s. The joined feature keeps the first piece's tier and type, the mean confidence of its faces,
 * the bottom faces of all pieces and parameters measured on all its faces; returns `output` itself when nothing is joined.
 */
export function joinFeaturePieces(part: Readonly<Part>, output: RecognitionOutput): RecognitionOutput {
  return joinPieces(part, output, isPiece, (fa, fb, classId, { geometry, stock, blend, holder }) => {
    const onePiece = meetTangentially(part, fa, fb) || (sharesSurfaces(geometry, fa, fb) && bothBorderOneCut(geometry, fa, fb, stock, holder, (o) => !blend.has(o)));
    return onePiece && shapedLikeOne(geometry, [...fa, ...fb], PIECE_CLASSES.get(classId)!);
  });
}

/**
 * The faces fit one feature of a class with at most `most` surfaces: no two planes facing one direction unless they are
 * one plane, no more plane directions than `most.planes`, no more distinct cylinders than `most.cylinders`.
 */
function shapedLikeOne(geom: FeatureGeometry, faces: readonly number[], most: { planes: number; cylinders: number }): boolean {
  const planes: MeasuredFace[] = [], cylinders: MeasuredFace[] = [];
  for (const f of faces) {
    const m = geom.face(f);
    if (m.kind === 'plane' && m.normal) {
      const wall = planes.find((p) => dot3(p.normal!, m.normal!) > SAME_DIR_COS);
      if (!wall) planes.push(m);
      else if (!sameSurface(wall, m)) return false;
    } else if (m.kind === 'cylinder' && !cylinders.some((c) => sameSurface(c, m))) cylinders.push(m);
  }
  return planes.length <= most.planes && cylinders.length <= most.cylinders;
}

/** Some face of `a` meets some face of `b` tangentially (within {@link TANGENT_DEG}): one wall running on smoothly. */
function meetTangentially(part: Readonly<Part>, a: readonly number[], b: readonly number[]): boolean {
  const inB = new Set(b);
  for (const f of a)
    for (const ai of part.aag.neighbours[f] ?? []) {
      const arc = part.aag.arcs[ai];
      if (arc.dihedralDeg <= TANGENT_DEG && inB.has(arc.a === f ? arc.b : arc.a)) return true;
    }
  return false;
}

function isPiece(f: RecognizedFeature): boolean {
  return PIECE_CLASSES.has(f.classId) && !f.composite && f.faces.length > 0;
}

