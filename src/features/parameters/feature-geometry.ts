/**
 * The geometry the feature-parameter measurer reads: per face its surface reduced to what measuring
 * needs (outward plane normal, axis, radius, cone half-angle, hole-or-boss side, area, box), the
 * faces' adjacency, and points on the faces' boundaries. Two sources provide it: a B-Rep
 * {@link Part} ({@link featureGeometryOfPart}: exact edge vertices and curve samples) and Tier 2's
 * face graph of a segmented mesh (adapter in `tier2-heuristics/measure-parameters.ts`: box corners).
 * @internal
 */
import type { BoundingBox, Part, PartFace, Vec3 } from '../../model/index.js';
import { edgeParameterRange, evaluateCurve } from '../../geometry/curve-eval.js';

/** Surface kinds the measurer distinguishes. */
export type MeasuredSurfaceKind = 'plane' | 'cylinder' | 'cone' | 'sphere' | 'torus' | 'other';

/** One face as the measurer sees it. */
export interface MeasuredFace {
  kind: MeasuredSurfaceKind;
  /** Planes: the outward unit normal; null otherwise. */
  normal: Vec3 | null;
  /** Planes: a point on the plane; axis surfaces: a point on the axis. */
  origin: Vec3;
  /** Cylinder, cone, torus, sphere: the unit axis direction (the surface's own, not oriented). */
  axis: Vec3 | null;
  /** Cylinder and sphere: radius; cone: radius at `origin`; torus: minor radius. */
  radius: number | null;
  /** Cone: half-angle in radians. */
  semiAngleRad: number | null;
  /** Curved faces: true when the outward normal points towards the axis (a hole's wall, material outside). */
  inward: boolean;
  /** mm². */
  area: number;
  bbox: BoundingBox;
}

/** What {@link measureFeatureParameters} needs from a part. */
export interface FeatureGeometry {
  readonly faceCount: number;
  face(index: number): MeasuredFace;
  /** Faces adjacent to `index` (each once). */
  neighbours(index: number): readonly number[];
  /** Points on the boundaries of the faces, xyz… (exact for B-Rep: vertices plus curve samples). */
  boundaryPoints(faces: readonly number[]): Float64Array;
}

const CURVE_SAMPLES = 16;
const neg = (a: Vec3): Vec3 => [-a[0], -a[1], -a[2]];

/** The measurer's view of one B-Rep face (free-form surfaces are `other`). */
export function measuredFaceOf(f: Readonly<PartFace>): MeasuredFace {
  const out: MeasuredFace = {
    kind: 'other',
    normal: null,
    origin: [0, 0, 0],
    axis: null,
    radius: null,
    semiAngleRad: null,
    inward: false,
    area: f.area,
    bbox: f.bbox,
  };
  const s = f.surface;
  if (!s) return out;
  if (s.type === 'plane') {
    out.kind = 'plane';
    out.normal = f.reversed ? neg(s.frame.z) : [s.frame.z[0], s.frame.z[1], s.frame.z[2]];
    out.origin = s.frame.origin;
  } else if (s.type === 'cylinder' || s.type === 'cone' || s.type === 'sphere' || s.type === 'torus') {
    out.kind = s.type;
    out.origin = s.frame.origin;
    out.axis = [s.frame.z[0], s.frame.z[1], s.frame.z[2]];
    out.radius = s.type === 'torus' ? s.minorRadius : s.radius;
    out.semiAngleRad = s.type === 'cone' ? s.semiAngle : null;
    // The natural normal of these surfaces points away from the axis or centre.
    out.inward = f.reversed;
  }
  return out;
}

/** Exact boundary points of B-Rep faces: every bounding edge's vertices plus samples along curved edges. */
export function partBoundaryPoints(part: Readonly<Part>, faces: readonly number[]): Float64Array {
  return boundaryPointsOf(part, faces, (e) => edgeBoundaryPoints(part, e));
}

/** {@link partBoundaryPoints} with each edge's points from `edgePoints` (computed or memoized). */
function boundaryPointsOf(part: Readonly<Part>, faces: readonly number[], edgePoints: (edge: number) => readonly number[]): Float64Array {
  // Each edge once, in first-use order; then one copy into the result (large face sets: the envelope, a
  // plate bounded by many holes).
  const lists: (readonly number[])[] = [];
  let total = 0;
  const seen = new Set<number>();
  for (const fi of faces)
    for (const b of part.faces[fi]?.bounds ?? [])
      for (const c of b.coedges) {
        if (seen.has(c.edge)) continue;
        seen.add(c.edge);
        const pts = edgePoints(c.edge);
        lists.push(pts);
        total += pts.length;
      }
  // Faces bounded by nothing usable (rare): their box corners.
  if (total === 0) return boxCornerPoints(faces.map((f) => part.faces[f]?.bbox).filter((b): b is BoundingBox => !!b));
  const out = new Float64Array(total);
  let k = 0;
  for (const pts of lists) for (let i = 0; i < pts.length; i++) out[k++] = pts[i];
  return out;
}

