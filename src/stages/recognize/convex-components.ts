/**
 * Protrusions found as convex pieces: cut the part's faces apart along every concave edge (and every smooth edge to a
 * concave or free-form blend, and every edge between two faces of one plane: a lug flush with the body's bottom) and
 * leave the hole walls out. What stays joined meets only convexly or smoothly: the
 * body with its outer skin, a step's floor with the sides it runs out through, a pocket's walls with the face they open
 * into — every cavity hangs on the body through its convex rim. A boss, rib, gusset, foot, key or post meets the rest
 * only through concave edges, its foot: it comes out as a piece of its own. So does a cavity's floor (with a cut into
 * it, it has a convex edge inside too), a concave fillet, an O-ring's core, an island in a pocket.
 *
 * A **standing piece** has a convex edge inside, no part-round inward wall and no concave edge to a hole's wall (a
 * hole's floor and what stands in it), at most
 * {@link MAX_STANDING_FACES} faces and {@link MAX_STANDING_SHARE} of the body's area, and stands on a *support* — the
 * body (the piece of largest area), bulk too large to be a protrusion, or another standing piece — directly or across
 * a foot fillet, with walls facing opposite ways on one support face (a rib's two sides, a boss's round wall) that is
 * no walled floor. A cavity's floor meets each wall round it along one side only; an O-ring's core stands on the ring's
 * floor, whose outline meets the ring's outer wall, as high as the core, concavely.
 * {@link findProtrusions} (protrusion-faces.ts) finds a protrusion only on an island of a planar face at the part's
 * outermost level; this finds feet and ribs that run to the outline, gussets between a hub and a flange, bosses on a
 * hub, posts on a housing's floor.
 *
 * A face of a standing piece that meets a piece the rest of the part reaches only through it (a pocket's floor in a
 * boss top) is that cavity's wall and is left out ({@link standingProtrusionFaces}), as is a foot fillet the piece took in
 * through its convex end (a gusset's: its own `round`).
 * docs/recognition.md, "Session 25: protrusions as convex pieces".
 * @internal
 */
import type { Part, Vec3 } from '../../model/index.js';
import { edgeConvexity } from '../../brep/aag-from-brep.js';
import type { FeatureGraph } from './tier2-heuristics/feature-graph.js';
import { isHoleWall } from './protrusion-faces.js';
import { dot3 } from '../../geometry/vec3.js';
import { faceBoundaryReader, outerLoopEdges } from './face-boundary-extents.js';

/** A standing piece has at most this many faces (a boss with its flats and edge blends, a rib; not half a body). */
export const MAX_STANDING_FACES = 60;
/** A standing piece's area is at most this share of the body's (a boss is on the body, not a second body beside it). */
export const MAX_STANDING_SHARE = 0.25;

/** An inward wall spanning more than this is part of a hole's round (a foot or edge fillet spans a quarter). */
const PART_ROUND_HOLE_SPAN = 0.6 * Math.PI;

/**
 * {@link standingProtrusionFaces}' value for a protrusion face that meets what the protrusion stands on and meets the
 * protrusion's other planar faces square: a rib's side, a gusset's sloping top — not a chamfer down a boss's corner,
 * which meets the walls it replaces at an obtuse angle.
 */
export const ON_ITS_FOOT = 2;
/** Faces meet square when their normals are more than 80° apart (|cos| below this). */
const SQUARE_COS = Math.cos((80 * Math.PI) / 180);

/** Two walls face opposite ways when their directions are more than 120° apart. */
const OPPOSITE_COS = -0.5;

/** The pieces of a part ({@link convexPieces}). */
export interface ConvexPieces {
  /** Piece index per face; -1 for a hole wall (left out of every piece). */
  pieceOf: Int32Array;
  /** The body's piece index (largest area), -1 when the part has no face. */
  body: number;
  /** Per piece: 1 when it is a standing piece (see the module comment); all 0 when no piece is a candidate. */
  standing: Uint8Array;
}

