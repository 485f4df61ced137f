/**
 * The hole-stack pass of the STL path: on a segmented mesh the orchestrator's composite-hole pass
 * (`composite-holes.ts`, which reads B-Rep edges) cannot run, so Tier 2's own hole matches are joined here
 * into one hole per drilled stack, as docs/labelling.md counts them: a counterbore's bore and annular floor, a
 * countersink's cone and the pieces of a bore the segmentation (or a crossing feature's wall) split are faces of
 * one hole of the drill's class.
 *
 * - **Members**: Tier 2's hole features (`through-hole`, `blind-hole`, `counterbore`, with or without a
 *   `(split)`/`(fragments)` suffix) and its cone chamfers (`countersink`, or a `chamfer` feature of cones). Two
 *   members join when a face of one borders a face of the other and their axes are one line within a
 *   facet-tolerant tolerance ({@link meshCoaxial}): mesh fits are close, not exact.
 * - **Split bores**: two hole features of one axis line and one radius that border each other are one bore.
 *   Aligned pieces that do not touch join as the B-Rep pass joins them ({@link drillPiecePairs}: pieces of one
 *   drill a crossing feature cut apart); a clevis's two holes stay two.
 * - **Countersink or edge break**: a cone joins only when its outer radius, measured from its vertices (which
 *   a tessellation puts on the surface) about the drill's axis, is at least
 *   `COUNTERSINK_MIN_DIAMETER_RATIO` × the radius of the bore it opens into (the drill, or a counterbore's bore);
 *   a smaller cone stays its own `chamfer`.
 * - **Through or blind** is the tier's verdict on the drill (the narrowest bore): floors measured on facets
 *   are unreliable, the rule's depression test is not. A `counterbore` match of the drill's radius (a bore split in
 *   two pieces whose fitted radii differ slightly reads as a counterbore, `blind_hole` by construction) gives no
 *   verdict when a `through-hole`/`blind-hole` match does. A stack without a bore feature is left alone.
 * - **A drill no rule explained**: where another hole crosses a counterbore's drill, the drill's depression holds
 *   faces of two axes and no rule explains it (`other_feature`); the stack adopts such inward cylinders on its
 *   axis, no wider than its drill, and the planes square to the axis whose vertices all lie within their radius
 *   (a floor, the bottom). Such a drill is blind when a floor was found, through otherwise. A floor across the
 *   drill anywhere in the stack makes it blind too, whatever the pieces' verdicts (the piece with the floor may
 *   have read as a `counterbore`, which gives none).
 * @internal
 */
import type { PartMesh, Vec3 } from '../../../model/index.js';
import { otherFace, type FeatureGraph, type GraphFace } from '../tier2-heuristics/feature-graph.js';
import { CLASS, type RuleMatch } from '../tier2-heuristics/rule-match.js';
import { FALLBACK_FACE_CLASS } from '../tier2-heuristics/fallback-face-class.js';
import { COUNTERSINK_MIN_DIAMETER_RATIO } from '../../../features/parameters/index.js';
import { dot3 } from '../../../geometry/vec3.js';
import { drillPiecePairs } from './mesh-drill-pieces.js';

/** Axes within this angle are parallel for a mesh fit (degrees). */
const MESH_AXIS_ANGLE_DEG = 2;
const MESH_PARALLEL_COS = Math.cos((MESH_AXIS_ANGLE_DEG * Math.PI) / 180);
/** Two axis lines are one when they pass within this share of the smaller radius (plus the graph tolerance). */
const MESH_AXIS_OFFSET_RATIO = 0.05;
/** Two bore pieces have one radius within this share of it. */
const MESH_RADIUS_RATIO = 0.02;

/** The hole-rule names whose features are bores (the suffix a reopened or joined match carries stripped). */
const BORE_RULES: ReadonlySet<string> = new Set(['through-hole', 'blind-hole', 'counterbore']);

const baseRule = (rule: string) => rule.replace(/ \((split|fragments)\)$/, '');

