/**
 * A cast or moulded body's cavity is its skin, not a machined pocket (docs/labelling.md, "Cast housings", and the
 * "Cavities of shells" wording proposed in "Session 22: second labeller"):
 * a pocket whose every planar wall leans a draft angle away from the cavity (the cavity widens towards its opening, so
 * the pattern or core draws out) and that runs most of the body's height (a shell's cavity, not a drafted recess cored
 * into a solid block, which stays a pocket) was formed, not cut — an end mill leaves walls square to the floor. Its walls
 * and floor are `stock` and the casting fillets along them `round`. Read from the exact B-Rep (planar faces' normals); measured on
 * the generated cast housings (`--housing`) and the real tune files (docs/recognition.md, "Session 22: cast cavities").
 * @internal
 */
import type { Vec3 } from '../../model/index.js';
import { otherFace, type FeatureGraph, type GraphFace } from './tier2-heuristics/feature-graph.js';
import type { RecognizedFeature } from './recognizer.js';
import { extentOfPoints } from '../../features/parameters/index.js';
import { dot3 as dot } from '../../geometry/vec3.js';
import { AAGNET_CLASS_NAMES } from '../../inference/aagnet-classes.js';

/** Pocket classes (AAGNet ids). */
const POCKET_CLASS_IDS: ReadonlySet<number> = new Set((['triangular_pocket', 'rectangular_pocket', '6sides_pocket', 'circular_end_pocket'] as const).map((n) => AAGNET_CLASS_NAMES.indexOf(n)));
/** A wall is square to the floor within this cosine (≈ 5.7°): a wall, not a second floor or a slanted face. */
const WALL_COS = 0.1;
/** Draft range of a cast wall: its normal leans towards the opening by sin(0.3°) … sin(5°) (moulding drafts are 0.5–3°). */
export const MIN_DRAFT_SIN = Math.sin((0.3 * Math.PI) / 180);
export const MAX_DRAFT_SIN = Math.sin((5 * Math.PI) / 180);
/** Drafted walls facing at least this many different directions: a cavity's walls go round it; one leaning face can be a slanted cut. */
const MIN_DRAFTED_WALLS = 3;
/** Two walls face the same side when their normals are within 30°. */
const SAME_SIDE_COS = Math.cos(Math.PI / 6);
/** Drafted walls hold at least this share of the pocket's wall area. */
const MIN_DRAFTED_AREA_SHARE = 0.75;
/**
 * The drafted walls span at least this share of the body's extent along the floor's normal: the cavity of a cast shell
 * (a housing's walls run from its floor to its rim), not a drafted pocket cored into a solid block, which docs/labelling.md
 * labels a pocket (test/recognize/tier2-draft-taper.test.ts: 12 mm deep in a 30 mm block, 0.4).
 */
export const MIN_CAVITY_DEPTH_SHARE = 0.6;

/** How many different directions the planar faces face (normals apart by more than 30°). */
function sides(faces: readonly GraphFace[]): number {
  const directions: Vec3[] = [];
  for (const f of faces) if (!directions.some((d) => dot(d, f.normal!) > SAME_SIDE_COS)) directions.push(f.normal!);
  return directions.length;
}

/** Length of the points' (xyz…) extent along unit direction d; 0 for no points. */
function spanOf(points: Float64Array, d: Vec3): number {
  const [lo, hi] = extentOfPoints(points, d);
  return hi > lo ? hi - lo : 0;
}

/** Extent of the faces' boundary points (their bounding-box corners where a face has none) along unit direction d. @internal */
export function extentAlong(faces: readonly GraphFace[], d: Vec3): number {
  let lo = Infinity, hi = -Infinity;
  for (const f of faces) {
    const points = f.boundary && f.boundary.length >= 3 ? f.boundary : Float64Array.from([...f.bbox.min, ...f.bbox.max]);
    const [a, b] = extentOfPoints(points, d);
    (lo = Math.min(lo, a)), (hi = Math.max(hi, b));
  }
  return hi > lo ? hi - lo : 0;
}

/** The faces of cast cavities among `features`: walls and floor to stock, curved blends along them to round. */
export interface CastCavityFaces {
  stock: Set<number>;
  round: Set<number>;
}