/** Cuts the part along concave edges (see the module comment) and tells which pieces stand on the body. */
export function convexPieces(part: Readonly<Part>, g: FeatureGraph): ConvexPieces {
  const n = part.faces.length;
  const pieceOf = new Int32Array(n).fill(-1);
  if (n === 0) return { pieceOf, body: -1, standing: new Uint8Array(0) };
  const isHole = (i: number) => isHoleWall(g.faces[i]);
  const isConcaveBlend = (i: number) => g.faces[i].kind !== 'plane' && g.faces[i].kind !== 'other' && g.faces[i].inward;
  /** The edge's kind between faces a and b: a smooth edge takes the blend's side (a concave blend's edges are concave). */
  const edgeKind = (e: number, a: number, b: number): 'convex' | 'concave' | 'other' => {
    const c = edgeConvexity(part, e, a, b).convexity;
    if (c === 'convex' || c === 'concave') return c;
    // a free-form blend (a corner patch between fillets) has no side to read: cut there rather than join a rib to a hub
    if (c === 'smooth' && (isConcaveBlend(a) || isConcaveBlend(b) || g.faces[a].kind === 'other' || g.faces[b].kind === 'other')) return 'concave';
    // two faces of one plane: a lug or foot flush with the body's face it runs out to is cut off there too
    if (c === 'smooth' && g.faces[a].kind === 'plane' && g.faces[b].kind === 'plane') return 'concave';
    if (c === 'smooth') return 'convex';
    return 'other';
  };
  // union-find over the faces, joined across every edge that is not concave
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  const concaveTo: [number, number][] = [];
  const convexInside = new Uint8Array(n);
  const inHole = new Uint8Array(n);
  for (let e = 0; e < part.edges.length; e++) {
    const [a, b] = part.edges[e].faces;
    if (a === undefined || b === undefined || a === b) continue;
    if (isHole(a) || isHole(b)) {
      // material meeting a hole's wall concavely is inside the hole (a hole's floor and what stands on it)
      if (!(isHole(a) && isHole(b)) && edgeKind(e, a, b) === 'concave') inHole[isHole(a) ? b : a] = 1;
      continue;
    }
    const k = edgeKind(e, a, b);
    if (k === 'concave') {
      concaveTo.push([a, b]);
      continue;
    }
    parent[find(a)] = find(b);
    if (k === 'convex') convexInside[a] = convexInside[b] = 1;
  }
  const rootIndex = new Map<number, number>();
  const area: number[] = [], faces: number[] = [];
  for (let i = 0; i < n; i++) {
    if (isHole(i)) continue;
    const r = find(i);
    let p = rootIndex.get(r);
    if (p === undefined) rootIndex.set(r, (p = area.length)), area.push(0), faces.push(0);
    pieceOf[i] = p;
    area[p] += g.faces[i].area;
    faces[p]++;
  }
  const pieces = area.length;
  let body = 0;
  for (let p = 1; p < pieces; p++) if (area[p] > area[body]) body = p;
  const hasConvex = new Uint8Array(pieces);
  for (let i = 0; i < n; i++) if (pieceOf[i] >= 0 && convexInside[i]) hasConvex[pieceOf[i]] = 1;
  // which pieces meet which concavely
  const meets: Set<number>[] = Array.from({ length: pieces }, () => new Set<number>());
  for (const [a, b] of concaveTo) {
    const pa = pieceOf[a], pb = pieceOf[b];
    if (pa !== pb) meets[pa].add(pb), meets[pb].add(pa);
  }
  // a foot: a concave blend between the piece and the body (a one-face piece; a floor of one face is no foot)
  const blendPiece = new Uint8Array(pieces);
  // a piece with an inward wall is a cavity's (a floor with a hole's part-round wall), and so is one meeting a hole's
  // wall concavely (a hole's floor): not material standing out
  const inwardWall = new Uint8Array(pieces);
  for (let i = 0; i < n; i++) {
    const p = pieceOf[i];
    if (p < 0) continue;
    if (faces[p] === 1 && isConcaveBlend(i)) blendPiece[p] = 1;
    if ((isConcaveBlend(i) && (g.faces[i].spanRad ?? 2 * Math.PI) > PART_ROUND_HOLE_SPAN) || inHole[i]) inwardWall[p] = 1;
  }
  // What a protrusion may stand on: the body, bulk too large to stand on it (a hub cut off by its casting fillets, a
  // housing's cavity floor), and — found round by round — other protrusions (a boss on a hub's flange).
  const support = new Uint8Array(pieces);
  support[body] = 1;
  const candidates = new Set<number>();
  for (let p = 0; p < pieces; p++) {
    if (p === body) continue;
    if (area[p] > MAX_STANDING_SHARE * area[body]) support[p] = 1;
    else if (hasConvex[p] && !inwardWall[p] && faces[p] <= MAX_STANDING_FACES) candidates.add(p);
  }
  const standing = new Uint8Array(pieces);
  if (candidates.size === 0) return { pieceOf, body, standing };
  // Material standing on a face has walls facing opposite ways on it (a rib's two sides, a boss's round wall); a
  // cavity's floor with something cut into it meets each of its walls along one side only.
  const isFootOf = (q: number, s: number) => blendPiece[q] === 1 && meets[q].has(s);
  const concaveNeighbours = new Map<number, number[]>();
  for (const [a, b] of concaveTo) for (const [x, y] of [[a, b], [b, a]]) concaveNeighbours.set(x, [...(concaveNeighbours.get(x) ?? []), y]);
  const facesOf: number[][] = Array.from({ length: pieces }, () => []);
  for (let i = 0; i < n; i++) if (pieceOf[i] >= 0) facesOf[pieceOf[i]].push(i);
  // A floor with a wall on its outline rising as high as the piece (an O-ring's groove round its core, a pocket's floor
  // round an island) holds what a cut left standing, not a protrusion; a plate's or wall's face reaches its rim convexly
  // or has lower walls round it (a housing's wall on its flange).
  const { pointsOf } = faceBoundaryReader(part);
  const tol = 1e-4 * (g.diagonalMm || 1);
  const heightAbove = (s: number, faces: readonly number[]) => {
    const n = g.faces[s].normal!, h0 = n[0] * g.faces[s].origin[0] + n[1] * g.faces[s].origin[1] + n[2] * g.faces[s].origin[2];
    let top = -Infinity;
    for (const i of faces) {
      const q = pointsOf(i);
      for (let k = 0; k < q.length; k += 3) top = Math.max(top, n[0] * q[k] + n[1] * q[k + 1] + n[2] * q[k + 2] - h0);
    }
    return top;
  };
  const walledFloor = (s: number, p: number) => {
    if (g.faces[s].kind !== 'plane' || !g.faces[s].normal) return false;
    const walls = new Set<number>();
    for (const e of outerLoopEdges(part, s)) {
      const o = part.edges[e].faces.find((x) => x !== s);
      // (another protrusion on the same face is no wall of it)
      if (o !== undefined && pieceOf[o] !== p && !blendPiece[pieceOf[o]] && !candidates.has(pieceOf[o]) && edgeConvexity(part, e, s, o).convexity === 'concave') walls.add(o);
    }
    return walls.size > 0 && heightAbove(s, [...walls]) >= heightAbove(s, facesOf[p]) - tol;
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (const p of candidates) {
      if (standing[p]) continue;
      const bySupport = new Map<number, number[]>(); // support face → the piece's faces standing on it
      const on = (s: number, i: number) => {
        const l = bySupport.get(s) ?? [];
        if (!l.includes(i)) l.push(i);
        bySupport.set(s, l);
      };
      for (const i of facesOf[p])
        for (const o of concaveNeighbours.get(i) ?? []) {
          if (support[pieceOf[o]]) on(o, i);
          else if (blendPiece[pieceOf[o]]) for (const s of concaveNeighbours.get(o) ?? []) if (support[pieceOf[s]] && isFootOf(pieceOf[o], pieceOf[s])) on(s, i);
        }
      if ([...bySupport].some(([s, walls]) => facesOppositeWays(g, walls, s) && !walledFloor(s, p))) standing[p] = support[p] = 1, changed = true;
    }
  }
  return { pieceOf, body, standing };
}

