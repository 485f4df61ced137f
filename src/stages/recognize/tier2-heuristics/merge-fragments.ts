/**
 * Pieces of one feature that another feature cut apart. A pocket crossed by a deep slot, or a passage cut in
 * two by a crossing passage, falls into separate depressions (the crossing feature's faces meet each piece
 * along convex arcs), and no piece alone looks like a feature: the upper piece has the walls and the opening
 * but no floor, the lower piece the floor but no opening. Their walls, though, still lie on the same planes
 * (or cylinders) — one tool made them — so depressions that share a surface are tried as one feature.
 * @internal
 */
import type { Vec3 } from '../../../model/index.js';
import type { GraphFace } from './feature-graph.js';
import { sameSurface } from './blend-faces.js';
import { PARALLEL_COS, stockDirsOf, type Depression, type RuleContext } from './rule-context.js';
import { dot3 } from '../../../geometry/vec3.js';

/**
 * Two faces on one surface: coplanar with the same outward normal, or pieces of one cylinder or cone on the same side.
 * Planes fitted to a segmented mesh's regions may stand apart by ten times the part's tolerance; two exact B-Rep planes
 * (faces with boundary points) by the tolerance alone — a pocket wall 0.07 mm in front of a blind step's wall on an
 * 87 mm part is another plane (session 25: box seed 128 part 12, the pocket read as a piece of the step).
 */
export function onSameSurface(a: GraphFace, b: GraphFace, tolMm: number): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'plane') {
    if (!a.normal || !b.normal || dot3(a.normal, b.normal) < PARALLEL_COS) return false;
    const d: Vec3 = [b.origin[0] - a.origin[0], b.origin[1] - a.origin[1], b.origin[2] - a.origin[2]];
    const tol = a.boundary && b.boundary ? Math.max(tolMm, 1e-3) : Math.max(10 * tolMm, 1e-3);
    return Math.abs(dot3(d, a.normal)) < tol;
  }
  if (a.kind !== 'cylinder' && a.kind !== 'cone') return false;
  return a.inward === b.inward && sameSurface(a, b);
}

/**
 * How many planes the faces lie on: pieces of one plane (a face a later cut parted, joined again as fragments) count
 * once, so one slanted plane in pieces reads as one wall — a slanted step's face, not a V or a two-sided roof.
 */
export function planeCount(ctx: RuleContext, faces: readonly number[]): number {
  const reps: number[] = [];
  for (const f of faces) if (!reps.some((r) => onSameSurface(ctx.graph.faces[r], ctx.graph.faces[f], ctx.tolMm))) reps.push(f);
  return reps.length;
}

/**
 * Groups of at least two of the `candidates` (indices into `deps`) that share a surface, directly or through
 * another candidate of the group; `mayJoin` can refuse a pair. Each group is returned as one depression (its faces, the stock sides they
 * meet) with the indices it came from.
 */
export function fragmentGroups(
  ctx: RuleContext,
  deps: readonly Depression[],
  candidates: readonly number[],
  mayJoin: (i: number, j: number) => boolean = () => true,
): { members: number[]; merged: Depression }[] {
  const parent = new Map(candidates.map((i) => [i, i]));
  const find = (i: number): number => {
    let r = i;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(i, r);
    return r;
  };
  const faces = ctx.graph.faces;
  for (let x = 0; x < candidates.length; x++)
    for (let y = x + 1; y < candidates.length; y++) {
      const i = candidates[x], j = candidates[y];
      if (find(i) === find(j) || !mayJoin(i, j)) continue;
      const shares = deps[i].faces.some((a) => deps[j].faces.some((b) => onSameSurface(faces[a], faces[b], ctx.tolMm)));
      if (shares) parent.set(find(i), find(j));
    }
  const groups = new Map<number, number[]>();
  for (const i of candidates) {
    const r = find(i);
    groups.set(r, [...(groups.get(r) ?? []), i]);
  }
  const out: { members: number[]; merged: Depression }[] = [];
  for (const members of groups.values()) {
    if (members.length < 2) continue;
    const all = members.flatMap((i) => deps[i].faces).sort((a, b) => a - b);
    // the group opens where any piece opens: a piece that reaches the outside only through a tilted skin face keeps
    // that side (stockDirsOf reads skin sides only for faces that meet no stock face, which the group as a whole may)
    const stockDirs = stockDirsOf(ctx, all);
    for (const i of members) for (const d of deps[i].stockDirs) stockDirs.add(d);
    out.push({ members, merged: { faces: all, stockDirs } });
  }
  return out;
}
