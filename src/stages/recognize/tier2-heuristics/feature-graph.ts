/**
 * The face graph the Tier 2 rules work on: one node per face with its analytic surface reduced to
 * what rules need (outward plane normal, axis and radius, hole-or-boss side), its area and centroid,
 * and the AAG arcs. Built from a B-Rep {@link Part} here and from a segmented mesh in `tier2-mesh/`.
 * @internal
 */
import type { AagArc, BoundingBox, Part, PartFace, Vec3 } from '../../../model/index.js';
import { perpendicularFrame } from '../../../geometry/vec3.js';
import { largestAngularGap } from '../../../geometry/angular-gap.js';
import { edgeParameterRange, evaluateCurve } from '../../../geometry/curve-eval.js';
import { hollowSide } from '../../../geometry/surface-hollow-side.js';

/** Surface kinds the rules distinguish. */
export type GraphSurfaceKind = 'plane' | 'cylinder' | 'cone' | 'sphere' | 'torus' | 'other';

/** A face of the {@link FeatureGraph}. */
export interface GraphFace {
  index: number;
  stepId: number | null;
  kind: GraphSurfaceKind;
  /** Planes: the outward unit normal. Others: null. */
  normal: Vec3 | null;
  /** Planes: a point on the plane. Axis surfaces: a point on the axis. */
  origin: Vec3;
  /** Cylinder/cone/torus: the unit axis direction. */
  axis: Vec3 | null;
  /** Cylinder/sphere: radius; cone: the radius at `origin`; torus: the minor radius. */
  radius: number | null;
  /** Torus: major radius. */
  majorRadius: number | null;
  /** Cone: half-angle (rad). */
  semiAngleRad: number | null;
  /**
   * Cylinder/cone/torus: the angle (rad) the face's boundary covers around its axis — 2π for a full
   * hole or shaft, π for a half-cylinder slot end, π/2 for a corner radius. Absent when not measured
   * (mesh-segmented faces); rules then treat the face as closed around its axis.
   */
  spanRad?: number;
  /** Curved faces: true when the outward normal points towards the axis/centre (hole side, material outside). */
  inward: boolean;
  /**
   * Free-form B-Rep faces: +1 hollow on the outer side (material outside the face's curve, as in a concave fillet), -1
   * bulging (a convex round), 0 flat or saddle-shaped, read from the surface ({@link hollowSide}). Absent for analytic
   * and mesh faces (`inward` tells those).
   */
  hollow?: -1 | 0 | 1;
  area: number;
  centroid: Vec3;
  bbox: BoundingBox;
  /** Mesh input: the input triangle indices this face covers. */
  triangles?: number[];
  /**
   * B-Rep input: the face's boundary points (vertices, curve samples; xyz…), for extents along any direction (a
   * face's bbox is axis-aligned: its extent along a slanted direction depends on how the part is turned).
   */
  boundary?: Float64Array;
}

/** Faces, arcs and sample points of one part. */
export interface FeatureGraph {
  faces: GraphFace[];
  arcs: AagArc[];
  /** `neighbours[i]` = indices into `arcs` touching face i. */
  neighbours: number[][];
  bbox: BoundingBox;
  /** Length of the bbox diagonal (mm); tolerances scale with it. */
  diagonalMm: number;
  /** Points on the part's boundary (vertices, curve samples) used for supporting-plane tests; xyz… */
  points: Float64Array;
}

/** The other face of an arc. */
export function otherFace(arc: AagArc, face: number): number {
  return arc.a === face ? arc.b : arc.a;
}

/**
 * The faces reached from `seed` over linked arcs (by default smooth ones) to neighbours `accept` lets in (called with the neighbour and
 * the face it is reached from), skipping faces already in `visited`; every face reached is added to `visited`.
 */
export function growRegion(
  graph: FeatureGraph,
  seed: number,
  visited: Set<number>,
  accept: (o: number, from: number) => boolean,
  linked: (arc: AagArc) => boolean = (arc) => arc.convexity === 'smooth',
): number[] {
  const region: number[] = [];
  const stack = [seed];
  visited.add(seed);
  while (stack.length) {
    const x = stack.pop()!;
    region.push(x);
    for (const ai of graph.neighbours[x]) {
      const arc = graph.arcs[ai];
      const o = otherFace(arc, x);
      if (!linked(arc) || visited.has(o) || !accept(o, x)) continue;
      visited.add(o);
      stack.push(o);
    }
  }
  return region;
}