/**
 * True when the faces include two facing opposite ways across the face they stand on (directions projected onto its
 * plane when it has one), or an outward round wall going at least half round. A part-round wall faces from its axis
 * towards its middle (an outward one) or the other way (a foot fillet joined to the piece by its convex end).
 */
function facesOppositeWays(g: FeatureGraph, faces: readonly number[], on: number): boolean {
  const up = g.faces[on].normal;
  const dirs: number[][] = [];
  for (const i of faces) {
    const f = g.faces[i];
    let d: number[] | null = null;
    if (f.normal) d = [...f.normal];
    else if (f.axis) {
      if (!f.inward && (f.spanRad ?? 2 * Math.PI) >= Math.PI - 1e-3) return true;
      const c = [0, 1, 2].map((k) => f.centroid[k] - f.origin[k]);
      const along = dot3(c as Vec3, f.axis);
      d = [0, 1, 2].map((k) => (f.inward ? -1 : 1) * (c[k] - along * f.axis![k]));
    }
    if (!d) continue;
    if (up) {
      const h = dot3(d as Vec3, up);
      d = d.map((x, k) => x - h * up[k]);
    }
    const len = Math.hypot(d[0], d[1], d[2]);
    if (len > 1e-9) dirs.push(d.map((x) => x / len));
  }
  for (let a = 0; a < dirs.length; a++)
    for (let b = a + 1; b < dirs.length; b++) if (dot3(dirs[a] as Vec3, dirs[b] as Vec3) < OPPOSITE_COS) return true;
  return false;
}

