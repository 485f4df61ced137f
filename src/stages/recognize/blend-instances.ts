/**
 * The blend pass: after whichever B-Rep tier answered, the `round` and `chamfer` features of one fillet or
 * chamfer *operation* become one feature (docs/labelling.md, "One blend operation"). Blend faces are one feature
 * when they meet tangentially (a smooth chain, as before), or when they meet along sharp edges face to face with
 * the same class, side (a concave fillet and a convex round stay two) and size — round radius within
 * {@link SAME_RADIUS_REL}, chamfer width across the bevelled edge within {@link SAME_WIDTH_REL} — and those sharp
 * meetings close a loop: a chamfer round a hexagonal boss or a pocket rim meets itself at the corners, equal
 * floor fillets round a pocket with sharp corners meet at mitres. Two equal fillets that meet at one corner and
 * go no further round stay two, as real labellers keep them. Pieces of one fillet that a later cut took apart (a
 * cylinder of one axis line and radius, or a sphere, in pieces that each meet that cut along sharp edges) are one
 * face of the operation before the loop test, so a floor fillet loop that a hole or another pocket broke is still one
 * loop. A tier's blend feature whose faces no longer meet (the hole pass took a countersink cone out of a chamfer chain,
 * or made one chamfer of an edge-break cone's pieces) holds together only where they do. Rounds of two known radii are
 * never one feature, even where they meet tangentially or a tier grouped them (an edge round running round a larger
 * corner radius), and chamfer pieces on one cone are one (a hex nut's chamfer cut apart by its flats; session 19). The tiers group blends face by
 * face or per smooth chain; on the real tune parts the default pipeline predicted 106 round instances for 83 true and 75 chamfer
 * instances for 51 true (docs/recognition.md, session 8).
 * @internal
 */
import type { Part, PartFace, Vec3 } from '../../model/index.js';
import { hollowSide } from '../../geometry/surface-hollow-side.js';
import { cross3, distance3, dot3 as dot, normalize3, vec3 } from '../../geometry/vec3.js';
import { coaxialFaces, extentOfPoints, measureFeatureParameters, roundParameter, type FeatureGeometry, type MeasuredFace } from '../../features/parameters/index.js';
import { AAGNET_CHAMFER_CLASS_ID as CHAMFER, AAGNET_ROUND_CLASS_ID as ROUND } from '../../inference/aagnet-classes.js';
import type { RecognitionOutput, RecognizedFeature } from './recognizer.js';
import { canonicalFeatureGeometry } from './canonical-kinds.js';

/** Largest angle (degrees) between two faces' normals along their edge at which they meet tangentially (docs/labelling.md: about 6°). */
const TANGENT_DEG = 6;

/**
 * A free-form corner patch (no radius to compare) meets the fillets it joins within this angle (degrees): its B-spline
 * approximates the rolling ball's surface, and on generated dev parts such patches meet a fillet at 6–7°.
 */
const PATCH_TANGENT_DEG = 8;

/** Two round radii are the same within this share of the larger one (and {@link SAME_SIZE_MM}): B-Rep radii are exact. */
export const SAME_RADIUS_REL = 0.01;
/**
 * Two chamfer widths are the same within this share of the larger one (and {@link SAME_SIZE_MM}): a width is read
 * from a face's boundary points, and a chamfer trimmed by a neighbour keeps its width but not always its exact extent.
 */
export const SAME_WIDTH_REL = 0.05;
/** Absolute size tolerance (mm) for both: modelling noise on sub-millimetre edge breaks. */
export const SAME_SIZE_MM = 0.01;

/** A blend face's kind and size; `size` null when it cannot be measured (a free-form corner patch): it joins any. */
interface BlendSize {
  classId: number;
  /** Rounds: 'concave' (inward, a fillet) or 'convex' (a rounded outside edge); null for chamfers or unknown. */
  side: 'concave' | 'convex' | null;
  size: number | null;
}

/**
 * Groups the blend features of a B-Rep tier's answer into one feature per operation (see the module comment).
 * `output`'s face indices must be `part`'s. The tier's own grouping stands where its faces touch (a Tier 2 smooth chain,
 * a Tier 1 instance; a feature whose faces fall apart — another pass took the faces between them — is split into the
 * pieces that meet), and otherwise the pass only joins: blend faces of one class (and, for rounds, one side) that meet tangentially
 * (within {@link TANGENT_DEG}) are one feature, so are pieces of one fillet surface that meet one non-blend feature
 * of the answer along sharp edges (the cut that split them), and chains that meet along sharp edges face to face with
 * the same size are one feature where those sharp meetings close a loop ({@link loopLinks}). A joined feature has the
 * mean probability of its faces as confidence and the parameters of its largest face (by area), `lengthMm` summed
 * over its faces (the length of blended edge). Faces and classes, composite holes and other features are
 * untouched, and so is a blend feature nothing joined or split; returns `output` itself when nothing changes.
 */
