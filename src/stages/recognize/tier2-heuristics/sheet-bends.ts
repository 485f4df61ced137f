/**
 * Sheet-metal bends: a bent sheet's bends are `other_feature` and its skins and outline (thickness) faces are stock
 * (docs/labelling.md, "Stock": sheet metal; "other_feature": sheet-metal bends).
 *
 * A bend is a convex cylinder (the outer face) and a concave cylinder (the inner face) on one axis, the outer radius
 * larger by the sheet thickness t, the inner at most 4 t (MAX_BEND_RADIUS_T), both turning through the same angle, each meeting a plane tangentially on both
 * sides, and the planes either side pairing up as the two skins of a flat: parallel, facing apart, t apart. Only a
 * bent sheet has that shape; a machined block's fillet and round are not coaxial with a wall between them t thick
 * that runs on as two parallel planes.
 *
 * When a part has such a bend:
 * - both cylinders of every bend are `other_feature` (one instance per bend: they are kept out of the depressions and
 *   the blend chains);
 * - the planes tangent to a bend are skins — stock —, with every other face on the same plane (a skin cut in two by a
 *   cut-out across the flat): a bent flat's inner skin is on no supporting plane of the part, so the stock pass alone
 *   calls it the floor of a step or slot;
 * - outline (thickness) faces are stock: a plane square to a pair of skins of one flat that it meets both of, its
 *   normal along the bend axis or square to it (a flange's end, the sheet's side), meeting nothing along a concave
 *   edge and nothing hollow along a smooth one (a notch's or cut-out's walls meet each other concavely; an obround
 *   slot's walls run into its hollow half-cylinders; a flange corner's 45° chamfer leans off both directions).
 * @internal
 */
import type { Vec3 } from '../../../model/index.js';
import { dot3 } from '../../../geometry/vec3.js';
import { distanceToAxis } from '../../../features/parameters/index.js';
import { otherFace, type FeatureGraph, type GraphFace } from './feature-graph.js';

/** What {@link findSheetMetal} found; empty sets on a part with no bend. */
export interface SheetMetal {
  /** Per bend: [outer (convex) face, inner (concave) face] and the sheet thickness there (mm). */
  bends: { outer: number; inner: number; thicknessMm: number }[];
  /** Faces of the bends (both cylinders of each). */
  bendFaces: Set<number>;
  /** Skins (planes tangent to a bend, and the faces coplanar with them) and outline faces: stock. */
  stock: Set<number>;
  /** Per skin face (tangent planes and their coplanar pieces): the axis of a bend in its plane (a flat's frame). */
  skinAxis: Map<number, Vec3>;
  /** Other planes through the thickness across a flat (walls of a notch, a corner relief): stock where no rule explains them. */
  thickness: Set<number>;
}

/** Parallel axes / normals. */
const PARALLEL_COS = 0.9999;
/** A plane square to a direction. */
const SQUARE_COS = 0.02;
/**
 * The largest inner bend radius, in sheet thicknesses: a press brake bends to about 0.5-3 t. A thin wall rounding a
 * much larger radius is a machined or moulded wall (D12 of the real tune set: 0.5 mm walls round 5.5 mm corners, an
 * outline and a passage rounded alike), not a bend.
 */
const MAX_BEND_RADIUS_T = 4;
/** Two bend faces turn through the same angle within this (rad). */
const SPAN_TOL_RAD = 0.02;