/**
 * Finds the pockets of `features` that are cast cavities: a floor direction (the pocket's planar face the most walls
 * lean open towards) and at least {@link MIN_DRAFTED_WALLS} walls drafted open by {@link MIN_DRAFT_SIN} …
 * {@link MAX_DRAFT_SIN} towards it from as many sides, holding at least {@link MIN_DRAFTED_AREA_SHARE} of the wall area (a boss or rib
 * standing in the cavity brings square walls of its own) and spanning {@link MIN_CAVITY_DEPTH_SHARE} of the body's
 * extent along it. The walls are the pocket's planar faces and the planar faces
 * around it already called stock (another tier's stock call may have taken the walls and left the floor and fillets).
 * The drafted walls and the floors that meet them (directly or through a fillet) are stock; the pocket's concave curved
 * faces meeting those (casting fillets, corner spheres and tori) round. Composite holes and other classes are left alone.
 */
export function castCavityFaces(graph: FeatureGraph, features: readonly RecognizedFeature[], isStock: (face: number) => boolean): CastCavityFaces {
  const out: CastCavityFaces = { stock: new Set(), round: new Set() };
  const neighboursOf = (i: number) => graph.neighbours[i].map((ai) => otherFace(graph.arcs[ai], i));
  for (const feature of features) {
    if (!POCKET_CLASS_IDS.has(feature.classId) || feature.composite) continue;
    const inside = new Set(feature.faces);
    const faces = feature.faces.map((i) => graph.faces[i]).filter((f) => f !== undefined);
    const own = faces.filter((f) => f.kind === 'plane' && f.normal);
    const around = new Set<number>();
    for (const f of faces) for (const o of neighboursOf(f.index)) if (!inside.has(o) && isStock(o) && graph.faces[o].kind === 'plane') around.add(o);
    const planes = [...own, ...[...around].map((i) => graph.faces[i])];
    const draftedTowards = (d: Vec3) =>
      planes.filter((w) => {
        const c = dot(w.normal!, d);
        return c >= MIN_DRAFT_SIN && c <= MAX_DRAFT_SIN;
      });
    // the floor direction: the pocket's planar face the walls lean open towards from the most sides (a wall taken for
    // the floor has the floor and the rim leaning towards it too, but both from one side)
    let up: Vec3 | null = null, most = 0;
    for (const f of own) {
      const n = sides(draftedTowards(f.normal!));
      if (n > most) (most = n), (up = f.normal);
    }
    if (!up) continue;
    const floorDir = up;
    const walls = planes.filter((w) => Math.abs(dot(w.normal!, floorDir)) < WALL_COS);
    const drafted = draftedTowards(floorDir);
    const area = (fs: readonly GraphFace[]) => fs.reduce((a, f) => a + f.area, 0);
    if (sides(drafted) < MIN_DRAFTED_WALLS || area(drafted) < MIN_DRAFTED_AREA_SHARE * area(walls)) continue;
    // a shell's cavity, not a drafted pocket cored into a solid block: its walls run most of the body's height
    if (extentAlong(drafted, floorDir) < MIN_CAVITY_DEPTH_SHARE * spanOf(graph.points, floorDir)) continue;
    const stock = new Set(drafted.map((w) => w.index));
    const fillets = faces.filter((f) => f.kind !== 'plane' && f.inward);
    const touches = (i: number, set: ReadonlySet<number>) => neighboursOf(i).some((o) => set.has(o));
    const rounds = new Set(fillets.filter((f) => touches(f.index, stock)).map((f) => f.index));
    // the floors: the pocket's faces towards its opening that meet a drafted wall, directly or through a fillet
    for (const f of own) if (dot(f.normal!, floorDir) > 1 - 1e-6 && (touches(f.index, stock) || touches(f.index, rounds))) stock.add(f.index);
    for (const f of fillets) if (touches(f.index, stock)) rounds.add(f.index);
    for (const i of stock) if (inside.has(i)) out.stock.add(i);
    for (const i of rounds) out.round.add(i);
  }
  return out;
}
