/**
 * Hole stacks: the coaxial inward cylinders and cones of one hole, with the planar faces square to the
 * axis that lie inside its footprint (counterbore shoulders, a flat floor). Found on the B-Rep, whatever
 * a tier said about the faces, and described from the entry inward as segments: `countersink` (an entry
 * cone that takes a screw head), `counterbore` (a wider cylinder ending on a flat shoulder),
 * `counterdrill` (a wider cylinder ending on a cone), `thread` (a thread modelled as faces — free-form
 * helical flanks and crest winding round the hole, `helical-thread.ts`, pitch measured from the helix — or a
 * wider cylinder whose diameter is an ISO metric thread's nominal one for the hole as its tap drill: a
 * thread modelled only as a cylinder, pitch from the ISO table),
 * `hole` (the narrowest, deepest cylinder, with its
 * floor or drill point) — and `chamfer` for an entry or exit cone too small for a screw head (an edge
 * break, which stays its own feature).
 * @internal
 */
import type { Vec3 } from '../../model/index.js';
import { perpendicularFrame } from '../../geometry/vec3.js';
import { largestAngularGap } from '../../geometry/angular-gap.js';
import type { FeatureGeometry, MeasuredFace } from './feature-geometry.js';
import { isoMetricPitchMm } from './iso-metric-thread.js';
import { isThreadFaceBoundary, measureHelixPitchMm } from './helical-thread.js';
import { PARALLEL_COS, coaxialFaces, dot, isCornerTorus, isDrillPoint, isWall, span, stackToleranceMm, withinRadius } from './hole-axis.js';
import { joinHolePieces, sameConeSurface } from './hole-pieces.js';

export { coaxialFaces, stackToleranceMm } from './hole-axis.js';

/** Segment kinds of a hole stack, entry first. */
export type HoleSegmentKind = 'countersink' | 'counterbore' | 'counterdrill' | 'thread' | 'hole' | 'chamfer';
/** Composite kinds (the first composite segment from the entry names the hole). */
export type CompositeHoleKind = 'counterbore' | 'countersink' | 'counterdrill' | 'thread';

/** One segment of a hole stack. */
export interface HoleSegment {
  kind: HoleSegmentKind;
  /** Face indices of the segment (its wall, plus the shoulder, floor or drill point that ends it). */
  faces: number[];
  /** Wall diameter (cylinders), or the outer (entry) diameter of a cone. */
  diameterMm: number;
  /** Extent of the segment's wall along the axis. */
  depthMm: number;
  /** Included angle of the segment's cone (countersink, counterdrill transition, chamfer), when it has one. */
  angleDeg?: number;
  /**
   * Threads: the pitch measured from the helical thread faces, or, for a thread modelled only as a
   * cylinder, the ISO metric pitch the thread's and the tap drill's diameters stand for.
   */
  pitchMm?: number;
}

/** A described hole stack. */
export interface HoleStack {
  /** Unit axis, pointing from the entry into the material. */
  axis: Vec3;
  /** Segments from the entry inward (`chamfer` segments included: callers decide what to do with them). */
  segments: HoleSegment[];
  /** The composite kind, or null for a plain hole (one `hole` segment, maybe with edge-break chamfers). */
  composite: CompositeHoleKind | null;
  /** False when a floor or drill point closes the deep end. */
  through: boolean;
  /** The diameter of the `hole` segment (the drilled hole). */
  diameterMm: number;
  /** Extent of all non-chamfer faces along the axis. */
  depthMm: number;
  /** Counterbore shoulders, the floor and the drill point. */
  bottomFaces: number[];
  /**
   * Largest angular gap (degrees) around the axis left by the `hole` segment's wall: 0 for a full
   * cylinder (one face or split halves), 270 for a quarter-cylinder fillet, 180 for a slot's round end.
   */
  wallGapDeg: number;
}

/** A stack is a hole when its wall leaves no angular gap this wide (a fillet or a slot end does). */
export const HOLE_MAX_WALL_GAP_DEG = 170;

