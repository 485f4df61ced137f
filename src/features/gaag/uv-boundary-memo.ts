/**
 * Memo of {@link buildFaceUvBoundary}. On the `mesh: 'never'` path every face's uv boundary is built by
 * the measure stage and again by the gAAG extraction (once more per solid of a multi-solid part, whose
 * faces and edges are renumbered copies), with tolerances that differ (part box vs. edge box).
 *
 * Keyed by the Surface object (entries die with their Part). A hit needs everything the builder reads
 * to be the same: the face's sense, its loops' coedge senses, the edges' curve and pcurve objects, their
 * parameter ranges, lengths and vertex points, and a tolerance inside the range that gives every
 * tolerance comparison of the build the same outcome — so a hit is the boundary a fresh build would
 * return, with its pieces' edge numbers translated to the asking Part.
 *
 * @internal
 */
import type { Part, PartFace, Surface } from '../../model/index.js';
import { buildFaceUvBoundary, type FaceUvBoundary } from './uv-bounds.js';

interface Entry {
  reversed: boolean;
  /** Coedge count per bound. */
  shape: number[];
  /** Per coedge: forward, sameSense, closed, t0, t1, length, start xyz, end xyz. */
  numbers: Float64Array;
  /** Per coedge: the edge's curve, then each pcurve's curve (null-separated). */
  curves: unknown[];
  /** Edge number of each coedge in the Part that built the entry. */
  edges: Int32Array;
  tolLo: number;
  tolHi: number;
  boundary: FaceUvBoundary;
}

const NUMBERS_PER_COEDGE = 12;
/** A surface is rarely shared by more than a few faces; beyond this the oldest entry goes. */
const MAX_ENTRIES_PER_SURFACE = 8;
const memo = new WeakMap<Surface, Entry[]>();

/** What the builder reads of the face, in a comparable form. */
function signature(part: Part, face: PartFace, edgeRanges: Float64Array): { shape: number[]; numbers: Float64Array; curves: unknown[]; edges: Int32Array } {
  const shape: number[] = [];
  let count = 0;
  for (const b of face.bounds) {
    shape.push(b.coedges.length);
    count += b.coedges.length;
  }
  const numbers = new Float64Array(count * NUMBERS_PER_COEDGE);
  const edges = new Int32Array(count);
  const curves: unknown[] = [];
  let k = 0;
  for (const b of face.bounds)
    for (const ce of b.coedges) {
      const e = part.edges[ce.edge];
      const ps = part.vertices[e.start].point;
      const pe = part.vertices[e.end].point;
      const o = k * NUMBERS_PER_COEDGE;
      numbers[o] = ce.forward ? 1 : 0;
      numbers[o + 1] = e.sameSense ? 1 : 0;
      numbers[o + 2] = e.start === e.end ? 1 : 0;
      numbers[o + 3] = edgeRanges[e.index * 2];
      numbers[o + 4] = edgeRanges[e.index * 2 + 1];
      numbers[o + 5] = e.lengthMm;
      numbers[o + 6] = ps[0];
      numbers[o + 7] = ps[1];
      numbers[o + 8] = ps[2];
      numbers[o + 9] = pe[0];
      numbers[o + 10] = pe[1];
      numbers[o + 11] = pe[2];
      edges[k] = ce.edge;
      curves.push(e.curve);
      for (const pc of e.pcurves) curves.push(pc.curve);
      curves.push(null);
      k++;
    }
  return { shape, numbers, curves, edges };
}

function matches(e: Entry, reversed: boolean, sig: ReturnType<typeof signature>, tolMm: number): boolean {
  if (e.reversed !== reversed || !(e.tolLo <= tolMm && tolMm < e.tolHi)) return false;
  if (e.shape.length !== sig.shape.length || e.numbers.length !== sig.numbers.length || e.curves.length !== sig.curves.length) return false;
  for (let i = 0; i < sig.shape.length; i++) if (e.shape[i] !== sig.shape[i]) return false;
  for (let i = 0; i < sig.numbers.length; i++) if (!Object.is(e.numbers[i], sig.numbers[i])) return false;
  for (let i = 0; i < sig.curves.length; i++) if (e.curves[i] !== sig.curves[i]) return false;
  return true;
}

/** A boundary for the asking Part: its own pieces (edge numbers translated), loops and box copied. */
function forPart(e: Entry, edges: Int32Array): FaceUvBoundary {
  const edgeOf = new Map<number, number>();
  for (let i = 0; i < edges.length; i++) edgeOf.set(e.edges[i], edges[i]);
  const b = e.boundary;
  return {
    ...b,
    box: b.box.slice(),
    loops: b.loops.map((loop) => loop.map((p) => ({ ...p, poly: p.poly.slice(), edge: p.edge < 0 ? p.edge : (edgeOf.get(p.edge) ?? p.edge) }))),
  };
}

/** {@link buildFaceUvBoundary} through the memo (same arguments, same result). */
export function memoFaceUvBoundary(part: Part, face: PartFace, edgeRanges: Float64Array, tolMm: number): FaceUvBoundary {
  const s = face.surface;
  if (!s || !Number.isFinite(tolMm)) return buildFaceUvBoundary(part, face, edgeRanges, tolMm);
  const sig = signature(part, face, edgeRanges);
  let list = memo.get(s);
  if (!list) memo.set(s, (list = []));
  for (const e of list) if (matches(e, face.reversed, sig, tolMm)) return forPart(e, sig.edges);
  const tolRange = new Float64Array([0, Infinity]);
  const boundary = buildFaceUvBoundary(part, face, edgeRanges, tolMm, tolRange);
  const entry: Entry = { reversed: face.reversed, ...sig, tolLo: tolRange[0], tolHi: tolRange[1], boundary: { ...boundary, box: boundary.box.slice(), loops: boundary.loops.map((l) => l.map((p) => ({ ...p, poly: p.poly.slice() }))) } };
  if (list.length >= MAX_ENTRIES_PER_SURFACE) list.shift();
  list.push(entry);
  return boundary;
}
