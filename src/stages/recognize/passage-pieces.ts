/**
 * The passage pass: pieces of one passage that a crossing cut took apart become one feature (docs/labelling.md, "Where
 * a feature ends": a feature cut in several pieces by other features stays one instance when the pieces lie on the
 * same surfaces). A passage crossed by a slot or another passage falls into pieces that each still read as a passage
 * (an upper and a lower ring of walls, or two U-shaped halves), and a piece a tier left unexplained can be answered by
 * the other tier: so the pieces are joined on the combined answer, after whichever B-Rep tier answered, like the blend
 * pass. Two passage features of one class are one passage when they are one prism — every face of both lies along one
 * through direction, their planes face no more directions than the class has walls (3, 4, 6) and each direction is
 * one plane (a wall) — they share one of its surfaces and one other cut borders both (the one that split them; two
 * passages side by side are apart by stock; a round or chamfer cuts nothing apart). Pieces over the same depth (side by
 * side across the through direction) must border that cut through a face that is not square to it: a face square to
 * it where both end is where they open (real tune D12). Faces and classes are untouched.
 * @internal
 */
import type { Part, Vec3 } from '../../model/index.js';
import { cross3, dot3 as dot, normalize3, vec3 } from '../../geometry/vec3.js';
import { coaxialFaces, extentOfPoints, type FeatureGeometry, type MeasuredFace } from '../../features/parameters/index.js';
import { AAGNET_CLASS_NAMES } from '../../inference/aagnet-classes.js';
import { joinPieces } from './piece-join.js';
import type { RecognitionOutput, RecognizedFeature } from './recognizer.js';

/** Passage classes and the number of wall directions of their prism. */
const WALLS: ReadonlyMap<number, number> = new Map([
  [AAGNET_CLASS_NAMES.indexOf('triangular_passage'), 3],
  [AAGNET_CLASS_NAMES.indexOf('rectangular_passage'), 4],
  [AAGNET_CLASS_NAMES.indexOf('6sides_passage'), 6],
]);

/** Two directions are one within this cosine (about 1.8°). */
const SAME_DIR_COS = 0.9995;
/** A direction is square to another within this |cosine| (about 1.7°). */
const SQUARE_COS = 0.03;
/** Two planes (or axis lines) are one surface within this distance (mm). */
const SURFACE_TOL_MM = 0.01;

/**
 * Joins the passage features of a B-Rep tier's answer that are pieces of one passage (see the module comment). `output`'s
 * face indices must be `part`'s. The joined feature keeps the first piece's tier and type, the mean confidence of its
 * faces and parameters measured on all its faces; returns `output` itself when nothing is joined.
 */
export function joinPassagePieces(part: Readonly<Part>, output: RecognitionOutput): RecognitionOutput {
  return joinPieces(
    part,
    output,
    isPassage,
    (fa, fb, classId, { geometry, stock, blend, holder }) => {
      const through = onePrism(geometry, [...fa, ...fb], WALLS.get(classId)!);
      if (!through || !sharesSurfaces(geometry, fa, fb)) return false;
      // Pieces over the same depth (a cut took the passage apart lengthwise) were split by a cut that crosses their walls
      // along the through direction: a face square to it where both pieces end is where they open, not a cut between
      // them (real tune D12: the two U-shaped ends of a channel, opening into one recess below, are two passages).
      const sideBySide = overlapAlong(geometry, fa, fb, through) > SURFACE_TOL_MM;
      const crossing = (o: number) => !blend.has(o) && (!sideBySide || !squareTo(geometry.face(o), through));
      return bothBorderOneCut(geometry, fa, fb, stock, holder, crossing);
    },
    'none',
  );
}

function isPassage(f: RecognizedFeature): boolean {
  return WALLS.has(f.classId) && !f.composite && f.faces.length > 0;
}

/**
 * The through direction of `faces` when they are the walls of one prism: one direction that every plane is square to and
 * every cylinder runs along, their planes face at most `walls` directions, and the planes facing one direction are one
 * plane; null when they are not.
 */