/**
 * A countersink's outer diameter is at least this many times the hole's; a smaller entry cone is an edge
 * break (`chamfer`). Screw heads are 1.6–2.2 × the clearance hole; edge breaks stay under 1.4 × (the
 * generator's rim chamfers are ≤ 0.4 × the radius, its countersinks ≥ 1.43 ×).
 */
export const COUNTERSINK_MIN_DIAMETER_RATIO = 1.4;

/**
 * An entry cone at least {@link COUNTERSINK_MIN_DIAMETER_RATIO} × the hole wide whose wall leans at most this far off
 * the axis is a drafted wall — a cast or moulded cavity opening onto the hole (docs/labelling.md, "Cast housings":
 * drafts of 0.3–5°) — not a countersink (60–120° included, never under 10°): it is no segment of the drilled stack.
 */
export const DRAFTED_WALL_MAX_SEMI_ANGLE_DEG = 5;


/**
 * Every hole stack of a part: grown from each inward cylinder over adjacent coaxial inward cylinders and
 * cones, over free-form thread faces winding round its axis, and over planar faces square to the axis whose
 * boundary stays inside the stack's widest wall.
 * Pieces of one axis that do not touch stay separate stacks — on the labelled real parts they are mostly
 * separate holes (aligned holes in the two walls of a clevis, countersunk from both sides), although a
 * generated drill crossing a slot is one instance there — except where another hole crosses between them
 * ({@link joinCrossedPieces}): a cross hole, or a hole drilled across a bore, cut in pieces by the hole it
 * crosses, is one drilled hole (docs/labelling.md: a feature cut in pieces by another stays one instance).
 * Returns face index lists (each face in at most one stack).
 */
export function findHoleStacks(geom: FeatureGeometry): number[][] {
  const owner = new Int32Array(geom.faceCount).fill(-1);
  const stacks: number[][] = [];
  const pointsCache = new Map<number, Float64Array>();
  const points = (f: number) => {
    let p = pointsCache.get(f);
    if (!p) pointsCache.set(f, (p = geom.boundaryPoints([f])));
    return p;
  };
  for (let seed = 0; seed < geom.faceCount; seed++) {
    const s = geom.face(seed);
    if (owner[seed] >= 0 || s.kind !== 'cylinder' || !isWall(s)) continue;
    const axis = s.axis!;
    const tol = stackToleranceMm(geom, [seed]);
    const id = stacks.length;
    const members: number[] = [seed];
    owner[seed] = id;
    for (let q = 0; q < members.length; q++) {
      for (const n of geom.neighbours(members[q])) {
        if (owner[n] >= 0) continue;
        const f = geom.face(n);
        let join = false;
        if (isWall(f)) join = coaxialFaces(s, f, tol);
        else if (f.kind === 'other') join = isThreadFaceBoundary(points(n), s.origin, axis, s.radius!, tol);
        else if (isCornerTorus(f) && coaxialFaces(s, f, tol)) {
          // a corner radius at a floor or shoulder: its rim is the radius of a coaxial cylinder wall it meets
          const rim = span(points(n), s.origin, axis).rMax;
          join = geom.neighbours(n).some((m) => {
            const w = geom.face(m);
            return w.kind === 'cylinder' && isWall(w) && coaxialFaces(s, w, tol) && Math.abs(w.radius! - rim) <= tol;
          });
        } else if (f.kind === 'plane' && f.normal && Math.abs(dot(axis, f.normal)) > PARALLEL_COS) {
          // Inside the footprint of the coaxial walls (or wall corner radii of the stack) it touches: a shoulder or a
          // floor, not a stock face or pocket floor.
          let rWall = 0;
          for (const m of geom.neighbours(n)) {
            const w = geom.face(m);
            if ((isWall(w) || (isCornerTorus(w) && owner[m] === id)) && coaxialFaces(s, w, tol)) rWall = Math.max(rWall, span(points(m), s.origin, axis).rMax);
          }
          join = rWall > 0 && withinRadius(points(n), s.origin, axis, rWall + tol);
        }
        if (join) {
          owner[n] = id;
          members.push(n);
        }
      }
    }
    stacks.push(members.sort((a, b) => a - b));
  }
  return joinHolePieces(geom, joinCrossedPieces(geom, stacks));
}