export function groupBlendInstances(part: Readonly<Part>, output: RecognitionOutput): RecognitionOutput {
  if (part.faces.length === 0) return output;
  const blends = output.features.filter(isBlend);
  // the blend faces: faces of the tiers' blend features that no other feature (a composite hole) holds
  const held = new Set(output.features.filter((f) => !isBlend(f)).flatMap((f) => f.faces));
  const blendClass = new Map<number, number>();
  for (const f of blends) for (const x of f.faces) if (!held.has(x) && x < part.faces.length && !blendClass.has(x)) blendClass.set(x, f.classId);
  if (blendClass.size < 2) return output;
  const geometry = canonicalFeatureGeometry(part);
  const classOfFace = new Map(output.faces.map((f) => [f.faceIndex, f.classId]));
  const sizeOf = new Map<number, BlendSize>();
  for (const [f, c] of blendClass) sizeOf.set(f, blendSize(part, geometry, f, c, classOfFace));
  const sets = new DisjointSets();
  const ownFaces = (f: RecognizedFeature) => f.faces.filter((x) => blendClass.get(x) === f.classId);
  // The tier's grouping holds where its faces touch: a chain another pass took faces out of (the hole pass takes a
  // countersink's cone out of the chamfer chain it ran on) or an instance of faces apart falls into the pieces that
  // meet. Pieces that do not meet are one operation only by the rules below (one surface across a cut, a closed loop).
  const featureOf = new Map<number, number>();
  blends.forEach((f, k) => {
    for (const x of ownFaces(f)) if (!featureOf.has(x)) featureOf.set(x, k);
  });
  for (const arc of part.aag.arcs) {
    const k = featureOf.get(arc.a);
    if (k !== undefined && k === featureOf.get(arc.b) && !otherRadius(sizeOf.get(arc.a)!, sizeOf.get(arc.b)!)) sets.union(arc.a, arc.b);
  }
  // Pieces of one fillet that a later cut took apart lie on one surface and both meet that cut along sharp edges: one
  // face of the operation. Equal fillets in line along two features side by side (a row of pockets) meet no common cut.
  const around = cutsAround(part, output.features);
  const faces = [...blendClass.keys()];
  for (let i = 0; i < faces.length; i++)
    for (let j = i + 1; j < faces.length; j++) {
      const a = faces[i], b = faces[j], sa = sizeOf.get(a)!, sb = sizeOf.get(b)!;
      if (sa.classId === CHAMFER && sb.classId === CHAMFER && around(a).size === 0 && around(b).size === 0 && onOneCone(geometry.face(a), geometry.face(b))) {
        sets.union(a, b);
        continue;
      }
      if (!sameSide(sa, sb) || !sameSize(sa, sb) || !onOneSurface(geometry.face(a), geometry.face(b))) continue;
      const nearA = around(a);
      if ([...around(b)].some((k) => nearA.has(k))) sets.union(a, b);
    }
  const sharp: [number, number][] = [];
  for (const arc of part.aag.arcs) {
    const a = sizeOf.get(arc.a), b = sizeOf.get(arc.b);
    if (!a || !b || !sameSide(a, b) || otherRadius(a, b)) continue;
    if (arc.dihedralDeg <= TANGENT_DEG || (arc.dihedralDeg <= PATCH_TANGENT_DEG && (a.size === null || b.size === null))) sets.union(arc.a, arc.b);
    else if (sameSize(a, b)) sharp.push([arc.a, arc.b]);
  }
  for (const [a, b] of loopLinks(sharp.map(([a, b]) => [sets.find(a), sets.find(b)]))) sets.union(a, b);
  const groups = new Map<number, number[]>();
  for (const f of blendClass.keys()) {
    const root = sets.find(f);
    const group = groups.get(root);
    if (group) group.push(f);
    else groups.set(root, [f]);
  }
  const probability = new Map(output.faces.map((f) => [f.faceIndex, f.probability]));
  const emitted = new Set<number>();
  let joined = false;
  const features = output.features.flatMap((f) => {
    const own = isBlend(f) ? ownFaces(f) : [];
    if (own.length === 0) return [f];
    const roots = [...new Set(own.map((x) => sets.find(x)))].filter((r) => !emitted.has(r));
    for (const r of roots) emitted.add(r);
    if (roots.length === 1) {
      const faces = groups.get(roots[0])!.sort((a, b) => a - b);
      if (faces.length === f.faces.length && faces.every((x, k) => x === f.faces[k])) return [f];
    }
    if (roots.length > 0) joined = true;
    return roots.map((r) => blendFeature(geometry, groups.get(r)!.sort((a, b) => a - b), f, probability));
  });
  return joined ? { ...output, features } : output;
}