/** Distance from point `p` to the line through `origin` along unit `axis`. */
function distanceToLine(p: Vec3, origin: Vec3, axis: Vec3): number {
  const d: Vec3 = [p[0] - origin[0], p[1] - origin[1], p[2] - origin[2]];
  const t = dot3(d, axis);
  return Math.hypot(d[0] - t * axis[0], d[1] - t * axis[1], d[2] - t * axis[2]);
}

/**
 * True when two fitted axis surfaces share one axis line within a mesh fit's accuracy: parallel within
 * {@link MESH_AXIS_ANGLE_DEG}°, each origin within {@link MESH_AXIS_OFFSET_RATIO} × `radiusMm` (+ `tolMm`) of the
 * other's axis.
 */
export function meshCoaxial(a: GraphFace, b: GraphFace, radiusMm: number, tolMm: number): boolean {
  if (!a.axis || !b.axis || Math.abs(dot3(a.axis, b.axis)) < MESH_PARALLEL_COS) return false;
  const limit = MESH_AXIS_OFFSET_RATIO * radiusMm + tolMm;
  return distanceToLine(b.origin, a.origin, a.axis) <= limit && distanceToLine(a.origin, b.origin, b.axis) <= limit;
}

/** Largest distance of a face's triangle vertices from the line through `origin` along `axis`. */
function outerRadiusMm(mesh: Readonly<PartMesh>, face: GraphFace, origin: Vec3, axis: Vec3): number {
  const { positions, indices } = mesh;
  let r = 0;
  for (const t of face.triangles ?? [])
    for (let k = 0; k < 3; k++) {
      const v = 3 * indices[3 * t + k];
      r = Math.max(r, distanceToLine([positions[v], positions[v + 1], positions[v + 2]], origin, axis));
    }
  return r;
}

interface Member {
  match: RuleMatch;
  /** `bore`: a hole feature (its narrowest inward cylinder in `ref`); `cone`: a cone chamfer. */
  kind: 'bore' | 'cone';
  /** The bore's narrowest cylinder, or the cone. */
  ref: GraphFace;
}

/** A hole feature's narrowest inward cylinder, or a chamfer made only of inward cones: the stack member it is. */
function memberOf(graph: FeatureGraph, m: RuleMatch): Member | null {
  const faces = m.faces.map((f) => graph.faces[f]);
  if ((m.classId === CLASS.throughHole || m.classId === CLASS.blindHole) && BORE_RULES.has(baseRule(m.rule))) {
    const cylinders = faces.filter((f) => f.kind === 'cylinder' && f.inward && f.axis && f.radius !== null);
    if (cylinders.length === 0) return null;
    return { match: m, kind: 'bore', ref: cylinders.reduce((a, b) => (b.radius! < a.radius! ? b : a)) };
  }
  if (m.classId === CLASS.chamfer && faces.length > 0 && faces.every((f) => f.kind === 'cone' && f.axis)) return { match: m, kind: 'cone', ref: faces[0] };
  return null;
}

/**
 * Joins Tier 2's hole features of a segmented mesh into one hole per stack (see the module comment). `features`
 * is replaced in place; the per-face class, probability and bottom arrays follow. Returns the number of stacks
 * that joined more than one feature.
 */