/**
 * Fits a B-spline (or other free-form) face to a plane, cylinder or cone. Tier 2's (freeform-face-fit.ts) fits samples
 * of its exact surface, its triangles only where the surface cannot be sampled.
 */
export type FreeformFitter = (part: Readonly<Part>, face: PartFace) => Partial<GraphFace> | null;

const neg = (a: Vec3): Vec3 => [-a[0], -a[1], -a[2]];

/**
 * Build the graph of a B-Rep Part (STEP-derived or mesh-derived with surfaces). Face measures are the
 * Part's (`area`, `centroid`) when it has an area, else from its loops (exact for straight edges).
 */
export function buildFeatureGraphFromPart(part: Readonly<Part>, fitFreeform?: FreeformFitter): FeatureGraph {
  const known = builtGraphs.get(part);
  if (known && sameInputs(part, known)) {
    if (known.fitFreeform === fitFreeform) return known.graph;
    return graphWithFitter(part, known.graph, fitFreeform);
  }
  const graph = buildGraph(part, fitFreeform);
  builtGraphs.set(part, { fitFreeform, graph, faces: part.faces, vertices: part.vertices, edges: part.edges, mesh: part.mesh.positions, faceInputs: part.faces.map(faceInputs) });
  return graph;
}

/**
 * Tier 2 (with its free-form fitter) and the base-body pass (without) build the graph of the same Part in
 * one analysis: the first graph is kept per Part and the second is made from it. A face on an analytic
 * surface (or on none) and the boundary points do not depend on the fitter, so they are taken as they are;
 * only free-form faces are built again with the other fitter. Kept only while the Part's faces, edges,
 * vertices and mesh, and each face's surface, bounds and measures, are the very objects and numbers the
 * graph was built from (a Part measured again from a tessellation builds a new graph).
 */
const builtGraphs = new WeakMap<Readonly<Part>, BuiltGraph>();

interface BuiltGraph {
  fitFreeform: FreeformFitter | undefined;
  graph: FeatureGraph;
  faces: readonly PartFace[];
  vertices: Part['vertices'];
  edges: Part['edges'];
  mesh: ArrayLike<number>;
  faceInputs: unknown[][];
}

/** What {@link graphFaceOf} reads of a face (compared by identity or value). */
function faceInputs(f: PartFace): unknown[] {
  return [f, f.surface, f.reversed, f.bounds, f.area, f.centroid, f.bbox, f.index, f.stepId];
}

function sameInputs(part: Readonly<Part>, known: BuiltGraph): boolean {
  if (part.faces !== known.faces || part.vertices !== known.vertices || part.edges !== known.edges || part.mesh.positions !== known.mesh) return false;
  if (part.faces.length !== known.faceInputs.length) return false;
  for (let i = 0; i < part.faces.length; i++) {
    const now = faceInputs(part.faces[i]);
    const then = known.faceInputs[i];
    for (let k = 0; k < now.length; k++) if (!Object.is(now[k], then[k])) return false;
  }
  return true;
}

const ANALYTIC = new Set(['plane', 'cylinder', 'cone', 'sphere', 'torus']);

/** `graph` (built from `part` with another fitter) with its free-form faces built with `fitFreeform`. */
function graphWithFitter(part: Readonly<Part>, graph: FeatureGraph, fitFreeform?: FreeformFitter): FeatureGraph {
  const unused: number[] = [];
  const faces = part.faces.map((f, i) => (!f.surface || ANALYTIC.has(f.surface.type) ? graph.faces[i] : graphFaceOf(part, f, unused, fitFreeform)));
  return { ...graph, faces };
}

function buildGraph(part: Readonly<Part>, fitFreeform?: FreeformFitter): FeatureGraph {
  const pts: number[] = [];
  for (const v of part.vertices) pts.push(v.point[0], v.point[1], v.point[2]);
  // An edge's curve samples are the same for both faces it bounds: evaluated once.
  const edgeSamples = new Map<number, EdgeSamples>();
  const faces = part.faces.map((f) => graphFaceOf(part, f, pts, fitFreeform, edgeSamples));
  if (part.mesh.positions.length > 0 && pts.length === 0) for (const x of part.mesh.positions) pts.push(x);
  const points = new Float64Array(pts);
  const bbox = boxOfPoints(points);
  return {
    faces,
    arcs: part.aag.arcs,
    neighbours: part.aag.neighbours,
    bbox,
    diagonalMm: Math.hypot(bbox.max[0] - bbox.min[0], bbox.max[1] - bbox.min[1], bbox.max[2] - bbox.min[2]),
    points,
  };
}

