/**
 * Pieces of one drilled hole that other features cut apart. The stack search grows a hole over adjacent
 * faces, so a slot, pocket or step that crosses a hole leaves its wall in coaxial pieces that do not touch
 * — a counterbore above the slot and the drill below it, a countersink cone cut off from its hole, two
 * pieces of one cylinder. docs/labelling.md: a feature cut in pieces by other features stays one instance
 * when the pieces lie on the same surfaces; through or blind is then measured on the whole.
 *
 * Two pieces of one body on one axis line are one hole when
 * - they share a wall surface (a cylinder of the same radius, a cone with the same apex and angle) where
 *   their axial extents overlap — the wall of one drill cut into several faces; or
 * - they follow each other along the axis with nothing else of the axis between them, neither closes the end
 *   facing the other (no floor, no drill point there), and the drill runs on across the gap: a wall radius at
 *   one facing end is a wall radius at the other (an annular shoulder offers its inner radius), or a cone at
 *   one facing end narrows to a cylinder radius of the other within the gap (a countersink cut off its hole).
 *
 * Two blind holes drilled towards each other from opposite faces stay two (each has its floor or drill point
 * at the facing end), so do holes of different solids (an assembly's aligned bolt holes) and holes through two
 * walls of one thickness across a gap (a clevis's lugs, a fork's prongs: pieces of equal length), as the real
 * labels count them.
 * @internal
 */
import type { Vec3 } from '../../model/index.js';
import type { FeatureGeometry, MeasuredFace } from './feature-geometry.js';
import { coaxialFaces, dot, isDrillPoint, isWall, span, stackToleranceMm } from './hole-axis.js';

/** One face of a piece measured along the piece's reference axis. */
interface Item {
  face: number;
  f: MeasuredFace;
  lo: number;
  hi: number;
  rMin: number;
  rMax: number;
}

/** A piece: a hole stack, or a group of coaxial inward cones no stack took. */
interface Piece {
  faces: number[];
  /** The narrowest inward cylinder, else the first cone: its axis line is the piece's. */
  ref: MeasuredFace;
  hasCylinder: boolean;
  component: number;
}

/** Connected component of every face over the adjacency (one per body). */
function components(geom: FeatureGeometry): Int32Array {
  const comp = new Int32Array(geom.faceCount).fill(-1);
  let next = 0;
  for (let s = 0; s < geom.faceCount; s++) {
    if (comp[s] >= 0) continue;
    comp[s] = next;
    const queue = [s];
    while (queue.length > 0) {
      const f = queue.pop()!;
      for (const n of geom.neighbours(f)) {
        if (comp[n] < 0) {
          comp[n] = next;
          queue.push(n);
        }
      }
    }
    next++;
  }
  return comp;
}

/** Radius of a cone's surface at the point of `axis` (through `origin`) at axial coordinate t. */
function coneRadiusAt(cone: MeasuredFace, origin: Vec3, axis: Vec3, t: number): number {
  const p: Vec3 = [origin[0] + t * axis[0], origin[1] + t * axis[1], origin[2] + t * axis[2]];
  const tc = dot(cone.axis!, p) - dot(cone.axis!, cone.origin);
  return cone.radius! + tc * Math.tan(cone.semiAngleRad!);
}

/** Same cone surface: parallel coaxial, same half-angle, the same apex. */
export function sameConeSurface(a: MeasuredFace, b: MeasuredFace, tol: number): boolean {
  if (a.semiAngleRad === null || b.semiAngleRad === null || Math.abs(a.semiAngleRad - b.semiAngleRad) > 1e-6) return false;
  if (!coaxialFaces(a, b, tol)) return false;
  // Both radii evaluated at a's origin.
  return Math.abs(coneRadiusAt(b, a.origin, a.axis!, 0) - a.radius!) <= tol;
}

function sameSurface(a: MeasuredFace, b: MeasuredFace, tol: number): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'cylinder') return Math.abs(a.radius! - b.radius!) <= tol && coaxialFaces(a, b, tol);
  return a.kind === 'cone' && sameConeSurface(a, b, tol);
}