export function joinMeshHoleStacks(
  graph: FeatureGraph,
  mesh: Readonly<PartMesh>,
  features: RuleMatch[],
  faceClass: number[],
  faceConfidence: number[],
  faceBottom: boolean[],
  tolMm: number,
): number {
  const members = features.map((m) => memberOf(graph, m)).filter((m): m is Member => m !== null);
  if (members.filter((m) => m.kind === 'bore').length === 0) return 0;
  const memberOfFace = new Map<number, number>();
  members.forEach((m, k) => m.match.faces.forEach((f) => memberOfFace.set(f, k)));
  const parent = members.map((_, k) => k);
  const root = (k: number): number => (parent[k] === k ? k : (parent[k] = root(parent[k])));
  // two members join where they border each other on one axis line (bores of one radius, a bore and a wider
  // bore or its cone: a stack); two cones never join on their own
  for (const [k, m] of members.entries())
    for (const f of m.match.faces)
      for (const ai of graph.neighbours[f]) {
        const j = memberOfFace.get(otherFace(graph.arcs[ai], f));
        if (j === undefined || j <= k || root(j) === root(k)) continue;
        const o = members[j];
        if (m.kind === 'cone' && o.kind === 'cone') continue;
        const radius = Math.min(m.kind === 'bore' ? m.ref.radius! : Infinity, o.kind === 'bore' ? o.ref.radius! : Infinity);
        if (meshCoaxial(m.ref, o.ref, radius, tolMm)) parent[root(j)] = root(k);
      }
  // pieces of one drill that a crossing feature cut apart (they do not border each other)
  const bores = [...members.keys()].filter((k) => members[k].kind === 'bore');
  const pieces = bores.map((k) => ({ faces: members[k].match.faces, bottomFaces: members[k].match.bottomFaces, ref: members[k].ref }));
  for (const [x, y] of drillPiecePairs(graph, mesh, pieces, meshCoaxial, tolMm)) if (root(bores[x]) !== root(bores[y])) parent[root(bores[y])] = root(bores[x]);
  const stacks = new Map<number, Member[]>();
  members.forEach((m, k) => stacks.set(root(k), [...(stacks.get(root(k)) ?? []), m]));
  const replaced = new Map<RuleMatch, RuleMatch | null>();
  let joined = 0;
  for (const stack of stacks.values()) {
    const bores = stack.filter((m) => m.kind === 'bore');
    if (bores.length === 0) continue;
    const drill = bores.reduce((a, b) => (b.ref.radius! < a.ref.radius! ? b : a));
    const rDrill = drill.ref.radius!;
    // the drill: every bore piece of the narrowest radius; blind when the tier found a floor on any of them
    const drills = bores.filter((m) => Math.abs(m.ref.radius! - rDrill) <= MESH_RADIUS_RATIO * rDrill + tolMm);
    // (a `counterbore` match is `blind_hole` by construction, not by a floor: no verdict unless it is all there is)
    const verdicts = drills.some((m) => baseRule(m.match.rule) !== 'counterbore') ? drills.filter((m) => baseRule(m.match.rule) !== 'counterbore') : drills;
    let classId: number = verdicts.some((m) => m.match.classId === CLASS.blindHole) ? CLASS.blindHole : CLASS.throughHole;
    const adopted = adoptUnexplainedDrill(graph, mesh, stack, drill.ref, faceClass, tolMm);
    if (stack.length < 2 && adopted.faces.length === 0) continue;
    // a narrower drill no rule explained (crossed by another hole): through unless a floor closes it
    if (adopted.faces.length > 0 && adopted.radiusMm < rDrill * (1 - MESH_RADIUS_RATIO) - tolMm) classId = adopted.floors.length > 0 ? CLASS.blindHole : CLASS.throughHole;
    // a floor across the whole drill (a plane square to its axis, every vertex within its radius) in the stack or
    // adopted: the drill is blind, whatever the rule said of pieces it saw without that floor (a drill the
    // segmentation split, whose floored piece read as a `counterbore` and so gave no verdict)
    else if (classId === CLASS.throughHole && [...adopted.floors, ...bores.flatMap((m) => m.match.faces)].some((f) => isDrillFloor(mesh, graph.faces[f], drill.ref, rDrill, tolMm))) classId = CLASS.blindHole;
    // a cone is measured against the bore it opens into (a chamfer at a counterbore's mouth is an edge break)
    const boreFaces = new Set(bores.flatMap((m) => m.match.faces));
    const innerRadius = (cone: GraphFace) => {
      let r = 0;
      for (const ai of graph.neighbours[cone.index]) {
        const o = graph.faces[otherFace(graph.arcs[ai], cone.index)];
        if (boreFaces.has(o.index) && o.kind === 'cylinder' && o.radius !== null) r = Math.max(r, o.radius);
      }
      return r > 0 ? r : rDrill;
    };
    const cones = stack.filter((m) => m.kind === 'cone' && outerRadiusMm(mesh, m.ref, drill.ref.origin, drill.ref.axis!) >= COUNTERSINK_MIN_DIAMETER_RATIO * innerRadius(m.ref));
    const parts = [...bores, ...cones];
    if (parts.length < 2 && adopted.faces.length === 0) continue;
    joined++;
    const faces = [...new Set([...parts.flatMap((m) => m.match.faces), ...adopted.faces, ...adopted.floors])].sort((a, b) => a - b);
    const bottomFaces = [...new Set([...bores.flatMap((m) => m.match.bottomFaces), ...adopted.floors])].sort((a, b) => a - b);
    const main = drills.find((m) => m.match.classId === classId) ?? drill;
    const hole: RuleMatch = { ...main.match, classId, faces, bottomFaces, parts: undefined };
    delete hole.parts;
    for (const m of parts) replaced.set(m.match, m === main ? hole : null);
    for (const f of faces) {
      faceClass[f] = classId;
      faceConfidence[f] = hole.confidence;
    }
    for (const f of bottomFaces) faceBottom[f] = true;
  }
  if (joined > 0) features.splice(0, features.length, ...features.flatMap((m) => (replaced.has(m) ? (replaced.get(m) ? [replaced.get(m)!] : []) : [m])));
  return joined;
}