/**
 * Per face of a standing piece ({@link convexPieces}) that is no wall of a cavity cut into it: {@link ON_ITS_FOOT} when
 * it meets what the piece stands on and its other planar faces square (a rib's side, a gusset's sloping top), else 1
 * (a boss top, a chamfer round its rim or down its corner); 0 for every other face. A face meeting a piece the rest of the part can reach only through this piece (a
 * pocket's floor in a boss top, its floor fillets) is a cavity's wall and is left out. A fillet or chamfer between the
 * piece and anything else (the body, a hub, another rib) is reached round the piece and does not count.
 */
export function standingProtrusionFaces(part: Readonly<Part>, g: FeatureGraph): Uint8Array {
  const { pieceOf, body, standing } = convexPieces(part, g);
  const out = new Uint8Array(part.faces.length);
  if (!standing.includes(1)) return out;
  const pieces = standing.length;
  const next: Set<number>[] = Array.from({ length: pieces }, () => new Set<number>());
  for (const e of part.edges) {
    const [a, b] = e.faces;
    if (a === undefined || b === undefined || pieceOf[a] < 0 || pieceOf[b] < 0 || pieceOf[a] === pieceOf[b]) continue;
    next[pieceOf[a]].add(pieceOf[b]);
    next[pieceOf[b]].add(pieceOf[a]);
  }
  for (let p = 0; p < pieces; p++) {
    if (standing[p] !== 1) continue;
    // the pieces the body reaches without crossing p
    const reached = new Uint8Array(pieces);
    reached[body] = 1;
    const stack = [body];
    while (stack.length > 0) for (const q of next[stack.pop()!]) if (q !== p && !reached[q]) (reached[q] = 1), stack.push(q);
    for (let i = 0; i < part.faces.length; i++) {
      if (pieceOf[i] !== p) continue;
      let cavityWall = false, onFoot = false, square = true;
      const n = g.faces[i].normal;
      for (const l of part.faces[i].bounds)
        for (const c of l.coedges)
          for (const o of part.edges[c.edge].faces) {
            if (o === i || pieceOf[o] < 0) continue;
            const m = g.faces[o].normal;
            if (pieceOf[o] === p) square &&= !n || !m || Math.abs(dot3(n, m)) < SQUARE_COS;
            else if (reached[pieceOf[o]]) onFoot = true;
            else cavityWall = true;
          }
      // a foot fillet joined to the piece by its convex end is a `round` of its own (docs/labelling.md), not the protrusion's
      const footFillet = g.faces[i].kind !== 'plane' && g.faces[i].kind !== 'other' && g.faces[i].inward;
      if (!cavityWall && !footFillet) out[i] = onFoot && square ? ON_ITS_FOOT : 1;
    }
  }
  return out;
}