/**
 * Two blend faces of one size (the caller checks it) on one surface: cylinders of one axis line, spheres of one centre — the
 * pieces of one fillet a later cut took apart (docs/labelling.md, "Where a feature ends": a feature cut in pieces by
 * other features stays one instance when the pieces lie on the same surfaces).
 */
function onOneSurface(a: MeasuredFace, b: MeasuredFace): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'cylinder') return coaxialFaces(a, b, SAME_SIZE_MM);
  if (a.kind === 'sphere') return Math.hypot(a.origin[0] - b.origin[0], a.origin[1] - b.origin[1], a.origin[2] - b.origin[2]) <= SAME_SIZE_MM;
  return false;
}

/**
 * Two chamfer faces on one cone (one axis line, one apex, one half-angle, one side): with no cut across either piece's
 * sharp edges (the caller checks it), the pieces one turned chamfer made on a body whose own faces trim it — a hex
 * nut's 120° chamfer cone, cut by the six flats into a piece at each corner. A cone's pieces have no common width (each
 * flat trims its piece differently), so the size test cannot join them. Pieces that a later cut took apart stay one
 * chamfer each, as the generator labels them (test/recognize/blend-instance-split.test.ts).
 */
function onOneCone(a: MeasuredFace, b: MeasuredFace): boolean {
  if (a.kind !== 'cone' || b.kind !== 'cone' || a.inward !== b.inward || a.semiAngleRad === null || b.semiAngleRad === null || a.radius === null || b.radius === null) return false;
  if (Math.abs(a.semiAngleRad - b.semiAngleRad) > 1e-4 || !coaxialFaces(a, b, SAME_SIZE_MM) || dot(a.axis!, b.axis!) <= 0) return false;
  const apex = (m: MeasuredFace): Vec3 => {
    const t = m.radius! / Math.tan(m.semiAngleRad!);
    return [m.origin[0] - t * m.axis![0], m.origin[1] - t * m.axis![1], m.origin[2] - t * m.axis![2]];
  };
  return distance3(apex(a), apex(b)) <= SAME_SIZE_MM;
}

/**
 * The cuts across face `f`'s sharp edges: the features (indices into `features`) other than blends that hold a
 * neighbour `f` meets along an edge sharper than {@link TANGENT_DEG}. A fillet meets the faces it blends
 * tangentially, so these are the features that cut it, not the ones it rounds.
 */
function cutsAround(part: Readonly<Part>, features: readonly RecognizedFeature[]): (f: number) => Set<number> {
  const holders = new Map<number, number[]>();
  features.forEach((feat, k) => {
    if (!isBlend(feat)) for (const x of feat.faces) holders.set(x, [...(holders.get(x) ?? []), k]);
  });
  return (f) => {
    const out = new Set<number>();
    for (const ai of part.aag.neighbours[f] ?? []) {
      const arc = part.aag.arcs[ai];
      if (arc.dihedralDeg <= TANGENT_DEG) continue;
      for (const k of holders.get(arc.a === f ? arc.b : arc.a) ?? []) out.add(k);
    }
    return out;
  };
}

/** Union-find over face indices. */
class DisjointSets {
  private readonly parent = new Map<number, number>();
  find(i: number): number {
    let r = i;
    while ((this.parent.get(r) ?? r) !== r) r = this.parent.get(r)!;
    return r;
  }
  union(i: number, j: number): void {
    const a = this.find(i), b = this.find(j);
    if (a !== b) this.parent.set(Math.max(a, b), Math.min(a, b));
  }
}

/**
 * The sharp same-size links (between chains, one per edge) that lie in a component of the chain graph holding a
 * loop — at least as many links as chains: a chamfer or fillet round a hexagonal boss, a pocket rim, an outline
 * closes on itself; two equal fillets at the foot of a rib that meet at its corner do not, and real labellers
 * keep them apart (docs/labelling.md, "One blend operation").
 */