/** The bends, skins and outline faces of a bent sheet (B-Rep faces only: a mesh's segmented faces carry no span). */
export function findSheetMetal(graph: FeatureGraph): SheetMetal {
  const tol = Math.max(1e-4, 1e-5 * (graph.diagonalMm || 1));
  const none: SheetMetal = { bends: [], bendFaces: new Set(), stock: new Set(), skinAxis: new Map(), thickness: new Set() };
  const partial = (f: GraphFace) =>
    f.kind === 'cylinder' && f.axis !== null && f.radius !== null && f.spanRad !== undefined && f.spanRad < Math.PI + SPAN_TOL_RAD;
  const outer = graph.faces.filter((f) => partial(f) && !f.inward);
  const inner = graph.faces.filter((f) => partial(f) && f.inward);
  if (outer.length === 0 || inner.length === 0) return none;
  const tangentPlanes = (f: GraphFace) =>
    graph.neighbours[f.index]
      .map((ai) => graph.arcs[ai])
      .filter((a) => a.convexity === 'smooth')
      .map((a) => graph.faces[otherFace(a, f.index)])
      .filter((o) => o.kind === 'plane' && o.normal !== null);
  const bends: SheetMetal['bends'] = [];
  const skins = new Set<number>();
  const used = new Set<number>();
  for (const a of outer) {
    for (const b of inner) {
      if (used.has(b.index) || Math.abs(dot3(a.axis!, b.axis!)) < PARALLEL_COS) continue;
      const t = a.radius! - b.radius!;
      if (t <= 10 * tol || b.radius! > MAX_BEND_RADIUS_T * t || Math.abs(a.spanRad! - b.spanRad!) > SPAN_TOL_RAD) continue;
      if (distanceToAxis(b.origin, a.origin, a.axis!) > 10 * tol) continue;
      const pa = tangentPlanes(a), pb = tangentPlanes(b);
      // the two skins of a flat either side: an outer-face tangent plane and an inner-face one, facing apart, t apart
      const flats = pa.filter((p) => pb.some((q) => dot3(p.normal!, q.normal!) < -PARALLEL_COS && Math.abs(offset(p, q.origin) + t) < 10 * tol));
      if (pa.length < 2 || pb.length < 2 || flats.length < 2) continue;
      bends.push({ outer: a.index, inner: b.index, thicknessMm: t });
      used.add(b.index);
      for (const p of [...pa, ...pb]) skins.add(p.index);
      break;
    }
  }
  if (bends.length === 0) return none;
  skins.clear();
  for (const b of bends) for (const p of [...tangentPlanes(graph.faces[b.outer]), ...tangentPlanes(graph.faces[b.inner])]) skins.add(p.index);
  const bendFaces = new Set(bends.flatMap((b) => [b.outer, b.inner]));
  const stock = new Set(skins);
  // pieces of a skin a cut split off: every other face on a skin's plane, facing the same way
  const skinFaces = [...skins].map((i) => graph.faces[i]);
  for (const f of graph.faces)
    if (f.kind === 'plane' && f.normal && !stock.has(f.index) && skinFaces.some((s) => dot3(s.normal!, f.normal!) > PARALLEL_COS && Math.abs(offset(s, f.origin)) < 10 * tol))
      stock.add(f.index);
  const axes = bends.map((b) => graph.faces[b.outer].axis!);
  const skinAxis = new Map<number, Vec3>();
  for (const i of stock) {
    const x = axes.find((a) => Math.abs(dot3(a, graph.faces[i].normal!)) < SQUARE_COS);
    if (x) skinAxis.set(i, x);
  }
  // outline (thickness) faces
  for (const f of graph.faces) {
    if (f.kind !== 'plane' || !f.normal || stock.has(f.index) || bendFaces.has(f.index)) continue;
    const around = graph.neighbours[f.index].map((ai) => graph.arcs[ai]);
    const clean = around.every((arc) => {
      if (arc.convexity === 'concave' || arc.convexity === 'unknown') return false;
      if (arc.convexity === 'smooth') {
        const o = graph.faces[otherFace(arc, f.index)];
        return o.kind === 'cylinder' && !o.inward && !bendFaces.has(o.index);
      }
      return true;
    });
    if (!clean) continue;
    if (acrossFlat(f)) stock.add(f.index);
  }
  // faces through the thickness whatever their edges (a corner relief where two walls end): stock where no cut explains them
  const thickness = new Set<number>();
  for (const f of graph.faces)
    if (f.kind === 'plane' && f.normal && !stock.has(f.index) && !bendFaces.has(f.index) && acrossFlat(f, false)) thickness.add(f.index);
  return { bends, bendFaces, stock, skinAxis, thickness };

  /**
   * True when plane f runs through the sheet across one flat: it meets both skins of the flat (parallel, facing apart, a
   * bend's thickness apart), square to them; with `squared`, its normal also along the flat's bend axis or square to it
   * (a flange's end or the sheet's side, not a corner chamfer leaning between them).
   */
  function acrossFlat(f: GraphFace, squared = true): boolean {
    const n = f.normal!;
    const touching = graph.neighbours[f.index].map((ai) => graph.faces[otherFace(graph.arcs[ai], f.index)]).filter((o) => skinAxis.has(o.index));
    return touching.some((p) => {
      if (Math.abs(dot3(p.normal!, n)) > SQUARE_COS) return false;
      const x = Math.abs(dot3(n, skinAxis.get(p.index)!));
      if (squared && x < PARALLEL_COS && x > SQUARE_COS) return false;
      return touching.some((q) => dot3(p.normal!, q.normal!) < -PARALLEL_COS && sheetGap(bends, -offset(p, q.origin), tol));
    });
  }
}

/** Signed distance of `p` from plane face `f` along its outward normal. */
function offset(f: GraphFace, p: Vec3): number {
  const n = f.normal!;
  return (p[0] - f.origin[0]) * n[0] + (p[1] - f.origin[1]) * n[1] + (p[2] - f.origin[2]) * n[2];
}

/** True when `gap` is the thickness of one of the bends. */
function sheetGap(bends: SheetMetal['bends'], gap: number, tol: number): boolean {
  return bends.some((b) => Math.abs(gap - b.thicknessMm) < 10 * tol);
}