/**
 * Joins the pieces of drilled holes (see the module comment). `stacks` are {@link findHoleStacks}'s stacks;
 * inward cones no stack holds are tried as pieces too and kept only when they join a stack. Returns the
 * stacks (joined ones merged, face lists sorted), `stacks` itself when nothing joins.
 */
export function joinHolePieces(geom: FeatureGeometry, stacks: number[][]): number[][] {
  const owned = new Uint8Array(geom.faceCount);
  for (const s of stacks) for (const f of s) owned[f] = 1;
  const comp = components(geom);
  const pieces: Piece[] = [];
  for (const s of stacks) {
    const cyl = s.filter((f) => geom.face(f).kind === 'cylinder' && isWall(geom.face(f)));
    if (cyl.length === 0) continue;
    const ref = geom.face(cyl.reduce((m, f) => (geom.face(f).radius! < geom.face(m).radius! ? f : m)));
    pieces.push({ faces: s, ref, hasCylinder: true, component: comp[s[0]] });
  }
  // Cones no stack took, grown over adjacent cones of the same surface.
  for (let seed = 0; seed < geom.faceCount; seed++) {
    const c = geom.face(seed);
    if (owned[seed] || c.kind !== 'cone' || !isWall(c) || c.semiAngleRad === null) continue;
    const tol = stackToleranceMm(geom, [seed]);
    const faces = [seed];
    owned[seed] = 1;
    for (let q = 0; q < faces.length; q++)
      for (const n of geom.neighbours(faces[q])) {
        const f = geom.face(n);
        if (!owned[n] && f.kind === 'cone' && isWall(f) && sameConeSurface(c, f, tol)) {
          owned[n] = 1;
          faces.push(n);
        }
      }
    pieces.push({ faces: faces.sort((a, b) => a - b), ref: c, hasCylinder: false, component: comp[seed] });
  }
  if (pieces.length < 2) return stacks;

  const tolOf = pieces.map((p) => stackToleranceMm(geom, p.faces));
  // Pieces of one body on one axis line (a bucket per line, keyed by its first piece); only lines with more
  // than one piece are measured, all along the first piece's axis.
  const buckets: number[][] = [];
  for (let k = 0; k < pieces.length; k++) {
    const b = buckets.find((ks) => {
      const r = pieces[ks[0]];
      return r.component === pieces[k].component && coaxialFaces(r.ref, pieces[k].ref, Math.max(tolOf[ks[0]], tolOf[k]));
    });
    if (b) b.push(k);
    else buckets.push([k]);
  }
  const parent = pieces.map((_, k) => k);
  const root = (k: number): number => (parent[k] === k ? k : (parent[k] = root(parent[k])));
  for (const ks of buckets) {
    if (ks.length < 2) continue;
    const ref = pieces[ks[0]].ref;
    const tol = Math.max(...ks.map((k) => tolOf[k]));
    const line: Placed[] = [];
    for (const k of ks) {
      const items = pieces[k].faces.map((face) => ({ face, f: geom.face(face), ...span(geom.boundaryPoints([face]), ref.origin, ref.axis!) }));
      const walls = items.filter((it) => isWall(it.f) && coaxialFaces(ref, it.f, tol));
      if (walls.length > 0) line.push({ k, items, lo: Math.min(...walls.map((w) => w.lo)), hi: Math.max(...walls.map((w) => w.hi)) });
    }
    for (let i = 0; i < line.length; i++)
      for (let j = i + 1; j < line.length; j++)
        if (root(line[i].k) !== root(line[j].k) && joins(geom, line[i], line[j], line, tol, ref.origin, ref.axis!)) parent[root(line[j].k)] = root(line[i].k);
  }
  const groups = new Map<number, number[]>();
  pieces.forEach((p, k) => {
    const r = root(k);
    groups.set(r, [...(groups.get(r) ?? []), k]);
  });
  const out: number[][] = [];
  let changed = false;
  for (const members of groups.values()) {
    if (!members.some((k) => pieces[k].hasCylinder)) continue;
    if (members.length > 1) changed = true;
    out.push(members.flatMap((k) => pieces[k].faces).sort((x, y) => x - y));
  }
  return changed ? out : stacks;
}

type Placed = { k: number; items: Item[]; lo: number; hi: number };