/** @internal */
export function boxOfPoints(points: ArrayLike<number>): BoundingBox {
  const min: Vec3 = [Infinity, Infinity, Infinity];
  const max: Vec3 = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < points.length; i += 3)
    for (let k = 0; k < 3; k++) {
      const x = points[i + k];
      if (x < min[k]) min[k] = x;
      if (x > max[k]) max[k] = x;
    }
  if (points.length === 0) return { min: [0, 0, 0], max: [0, 0, 0] };
  return { min, max };
}

function graphFaceOf(part: Readonly<Part>, f: PartFace, pts: number[], fitFreeform?: FreeformFitter, edgeSamples?: Map<number, EdgeSamples>): GraphFace {
  const base: GraphFace = {
    index: f.index,
    stepId: f.stepId,
    kind: 'other',
    normal: null,
    origin: [0, 0, 0],
    axis: null,
    radius: null,
    majorRadius: null,
    semiAngleRad: null,
    inward: false,
    area: f.area,
    centroid: f.centroid,
    bbox: f.bbox,
  };
  const s = f.surface;
  if (s) {
    switch (s.type) {
      case 'plane':
        base.kind = 'plane';
        base.normal = f.reversed ? neg(s.frame.z) : [...s.frame.z];
        base.origin = s.frame.origin;
        break;
      case 'cylinder':
      case 'cone':
      case 'sphere':
      case 'torus':
        base.kind = s.type;
        base.origin = s.frame.origin;
        base.axis = [...s.frame.z];
        base.radius = s.type === 'torus' ? s.minorRadius : s.radius;
        base.majorRadius = s.type === 'torus' ? s.majorRadius : null;
        base.semiAngleRad = s.type === 'cone' ? s.semiAngle : null;
        // the natural normal of these surfaces points away from the axis/centre
        base.inward = f.reversed;
        break;
      default:
        if (fitFreeform) {
          const fit = fitFreeform(part, f);
          if (fit) Object.assign(base, fit);
        }
    }
  }
  const own: Vec3[] = [];
  // The loop polygon's area and centroid are read only for a face the Part has not measured (below): for the others
  // no normal is passed, and loopMeasures collects the boundary samples without the polygon sums.
  const loop = loopMeasures(part, f, pts, f.area > 0 ? null : base.normal, own, edgeSamples);
  // The Part's own measures when it has them (exact from the B-Rep, or the triangles of a mesh-derived
  // face); the loop polygon only for faces measured by neither, so a B-Rep face reads the same with and
  // without a tessellation.
  if (!(f.area > 0) && loop) {
    base.area = loop.area;
    base.centroid = loop.centroid;
  }
  if (base.axis && (base.kind === 'cylinder' || base.kind === 'cone' || base.kind === 'torus') && own.length > 0) base.spanRad = angularSpanRad(own, base.origin, base.axis);
  if (own.length > 0) {
    const flat = new Float64Array(3 * own.length);
    own.forEach((p, k) => flat.set(p, 3 * k));
    base.boundary = flat;
  }
  if (base.kind === 'other' && s && s.type !== 'other' && (base.area > 0 || own.length > 0))
    base.hollow = hollowSide(s, f.reversed, base.area > 0 ? base.centroid : meanPoint(own), Math.sqrt(base.area > 0 ? base.area : boxSize(base.bbox)));
  return base;
}

/** Square of the largest extent of a box (a size for faces without a measured area). */
function boxSize(b: BoundingBox): number {
  const e = Math.max(b.max[0] - b.min[0], b.max[1] - b.min[1], b.max[2] - b.min[2]);
  return e * e;
}

function meanPoint(points: readonly Vec3[]): Vec3 {
  const m: Vec3 = [0, 0, 0];
  for (const p of points) for (let k = 0; k < 3; k++) m[k] += p[k] / points.length;
  return m;
}


/**
 * The angle covered around `axis` by `points`: 2π minus the largest empty angular gap between them.
 * Boundary samples of a closed cylinder are at most 2π/16 apart, so a full face measures ≥ 15/16 · 2π.
 * @internal
 */