/**
 * Joins the pieces of one drilled hole that another hole cut apart: two stacks whose drill cylinders have
 * one axis line and one radius, and that both border one inward cylinder of a third stack whose axis crosses
 * theirs (the hole they cross, or the bore they run across). Aligned holes separated by open space (a
 * clevis) or by a slot border no common crossing cylinder and stay apart.
 */
function joinCrossedPieces(geom: FeatureGeometry, stacks: number[][]): number[][] {
  if (stacks.length < 3) return stacks;
  const stackOf = new Int32Array(geom.faceCount).fill(-1);
  stacks.forEach((s, k) => s.forEach((f) => (stackOf[f] = k)));
  // The drill cylinder of each stack (its narrowest), and the crossing cylinders of other stacks it borders.
  const drill = stacks.map((s) => {
    const cyl = s.filter((f) => geom.face(f).kind === 'cylinder' && isWall(geom.face(f)));
    return cyl.length > 0 ? cyl.reduce((m, f) => (geom.face(f).radius! < geom.face(m).radius! ? f : m)) : -1;
  });
  const crossing = stacks.map((s, k) => {
    const out = new Set<number>();
    if (drill[k] < 0) return out;
    const a = geom.face(drill[k]).axis!;
    for (const f of s)
      for (const n of geom.neighbours(f)) {
        const o = stackOf[n];
        if (o < 0 || o === k) continue;
        const w = geom.face(n);
        if (w.kind === 'cylinder' && isWall(w) && Math.abs(dot(a, w.axis!)) < PARALLEL_COS) out.add(n);
      }
    return out;
  });
  const parent = stacks.map((_, k) => k);
  const root = (k: number): number => (parent[k] === k ? k : (parent[k] = root(parent[k])));
  for (let i = 0; i < stacks.length; i++) {
    if (crossing[i].size === 0) continue;
    const di = geom.face(drill[i]);
    const tol = stackToleranceMm(geom, [drill[i]]);
    for (let j = i + 1; j < stacks.length; j++) {
      if (crossing[j].size === 0) continue;
      const dj = geom.face(drill[j]);
      if (Math.abs(di.radius! - dj.radius!) > tol || !coaxialFaces(di, dj, tol)) continue;
      if ([...crossing[i]].some((n) => crossing[j].has(n))) parent[root(j)] = root(i);
    }
  }
  const joined = new Map<number, number[]>();
  stacks.forEach((s, k) => {
    const r = root(k);
    joined.set(r, [...(joined.get(r) ?? []), ...s]);
  });
  return joined.size === stacks.length ? stacks : [...joined.values()].map((s) => s.sort((a, b) => a - b));
}

/**
 * Describes a hole stack (faces from {@link findHoleStacks}, or a tier's hole feature): its axis from the
 * narrowest cylinder, segments from the entry (the end of the widest wall) inward, composite kind,
 * through or blind. Null when the faces hold no inward cylinder.
 */
export function describeHoleStack(geom: FeatureGeometry, faces: readonly number[]): HoleStack | null {
  // Tier 1, Tier 2 and the composite-hole pass describe the same stacks of one Part's geometry (the
  // measurer once more per hole feature): each face list is described once. Callers only read it.
  let known = describedStacks.get(geom);
  if (!known) describedStacks.set(geom, (known = new Map()));
  const key = faces.join(',');
  let stack = known.get(key);
  if (stack === undefined) known.set(key, (stack = describeStack(geom, faces)));
  return stack;
}

const describedStacks = new WeakMap<FeatureGeometry, Map<string, HoleStack | null>>();