/** A plane square to the drill's axis whose vertices all lie within its radius: a floor closing the drill. */
function isDrillFloor(mesh: Readonly<PartMesh>, g: GraphFace, drill: GraphFace, rDrill: number, tolMm: number): boolean {
  if (g.kind !== 'plane' || !g.normal || Math.abs(dot3(g.normal, drill.axis!)) < MESH_PARALLEL_COS) return false;
  return outerRadiusMm(mesh, g, drill.origin, drill.axis!) <= rDrill * (1 + MESH_RADIUS_RATIO) + tolMm;
}

/**
 * Faces no rule explained (`other_feature`) that continue a stack's drill: inward cylinders bordering the stack (or
 * an adopted piece) on its axis line, no wider than its drill — the drill of a counterbore whose depression another
 * hole crossed, or pieces of a drill the segmentation split — and the planes square to the axis that close them
 * (every vertex within their radius: a floor).
 */
function adoptUnexplainedDrill(graph: FeatureGraph, mesh: Readonly<PartMesh>, stack: readonly Member[], drill: GraphFace, faceClass: readonly number[], tolMm: number): { faces: number[]; floors: number[]; radiusMm: number } {
  const rDrill = drill.radius!;
  const unexplained = (f: number) => faceClass[f] === FALLBACK_FACE_CLASS.classId;
  const inStack = new Set(stack.flatMap((m) => m.match.faces));
  const faces: number[] = [];
  let radiusMm = Infinity;
  const queue = [...inStack];
  const seen = new Set(inStack);
  while (queue.length) {
    const x = queue.pop()!;
    for (const ai of graph.neighbours[x]) {
      const o = otherFace(graph.arcs[ai], x);
      if (seen.has(o) || !unexplained(o)) continue;
      const g = graph.faces[o];
      if (g.kind !== 'cylinder' || !g.inward || g.radius === null || g.radius > rDrill * (1 + MESH_RADIUS_RATIO) + tolMm) continue;
      // pieces of one drill share one radius
      if (faces.length > 0 && Math.abs(g.radius - radiusMm) > MESH_RADIUS_RATIO * radiusMm + tolMm) continue;
      if (!meshCoaxial(drill, g, g.radius, tolMm)) continue;
      seen.add(o);
      faces.push(o);
      if (faces.length === 1) radiusMm = g.radius;
      queue.push(o);
    }
  }
  if (faces.length === 0) return { faces, floors: [], radiusMm: 0 };
  const floors: number[] = [];
  for (const f of faces)
    for (const ai of graph.neighbours[f]) {
      const o = otherFace(graph.arcs[ai], f);
      const g = graph.faces[o];
      if (floors.includes(o) || inStack.has(o) || g.kind !== 'plane' || !g.normal || Math.abs(dot3(g.normal, drill.axis!)) < MESH_PARALLEL_COS) continue;
      if (outerRadiusMm(mesh, g, drill.origin, drill.axis!) <= radiusMm * (1 + MESH_RADIUS_RATIO) + tolMm) floors.push(o);
    }
  return { faces: faces.sort((a, b) => a - b), floors, radiusMm };
}