/** One edge's boundary points: its vertices, then samples along it when it is curved. */
function edgeBoundaryPoints(part: Readonly<Part>, edge: number): number[] {
  const out: number[] = [];
  const scratch: Vec3 = [0, 0, 0];
  const e = part.edges[edge];
  const ps = part.vertices[e.start].point;
  const pe = part.vertices[e.end].point;
  out.push(ps[0], ps[1], ps[2]);
  if (e.end !== e.start) out.push(pe[0], pe[1], pe[2]);
  if (e.curve.type === 'line' || e.curve.type === 'other') return out;
  let range: [number, number];
  try {
    range = edgeParameterRange(e.curve, ps, pe, e.sameSense, e.start === e.end);
  } catch {
    return out;
  }
  if (!Number.isFinite(range[0]) || !Number.isFinite(range[1])) return out;
  for (let k = 1; k < CURVE_SAMPLES; k++) {
    const p = evaluateCurve(e.curve, range[0] + ((range[1] - range[0]) * k) / CURVE_SAMPLES, scratch);
    if (Number.isFinite(p[0]) && Number.isFinite(p[1]) && Number.isFinite(p[2])) out.push(p[0], p[1], p[2]);
  }
  return out;
}

/** The eight corners of each box, xyz… (the boundary points of faces known only by their boxes). */
export function boxCornerPoints(boxes: readonly BoundingBox[]): Float64Array {
  const out = new Float64Array(boxes.length * 24);
  let k = 0;
  for (const { min, max } of boxes)
    for (let c = 0; c < 8; c++) {
      out[k++] = c & 1 ? max[0] : min[0];
      out[k++] = c & 2 ? max[1] : min[1];
      out[k++] = c & 4 ? max[2] : min[2];
    }
  return out;
}

/**
 * One view per Part: Tier 1, Tier 2 on B-Rep and the composite-hole pass all measure the same Part, and
 * the hole-stack search asks for the same faces' boundary points many times; each edge's points are
 * computed once (the same values, in the same order, as {@link partBoundaryPoints}).
 */
const geometryOfPart = new WeakMap<Readonly<Part>, Map<FreeformFaceReader | undefined, FeatureGeometry>>();

/**
 * How a caller reads a free-form face as an analytic one (recognition passes the faces whose exact surface is a
 * plane, cylinder, cone, sphere or torus: stages/recognize/canonical-kinds.ts); null keeps it `other`.
 */
export type FreeformFaceReader = (part: Readonly<Part>, face: Readonly<PartFace>) => MeasuredFace | null;

/**
 * The measurer's view of a B-Rep Part (Tier 1, Tier 2 on B-Rep, the composite-hole pass). `readFreeform` reads
 * free-form faces (B-splines, sweeps) as analytic where it can; without it they are `other`. Memoized per Part
 * and reader.
 */
export function featureGeometryOfPart(part: Readonly<Part>, readFreeform?: FreeformFaceReader): FeatureGeometry {
  let byReader = geometryOfPart.get(part);
  const known = byReader?.get(readFreeform);
  if (known) return known;
  const faces = part.faces.map((f) => {
    const own = measuredFaceOf(f);
    return own.kind === 'other' && readFreeform ? (readFreeform(part, f) ?? own) : own;
  });
  const neighbours = part.faces.map((_, i) => {
    const set = new Set<number>();
    for (const ai of part.aag.neighbours[i] ?? []) {
      const arc = part.aag.arcs[ai];
      set.add(arc.a === i ? arc.b : arc.a);
    }
    set.delete(i);
    return [...set];
  });
  const edgePoints: (number[] | undefined)[] = new Array(part.edges.length);
  const pointsOfEdge = (e: number) => (edgePoints[e] ??= edgeBoundaryPoints(part, e));
  const geometry: FeatureGeometry = {
    faceCount: faces.length,
    face: (i) => faces[i],
    neighbours: (i) => neighbours[i] ?? [],
    boundaryPoints: (fs) => boundaryPointsOf(part, fs, pointsOfEdge),
  };
  if (!byReader) geometryOfPart.set(part, (byReader = new Map()));
  byReader.set(readFreeform, geometry);
  return geometry;
}