function describeStack(geom: FeatureGeometry, faces: readonly number[]): HoleStack | null {
  const walls = faces.filter((f) => isWall(geom.face(f)));
  const cylinders = walls.filter((f) => geom.face(f).kind === 'cylinder');
  if (cylinders.length === 0) return null;
  const drill = cylinders.reduce((m, f) => (geom.face(f).radius! < geom.face(m).radius! ? f : m));
  const ref = geom.face(drill);
  const origin = ref.origin;
  let axis: Vec3 = [ref.axis![0], ref.axis![1], ref.axis![2]];
  const tol = stackToleranceMm(geom, faces);

  type Item = { face: number; f: MeasuredFace; lo: number; hi: number; rMin: number; rMax: number };
  const measure = (face: number): Item => ({ face, f: geom.face(face), ...span(geom.boundaryPoints([face]), origin, axis) });
  let items = faces.map(measure);
  // Orientation: a floor or drill point marks the deep end; without one, the widest wall marks the entry.
  // walls, and the corner radii at their floors and shoulders, which reach as far along the axis as the floor
  const inWall = (it: Item) => (isWall(it.f) || isCornerTorus(it.f)) && coaxialFaces(ref, it.f, tol);
  const wallItems = items.filter(inWall);
  if (wallItems.length === 0) return null;
  const lo = Math.min(...wallItems.map((i) => i.lo));
  const hi = Math.max(...wallItems.map((i) => i.hi));
  const rDrill = ref.radius!;
  const closes = (it: Item) =>
    (it.f.kind === 'cone' && isDrillPoint(it, rDrill, tol)) ||
    (it.f.kind === 'plane' && it.rMax <= rDrill + tol && (Math.abs(it.lo - lo) <= tol || Math.abs(it.hi - hi) <= tol));
  const closer = items.find(closes);
  let flip: boolean;
  if (closer) flip = (closer.lo + closer.hi) / 2 < (lo + hi) / 2;
  else {
    const widest = wallItems.reduce((m, i) => (i.rMax > m.rMax + tol ? i : m));
    flip = (widest.lo + widest.hi) / 2 > (lo + hi) / 2 + tol;
  }
  if (flip) {
    axis = [-axis[0], -axis[1], -axis[2]];
    items = faces.map(measure);
  }
  const walls2 = items.filter(inWall).sort((a, b) => a.lo + a.hi - (b.lo + b.hi));
  const planes = items.filter((it) => it.f.kind === 'plane');
  const start = Math.min(...walls2.map((i) => i.lo));
  const end = Math.max(...walls2.map((i) => i.hi));

  // Cylinders grouped by radius, in order from the entry.
  type Group = { kind: HoleSegmentKind; items: Item[]; radius: number; cone?: Item; pitchMm?: number };
  const groups: Group[] = [];
  const cones: Item[] = [];
  for (const it of walls2) {
    if (it.f.kind === 'cone') {
      cones.push(it);
      continue;
    }
    // a corner radius goes with the cylinder whose radius its rim has
    const r = it.f.kind === 'torus' ? it.rMax : it.f.radius!;
    const g = groups.find((x) => Math.abs(x.radius - r) <= tol);
    if (g) g.items.push(it);
    else groups.push({ kind: 'hole', items: [it], radius: r });
  }
  const mid = (g: Group) => Math.min(...g.items.map((i) => i.lo));
  groups.sort((a, b) => mid(a) - mid(b));
  const gLo = (g: Group) => Math.min(...g.items.map((i) => i.lo));
  const gHi = (g: Group) => Math.max(...g.items.map((i) => i.hi));

  const segments: HoleSegment[] = [];
  const bottomFaces: number[] = [];
  const angleOf = (c: Item) => (c.f.semiAngleRad !== null ? (2 * c.f.semiAngleRad * 180) / Math.PI : undefined);
  const narrowest = groups.reduce((m, g) => (g.radius < m.radius ? g : m));
  let closed = false;
  // Faces that end a group: its shoulder, floor or drill point.
  const ends = new Map<Group, number[]>();
  const addEnd = (g: Group, face: number) => ends.set(g, [...(ends.get(g) ?? []), face]);

  // Cones: entry (countersink or chamfer), between two cylinder groups (counterdrill transition), drill point, exit chamfer.
  const coneSegments: { at: number; seg: HoleSegment; lo: number; hi: number; cone: MeasuredFace }[] = [];
  for (const c of cones) {
    const angleDeg = angleOf(c);
    if (isDrillPoint(c, narrowest.radius, tol) && c.lo >= gHi(narrowest) - tol) {
      // Drill point: closes the hole.
      closed = true;
      bottomFaces.push(c.face);
      addEnd(narrowest, c.face);
      continue;
    }
    const before = groups.filter((g) => gHi(g) <= c.lo + tol);
    const after = groups.filter((g) => gLo(g) >= c.hi - tol);
    if (before.length > 0 && after.length > 0) {
      const g = before[before.length - 1];
      g.kind = 'counterdrill';
      g.cone = c;
      continue;
    }
    // At the entry only when no wall starts before it: a cone alongside a wider bore's wall is the chamfer of
    // that bore's shoulder edge, not a countersink.
    const atEntry = before.length === 0 && !groups.some((g) => gLo(g) < c.lo - tol);
    const inner = atEntry ? (after[0]?.radius ?? c.rMin) : (before[before.length - 1]?.radius ?? c.rMin);
    const ratio = inner > 0 ? c.rMax / inner : Infinity;
    if (atEntry && ratio >= COUNTERSINK_MIN_DIAMETER_RATIO && isDraftedWall(c.f)) continue;
    const kind: HoleSegmentKind = atEntry && ratio >= COUNTERSINK_MIN_DIAMETER_RATIO ? 'countersink' : 'chamfer';
    // Pieces of one cone (a countersink that another feature cut in two) are one segment.
    const at = atEntry ? -1 : Infinity;
    const same = coneSegments.find((x) => x.at === at && x.seg.kind === kind && sameConeSurface(x.cone, c.f, tol));
    if (same) {
      same.lo = Math.min(same.lo, c.lo);
      same.hi = Math.max(same.hi, c.hi);
      same.seg.faces = [...same.seg.faces, c.face].sort((a, b) => a - b);
      same.seg.diameterMm = Math.max(same.seg.diameterMm, 2 * c.rMax);
      same.seg.depthMm = same.hi - same.lo;
      continue;
    }
    coneSegments.push({ at, lo: c.lo, hi: c.hi, cone: c.f, seg: { kind, faces: [c.face], diameterMm: 2 * c.rMax, depthMm: c.hi - c.lo, ...(angleDeg !== undefined ? { angleDeg } : {}) } });
  }

  // Planes: a shoulder after a wider group (counterbore), or the floor at the deep end.
  for (const p of planes) {
    const t = (p.lo + p.hi) / 2;
    if (Math.abs(t - end) <= tol && p.rMax <= narrowest.radius + tol) {
      closed = true;
      bottomFaces.push(p.face);
      addEnd(narrowest, p.face);
      continue;
    }
    const g = groups.find((x) => x !== narrowest && Math.abs(gHi(x) - t) <= tol) ?? groups.find((x) => Math.abs(gHi(x) - t) <= tol);
    if (!g) continue;
    if (g !== narrowest && g.kind === 'hole') g.kind = 'counterbore';
    bottomFaces.push(p.face);
    addEnd(g, p.face);
  }
  for (const g of groups) if (g !== narrowest && g.kind === 'hole') g.kind = 'counterbore';
  // A wider cylinder right above the hole at an ISO metric thread's nominal diameter: a thread (its helix not modelled).
  const above = groups[groups.indexOf(narrowest) - 1];
  if (above) {
    const pitch = isoMetricPitchMm(2 * above.radius, 2 * narrowest.radius);
    if (pitch !== null) {
      above.kind = 'thread';
      above.pitchMm = pitch;
    }
  }

  for (const cs of coneSegments.filter((c) => c.at < 0)) segments.push(cs.seg);
  // Free-form faces the stack grew over: a thread modelled as faces, measured from its helices.
  const threadItems = items.filter((it) => it.f.kind === 'other');
  if (threadItems.length > 0) {
    const majorRadius = Math.max(...threadItems.map((i) => i.rMax));
    const pitchMm = measureHelixPitchMm(geom.boundaryPoints(threadItems.map((i) => i.face)), origin, axis, 0.15, majorRadius);
    segments.push({
      kind: 'thread',
      faces: threadItems.map((i) => i.face).sort((a, b) => a - b),
      diameterMm: 2 * majorRadius,
      depthMm: Math.max(...threadItems.map((i) => i.hi)) - Math.min(...threadItems.map((i) => i.lo)),
      ...(pitchMm !== null ? { pitchMm: Math.round(pitchMm * 1000) / 1000 } : {}),
    });
  }
  for (const g of groups) {
    const faces = [...g.items.map((i) => i.face), ...(g.cone ? [g.cone.face] : []), ...(ends.get(g) ?? [])];
    const angleDeg = g.cone ? angleOf(g.cone) : undefined;
    segments.push({
      kind: g.kind,
      faces: faces.sort((a, b) => a - b),
      diameterMm: 2 * g.radius,
      depthMm: gHi(g) - gLo(g),
      ...(angleDeg !== undefined ? { angleDeg } : {}),
      ...(g.pitchMm !== undefined ? { pitchMm: g.pitchMm } : {}),
    });
  }
  for (const cs of coneSegments.filter((c) => c.at > 0)) segments.push(cs.seg);

  const composite: CompositeHoleKind | null =
    (segments.find((s) => s.kind === 'countersink' || s.kind === 'counterbore' || s.kind === 'counterdrill' || s.kind === 'thread')?.kind as CompositeHoleKind | undefined) ?? null;
  const main = segments.filter((s) => s.kind !== 'chamfer');
  const mainFaces = new Set(main.flatMap((s) => s.faces));
  const mainItems = items.filter((i) => mainFaces.has(i.face));
  const depthMm = mainItems.length > 0 ? Math.max(...mainItems.map((i) => i.hi)) - Math.min(...mainItems.map((i) => i.lo)) : end - start;
  return {
    axis,
    wallGapDeg: largestAngularGapDeg(narrowest.items.map((i) => i.face), geom, origin, axis),
    segments,
    composite,
    through: !closed,
    diameterMm: 2 * narrowest.radius,
    depthMm,
    bottomFaces: bottomFaces.sort((a, b) => a - b),
  };
}