function onePrism(geom: FeatureGeometry, faces: readonly number[], walls: number): Vec3 | null {
  const planes: MeasuredFace[] = [];
  const axes: Vec3[] = [];
  for (const f of faces) {
    const m = geom.face(f);
    if (m.kind === 'plane' && m.normal) {
      const wall = planes.find((p) => dot(p.normal!, m.normal!) > SAME_DIR_COS);
      // one wall per direction: two parallel planes facing the same way are two prisms
      if (!wall) planes.push(m);
      else if (!sameSurface(wall, m)) return null;
    } else if (m.kind === 'cylinder' && m.axis) axes.push(m.axis);
    else return null;
  }
  const normals = planes.map((p) => p.normal!);
  if (normals.length > walls) return null;
  let through: Vec3 | null = axes[0] ?? null;
  for (let i = 0; !through && i < normals.length; i++)
    for (let j = i + 1; !through && j < normals.length; j++) through = unit(cross3(vec3(), normals[i], normals[j]));
  if (!through) return null;
  const prism = normals.every((n) => Math.abs(dot(n, through!)) < SQUARE_COS) && axes.every((a) => Math.abs(dot(a, through!)) > SAME_DIR_COS);
  return prism ? through : null;
}

/** Faces on one surface: coplanar with the same outward normal, or one cylinder on the same side. @internal */
export function sameSurface(a: MeasuredFace, b: MeasuredFace): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'plane') {
    if (!a.normal || !b.normal || dot(a.normal, b.normal) < SAME_DIR_COS) return false;
    const d: Vec3 = [b.origin[0] - a.origin[0], b.origin[1] - a.origin[1], b.origin[2] - a.origin[2]];
    return Math.abs(dot(d, a.normal)) <= SURFACE_TOL_MM;
  }
  return a.kind === 'cylinder' && a.inward === b.inward && a.radius !== null && b.radius !== null && Math.abs(a.radius - b.radius) <= SURFACE_TOL_MM && coaxialFaces(a, b, SURFACE_TOL_MM);
}

/** The pieces share a surface (a wall plane, or a cylinder of one axis line and radius). @internal */
export function sharesSurfaces(geom: FeatureGeometry, a: readonly number[], b: readonly number[]): boolean {
  const surfaces = (faces: readonly number[]) => {
    const out: MeasuredFace[] = [];
    for (const f of faces) {
      const m = geom.face(f);
      if (!out.some((s) => sameSurface(s, m))) out.push(m);
    }
    return out;
  };
  const sb = surfaces(b);
  return surfaces(a).some((s) => sb.some((t) => sameSurface(s, t)));
}

/**
 * True when one other cut borders both pieces: a non-stock neighbour outside both that `counts` lets in (not a round or
 * chamfer, which cuts nothing apart) and one feature holds (or the same face, when no feature holds it).
 * @internal
 */
export function bothBorderOneCut(
  geom: FeatureGeometry,
  a: readonly number[],
  b: readonly number[],
  stock: ReadonlySet<number>,
  holder: ReadonlyMap<number, number>,
  counts: (face: number) => boolean,
): boolean {
  const inside = new Set([...a, ...b]);
  const around = (faces: readonly number[]) => {
    const out = new Set<number>();
    for (const f of faces)
      for (const o of geom.neighbours(f)) if (!inside.has(o) && !stock.has(o) && counts(o)) out.add(holder.get(o) ?? -1 - o);
    return out;
  };
  const nearA = around(a);
  for (const c of around(b)) if (nearA.has(c)) return true;
  return false;
}

/** How far the two pieces' extents along `axis` overlap (mm; negative: the gap between them). */
function overlapAlong(geom: FeatureGeometry, a: readonly number[], b: readonly number[], axis: Vec3): number {
  const [loA, hiA] = extentOfPoints(geom.boundaryPoints(a), axis);
  const [loB, hiB] = extentOfPoints(geom.boundaryPoints(b), axis);
  return Math.min(hiA, hiB) - Math.max(loA, loB);
}

/** A plane square to `axis`. */
function squareTo(m: MeasuredFace, axis: Vec3): boolean {
  return m.kind === 'plane' && m.normal !== null && Math.abs(dot(m.normal, axis)) > SAME_DIR_COS;
}

/** The feature of joined pieces, shaped like the first: mean confidence of its faces, parameters of all its faces. */
/** `a` scaled to unit length, or null when it has none. */
function unit(a: Vec3): Vec3 | null {
  const out = vec3();
  return normalize3(out, a) > 1e-6 ? out : null;
}