export function angularSpanRad(points: readonly Vec3[], origin: Vec3, axis: Vec3): number {
  const [u, v] = perpendicularFrame(axis);
  const angles: number[] = [];
  for (const p of points) {
    const q0 = p[0] - origin[0], q1 = p[1] - origin[1], q2 = p[2] - origin[2];
    const x = q0 * u[0] + q1 * u[1] + q2 * u[2], y = q0 * v[0] + q1 * v[1] + q2 * v[2];
    if (Math.hypot(x, y) < 1e-9) continue;
    angles.push(Math.atan2(y, x));
  }
  if (angles.length < 2) return 2 * Math.PI;
  return 2 * Math.PI - largestAngularGap(angles, 2 * Math.PI);
}

/** An edge's 17 curve samples (those evaluated before a failure, and whether one failed). */
interface EdgeSamples {
  points: Vec3[];
  failed: boolean;
}

function curveSamples(e: Part['edges'][number], start: Vec3, end: Vec3): EdgeSamples {
  const points: Vec3[] = [];
  try {
    const [t0, t1] = edgeParameterRange(e.curve, start, end, e.sameSense, e.start === e.end);
    const n = 16;
    for (let i = 0; i <= n; i++) {
      const t = e.sameSense ? t0 + ((t1 - t0) * i) / n : t1 - ((t1 - t0) * i) / n;
      const p = evaluateCurve(e.curve, t, [0, 0, 0]);
      // a curve the reader cannot evaluate (a STEP hyperbola: a countersink's cone cut along its axis) gives no
      // parameter range and NaN points, which would poison every extent and distance read from the samples
      if (!Number.isFinite(p[0]) || !Number.isFinite(p[1]) || !Number.isFinite(p[2])) return { points, failed: true };
      points.push(p);
    }
  } catch {
    return { points, failed: true };
  }
  return { points, failed: false };
}

/**
 * Area and centroid of a face from its loops (edge samples), plus the samples appended to `pts` (and, in order,
 * to `own`). Null without a `normal` (the polygon is then not built).
 */
function loopMeasures(part: Readonly<Part>, f: PartFace, pts: number[], normal: Vec3 | null, own: Vec3[], edgeSamples?: Map<number, EdgeSamples>): { area: number; centroid: Vec3 } | null {
  const loops: Vec3[][] = [];
  for (const b of f.bounds) {
    const loop: Vec3[] = [];
    for (const c of b.coedges) {
      const e = part.edges[c.edge];
      if (!e) continue;
      const start = part.vertices[e.start]?.point;
      const end = part.vertices[e.end]?.point;
      if (!start || !end) continue;
      const samples: Vec3[] = [];
      if (e.curve.type === 'line' || e.curve.type === 'polyline') {
        samples.push(start, end);
      } else {
        let curve = edgeSamples?.get(c.edge);
        if (!curve) {
          curve = curveSamples(e, start, end);
          edgeSamples?.set(c.edge, curve);
        }
        for (const p of curve.points) {
          samples.push(p);
          pts.push(p[0], p[1], p[2]);
        }
        if (curve.failed) samples.push(start, end);
      }
      if (!c.forward) samples.reverse();
      for (const p of samples) own.push(p);
      if (normal) for (let i = 0; i < samples.length - 1; i++) loop.push(samples[i]);
    }
    if (loop.length >= 3) loops.push(loop);
  }
  if (!normal || loops.length === 0) return null;
  const o = loops[0][0];
  // The shoelace sums on scalars (p = loop[i] − o, q = the next point − o; the same operations in the same order as
  // with a Vec3 per point): this runs over every boundary sample of every face, and allocated two arrays per sample.
  let area = 0;
  let c0 = 0, c1 = 0, c2 = 0;
  for (const loop of loops) {
    for (let i = 0; i < loop.length; i++) {
      const pi = loop[i], qi = loop[(i + 1) % loop.length];
      const p0 = pi[0] - o[0], p1 = pi[1] - o[1], p2 = pi[2] - o[2];
      const q0 = qi[0] - o[0], q1 = qi[1] - o[1], q2 = qi[2] - o[2];
      const cx = p1 * q2 - p2 * q1, cy = p2 * q0 - p0 * q2, cz = p0 * q1 - p1 * q0;
      const a = 0.5 * (cx * normal[0] + cy * normal[1] + cz * normal[2]);
      area += a;
      c0 += (a * (p0 + q0)) / 3;
      c1 += (a * (p1 + q1)) / 3;
      c2 += (a * (p2 + q2)) / 3;
    }
  }
  if (Math.abs(area) < 1e-12) return null;
  return { area: Math.abs(area), centroid: [o[0] + c0 / area, o[1] + c1 / area, o[2] + c2 / area] };
}