function loopLinks(links: readonly [number, number][]): [number, number][] {
  const between = links.filter(([a, b]) => a !== b);
  const comps = new DisjointSets();
  for (const [a, b] of between) comps.union(a, b);
  const chains = new Map<number, Set<number>>(), count = new Map<number, number>();
  for (const [a, b] of between) {
    const r = comps.find(a);
    chains.set(r, (chains.get(r) ?? new Set<number>()).add(a).add(b));
    count.set(r, (count.get(r) ?? 0) + 1);
  }
  return between.filter(([a]) => count.get(comps.find(a))! >= chains.get(comps.find(a))!.size);
}

function isBlend(f: RecognizedFeature): boolean {
  return (f.classId === ROUND || f.classId === CHAMFER) && !f.composite && f.faces.length > 0;
}

/** Same class and, for rounds, the same side where both are known. */
function sameSide(a: BlendSize, b: BlendSize): boolean {
  return a.classId === b.classId && (a.side === null || b.side === null || a.side === b.side);
}

/**
 * Two rounds whose radii are both known and differ: two operations even where they meet tangentially (a rolling ball
 * has one radius; docs/labelling.md, "One blend operation": different sizes are different operations). An r1 edge
 * round running along an R11 rounded outline corner meets it tangentially, and so does a pocket floor fillet meeting a
 * larger corner radius. Chamfer widths are read from boundary points and stay out of it.
 */
function otherRadius(a: BlendSize, b: BlendSize): boolean {
  return a.classId === ROUND && b.classId === ROUND && a.size !== null && b.size !== null && !sameSize(a, b);
}

/** Both sizes known and equal within the tolerances. */
function sameSize(a: BlendSize, b: BlendSize): boolean {
  if (a.size === null || b.size === null) return false;
  const rel = a.classId === ROUND ? SAME_RADIUS_REL : SAME_WIDTH_REL;
  return Math.abs(a.size - b.size) <= Math.max(SAME_SIZE_MM, rel * Math.max(a.size, b.size));
}

/**
 * A blend face's size: a round's radius (cylinder, torus tube, sphere) and side; a chamfer's width across the
 * edge it bevels — a plane's extent across the line where it meets its nearest non-chamfer plane neighbour, a
 * cone's slant length.
 */
function blendSize(part: Readonly<Part>, geom: FeatureGeometry, f: number, classId: number, classOfFace: ReadonlyMap<number, number>): BlendSize {
  const m = geom.face(f);
  if (classId === ROUND) {
    const radial = m.kind === 'cylinder' || m.kind === 'torus' || m.kind === 'sphere';
    if (radial && m.radius !== null) return { classId, side: m.inward ? 'concave' : 'convex', size: m.radius };
    // a free-form piece between pieces of one fillet (a corner patch, or a sliver a cut left) is that fillet: its
    // radius lets it link them along sharp edges, so a floor fillet loop broken only by slivers still closes
    const sliver = m.kind === 'other' ? sliverOf(geom, f, classOfFace) : null;
    if (sliver) return { classId, ...sliver };
    // a free-form round (a B-spline fillet): its side is read from the surface, its radius is not known; a patch
    // tangent to an analytic round is a corner patch where fillets meet, which joins either side
    const side = m.kind === 'other' && !tangentToAnalyticRound(part, geom, f) ? freeformSide(part.faces[f]) : 0;
    return { classId, side: side > 0 ? 'concave' : side < 0 ? 'convex' : null, size: null };
  }
  return { classId, side: null, size: chamferWidth(geom, f, classOfFace) };
}

/**
 * The radius (and side, where they agree) of the analytic rounds — cylinder, torus or sphere faces the answer calls
 * `round` — that free-form face `f` meets, when at least two of them share one radius within {@link SAME_RADIUS_REL}
 * (syn_s121_000006, syn_s122_000062 / 000129: a pocket's floor fillet loop whose corner patches and slivers meet its
 * cylinders along 13–48° edges); null otherwise.
 */
function sliverOf(geom: FeatureGeometry, f: number, classOfFace: ReadonlyMap<number, number>): Omit<BlendSize, 'classId'> | null {
  const rounds = geom
    .neighbours(f)
    .filter((o) => classOfFace.get(o) === ROUND)
    .map((o) => geom.face(o))
    .filter((m) => (m.kind === 'cylinder' || m.kind === 'torus' || m.kind === 'sphere') && m.radius !== null);
  for (const a of rounds) {
    const same = rounds.filter((b) => Math.abs(b.radius! - a.radius!) <= Math.max(SAME_SIZE_MM, SAME_RADIUS_REL * Math.max(a.radius!, b.radius!)));
    if (same.length < 2) continue;
    const sides = new Set(same.map((b) => b.inward));
    return { side: sides.size === 1 ? (a.inward ? 'concave' : 'convex') : null, size: a.radius };
  }
  return null;
}