function joins(geom: FeatureGeometry, a: Placed, b: Placed, line: readonly Placed[], tol: number, origin: Vec3, axis: Vec3): boolean {
  const overlap = Math.min(a.hi, b.hi) - Math.max(a.lo, b.lo);
  const wallsOf = (p: Placed) => p.items.filter((it) => isWall(it.f));
  if (overlap > tol) return wallsOf(a).some((x) => wallsOf(b).some((y) => sameSurface(x.f, y.f, tol)));
  const [first, second] = a.lo <= b.lo ? [a, b] : [b, a];
  const gapLo = first.hi, gapHi = second.lo;
  // Nothing else of the line between them.
  if (line.some((p) => p !== a && p !== b && p.hi > gapLo + tol && p.lo < gapHi - tol)) return false;
  if (closedAt(geom, first, gapLo, tol) || closedAt(geom, second, gapHi, tol)) return false;
  // Two pieces of one length: holes through two walls of one thickness (a clevis's lugs, a fork's prongs, a
  // bracket's flanges), drilled as two holes. A drill crossing a feature leaves pieces whose lengths depend on
  // where the feature lies (no two equal among 173 joined generated pieces; every aligned pair of separate real
  // holes in the tune files has equal pieces).
  if (Math.abs(first.hi - first.lo - (second.hi - second.lo)) <= tol) return false;
  const c1 = cylinderRadiiAt(first, gapLo, tol), c2 = cylinderRadiiAt(second, gapHi, tol);
  if (c1.some((x) => c2.some((y) => Math.abs(x - y) <= tol))) return true;
  // A shoulder at one facing end (a counterbore's floor, cut open) around a narrower drill at the other.
  const shoulderOver = (p: Placed, t: number, radii: number[]) =>
    p.items.some((it) => it.f.kind === 'plane' && Math.abs((it.lo + it.hi) / 2 - t) <= tol && radii.some((r) => r < it.rMax - tol));
  if (shoulderOver(first, gapLo, c2) || shoulderOver(second, gapHi, c1)) return true;
  // A cone at one facing end reaching a cylinder radius of the other inside the gap (a countersink cut off its hole).
  const coneMeets = (cones: Item[], radii: number[]) =>
    cones.some((c) => {
      const rLo = coneRadiusAt(c.f, origin, axis, gapLo), rHi = coneRadiusAt(c.f, origin, axis, gapHi);
      return radii.some((r) => r >= Math.min(rLo, rHi) - tol && r <= Math.max(rLo, rHi) + tol);
    });
  return coneMeets(conesAt(first, gapLo, tol), c2) || coneMeets(conesAt(second, gapHi, tol), c1);
}

const endsAt = (it: Item, t: number, tol: number) => Math.abs(it.lo - t) <= tol || Math.abs(it.hi - t) <= tol;
const conesAt = (p: Placed, t: number, tol: number) => p.items.filter((it) => it.f.kind === 'cone' && isWall(it.f) && endsAt(it, t, tol));

/** Radii of the cylinders that end at axial coordinate t. */
function cylinderRadiiAt(p: Placed, t: number, tol: number): number[] {
  return p.items.filter((it) => it.f.kind === 'cylinder' && isWall(it.f) && endsAt(it, t, tol)).map((it) => it.f.radius!);
}

/**
 * The piece is closed at axial coordinate t: a floor there that meets nothing outside the piece (a floor cut
 * open by another feature, or a counterbore's shoulder around the drill, meets other faces), or a drill point.
 */
function closedAt(geom: FeatureGeometry, p: Placed, t: number, tol: number): boolean {
  const inPiece = new Set(p.items.map((it) => it.face));
  const rDrill = Math.min(...p.items.filter((it) => it.f.kind === 'cylinder' && isWall(it.f)).map((it) => it.f.radius!));
  return p.items.some((it) => {
    if (it.f.kind === 'plane') return Math.abs((it.lo + it.hi) / 2 - t) <= tol && geom.neighbours(it.face).every((n) => inPiece.has(n));
    return it.f.kind === 'cone' && endsAt(it, t, tol) && isDrillPoint(it, rDrill, tol);
  });
}