/** A cone whose wall leans at most {@link DRAFTED_WALL_MAX_SEMI_ANGLE_DEG} off its axis. */
function isDraftedWall(f: MeasuredFace): boolean {
  return f.semiAngleRad !== null && (f.semiAngleRad * 180) / Math.PI <= DRAFTED_WALL_MAX_SEMI_ANGLE_DEG;
}

/** Largest gap (degrees) between the angular positions of the faces' boundary points around the axis. */
function largestAngularGapDeg(faces: readonly number[], geom: FeatureGeometry, origin: Vec3, axis: Vec3): number {
  const [e1, e2] = perpendicularFrame(axis);
  const angles: number[] = [];
  for (const f of faces) {
    const p = geom.boundaryPoints([f]);
    for (let k = 0; k + 2 < p.length; k += 3) {
      // dot(e, d) on the scalars of d = p_k − origin (same operations, no array per point).
      const d0 = p[k] - origin[0], d1 = p[k + 1] - origin[1], d2 = p[k + 2] - origin[2];
      angles.push((Math.atan2(e2[0] * d0 + e2[1] * d1 + e2[2] * d2, e1[0] * d0 + e1[1] * d1 + e1[2] * d2) * 180) / Math.PI);
    }
  }
  if (angles.length < 2) return 360;
  return largestAngularGap(angles, 360);
}