/** A free-form face's side ({@link hollowSide}): +1 concave, -1 convex, 0 unknown. */
function freeformSide(f: Readonly<PartFace>): -1 | 0 | 1 {
  const s = f.surface;
  return s && s.type !== 'other' && f.area > 0 ? hollowSide(s, f.reversed, f.centroid, Math.sqrt(f.area)) : 0;
}

/** Whether face f meets a cylinder, torus or sphere face tangentially (within {@link TANGENT_DEG}). */
function tangentToAnalyticRound(part: Readonly<Part>, geom: FeatureGeometry, f: number): boolean {
  return (part.aag.neighbours[f] ?? []).some((ai) => {
    const arc = part.aag.arcs[ai];
    if (arc.dihedralDeg > TANGENT_DEG) return false;
    const k = geom.face(arc.a === f ? arc.b : arc.a).kind;
    return k === 'cylinder' || k === 'torus' || k === 'sphere';
  });
}

function chamferWidth(geom: FeatureGeometry, f: number, classOfFace: ReadonlyMap<number, number>): number | null {
  const m = geom.face(f);
  const points = geom.boundaryPoints([f]);
  if (points.length < 6) return null;
  if (m.kind === 'cone' && m.axis) {
    const axis = unit(m.axis);
    if (!axis) return null;
    let rLo = Infinity, rHi = -Infinity, zLo = Infinity, zHi = -Infinity;
    for (let k = 0; k + 2 < points.length; k += 3) {
      const d: Vec3 = [points[k] - m.origin[0], points[k + 1] - m.origin[1], points[k + 2] - m.origin[2]];
      const z = dot(d, axis);
      const r = Math.hypot(d[0] - z * axis[0], d[1] - z * axis[1], d[2] - z * axis[2]);
      rLo = Math.min(rLo, r), (rHi = Math.max(rHi, r)), (zLo = Math.min(zLo, z)), (zHi = Math.max(zHi, z));
    }
    return Math.hypot(rHi - rLo, zHi - zLo);
  }
  if (m.kind !== 'plane' || !m.normal) return null;
  const n = m.normal;
  // the bevelled face: the plane neighbour that is not a chamfer itself, nearest in direction (a hexagon's
  // neighbouring chamfer is nearer than the faces it bevels, and meets it along a mitre, not along the edge)
  let best: Vec3 | null = null;
  for (const o of geom.neighbours(f)) {
    if (classOfFace.get(o) === CHAMFER) continue;
    const on = geom.face(o).normal;
    if (!on || Math.abs(dot(on, n)) > 0.9995) continue;
    if (!best || dot(on, n) > dot(best, n)) best = on;
  }
  if (!best) return null;
  const edge = unit(cross(n, best));
  const across = edge && unit(cross(n, edge));
  if (!across) return null;
  const [lo, hi] = extentOfPoints(points, across);
  return hi - lo;
}

/**
 * The feature of joined blend faces, shaped like `like` (the tier's feature that led the group: its tier and
 * type): confidence = the mean probability of its faces; parameters measured on its largest face (by area),
 * `lengthMm` summed over its faces.
 */
function blendFeature(geom: FeatureGeometry, faces: number[], like: RecognizedFeature, probability: ReadonlyMap<number, number>): RecognizedFeature {
  const largest = faces.reduce((a, b) => (geom.face(b).area > geom.face(a).area ? b : a));
  const parameters = measureFeatureParameters(geom, like.classId, [largest], []);
  const lengths = faces.map((f) => measureFeatureParameters(geom, like.classId, [f], []).lengthMm);
  if (lengths.every((l) => typeof l === 'number' && Number.isFinite(l))) parameters.lengthMm = roundParameter(lengths.reduce((s, l) => s + l, 0));
  const ps = faces.map((f) => probability.get(f)).filter((p): p is number => p !== undefined);
  const confidence = ps.length > 0 ? roundParameter(ps.reduce((s, p) => s + p, 0) / ps.length) : like.confidence;
  return { ...like, faces, bottomFaces: [], confidence, parameters };
}

/** `a` scaled to unit length, or null when it has none. */
function unit(a: Vec3): Vec3 | null {
  const out = vec3();
  return normalize3(out, a) > 1e-12 ? out : null;
}

const cross = (a: Vec3, b: Vec3): Vec3 => cross3(vec3(), a, b);
