/**
 * The base-body pass: after whichever B-Rep tier answered, faces of the part's base body
 * ({@link baseBodyStockFaces}: a plate under what stands on it, the largest diameter of a turned bar) are
 * stock, whatever the tier called them — a tier that learnt or measured stock as the bounding box calls a
 * plate face under a boss the floor of a huge step. A boss, rib or foot standing on a face is `other_feature`, not a
 * cavity ({@link findProtrusions}). Also the plate's outline walls that the tier called
 * something an outline wall cannot be ({@link outlineWallStockFaces}: a profile's wall is not a pocket wall).
 * @internal
 */
import type { Part, Vec3 } from '../../model/index.js';
import { AAGNET_CLASS_NAMES, AAGNET_STOCK_CLASS_ID } from '../../inference/aagnet-classes.js';
import { measureFeatureParameters, type FeatureGeometry } from '../../features/parameters/index.js';
import { baseBodyStockFaces, onAxis, outlineWallsAndNotches, turnedSectionFaces } from './base-body-stock.js';
import { dot3 } from '../../geometry/vec3.js';
import { CAVITY_CLASSES, convexFaceStockFaces, convexSkinStockFaces, freeFormSkinStockFaces, thinWallStockFaces } from './stock-skin.js';
import { findProtrusions } from './protrusion-faces.js';
import { ON_ITS_FOOT, standingProtrusionFaces } from './convex-components.js';
import { castCavityFaces } from './cast-cavity.js';
import { castSkinFaces } from './cast-skin.js';
import { FALLBACK_FACE_CLASS } from './tier2-heuristics/fallback-face-class.js';
import { buildFeatureGraphFromPart, otherFace, type FeatureGraph } from './tier2-heuristics/feature-graph.js';
import { isTaper } from './tier2-heuristics/blend-faces.js';
import { findSheetMetal } from './tier2-heuristics/sheet-bends.js';
import type { RecognitionOutput, RecognizedFeature } from './recognizer.js';
import { canonicalFitter, canonicalFeatureGeometry } from './canonical-kinds.js';

/**
 * Probability a face the pass turns to stock carries: (right + 1) / (turned + 2) over the faces it turned
 * on the dev data (docs/recognition.md, "Base body"): 18 real faces right; 4 generated and 2 MFCAD faces wrong.
 */
export const BASE_BODY_STOCK_PROBABILITY = 0.731;

/**
 * Probability an outline wall the pass turns to stock ({@link outlineWallStockFaces}) carries: (right + 1) /
 * (turned + 2) over the faces it turned in Tier 2's answer on the dev data (docs/recognition.md, "Stock: outline
 * walls", session 5): 21 real tune faces right; 1 generated dev face (of 100 parts) wrong; none on MFCAD tune.
 */
export const OUTLINE_WALL_STOCK_PROBABILITY = 0.917;

/**
 * Probability a planar face with no concave edge that the tier called a cavity class carries when the pass turns
 * it to stock ({@link convexFaceStockFaces}): (right + 1) / (turned + 2) over the faces it turned in the default
 * pipeline's answer on the dev data (docs/recognition.md, "Stock: faces no cavity can have", session 6): 11 real
 * tune faces right; 3 generated dev faces (of 100 parts) wrong, all three already wrong before; none on 100 MFCAD
 * parts. (`other_feature` faces, which no class can get right, are not counted.)
 */
export const CONVEX_FACE_STOCK_PROBABILITY = 0.75;

/**
 * Probability a wall skin of a thin-walled body ({@link thinWallStockFaces}) carries when the pass turns it to stock:
 * (right + 1) / (turned + 2) over the faces it turned in the default pipeline's answer on the dev data
 * (docs/recognition.md, "Stock: sheet metal and bent brackets", session 7): 15 real tune faces right (D10, D14); none
 * on 200 generated dev parts or 100 MFCAD tune parts (no thin-walled body there); 2 real `other_feature` faces not counted.
 */
export const THIN_WALL_STOCK_PROBABILITY = 0.941;

/**
 * Probability a curved outer-skin face ({@link convexSkinStockFaces}) carries when the pass turns it to stock:
 * (right + 1) / (turned + 2) over the faces it turned in the default pipeline's answer on the dev data
 * (docs/recognition.md, "Stock: curved outer skin", session 7): 3 real tune faces right (D11), 2 wrong (D31's B-spline
 * rounds, which the tier had called `other_feature`: wrong before and after); none on 200 generated dev parts or MFCAD.
 */
export const CONVEX_SKIN_STOCK_PROBABILITY = 0.571;

/**
 * Probability a free-form skin face ({@link freeFormSkinStockFaces}) carries when the pass turns it to stock: (right + 1) /
 * (turned + 2) over the faces it turned in the default pipeline's answer on the dev data (docs/recognition.md, "Session 8:
 * free-form skin"): 3 real tune faces right (D11); none on 100 generated dev parts or 100 MFCAD tune parts (no free-form face).
 */
export const FREE_FORM_SKIN_STOCK_PROBABILITY = 0.8;

/**
 * Probability a protrusion face ({@link findProtrusions}: a boss, rib or foot standing on a face) carries when the pass
 * calls it `other_feature`: (right + 1) / (turned + 2) over the faces it turned in the default pipeline's answer on the
 * real tune files (docs/recognition.md, "Session 9 (2026-12-05): protrusions"): 33 right of 33 (on the generated
 * protrusion set 740 of 740, a set made for the rule, not counted here).
 */
export const PROTRUSION_OTHER_PROBABILITY = 0.971;

/**
 * Probability a face of a turned bar's reduced section ({@link turnedSectionFaces}) carries when the pass calls it
 * `other_feature`: (right + 1) / (turned + 2) over the labelled faces it turned in the default pipeline's answer on the
 * dev data (docs/recognition.md, "Session 14"): 29 right (D04, D17, D31, P04: other_feature), 2 wrong (D31: a hole's
 * wall the tier had called `Oring`, wrong before too); none on 150 generated dev parts or 100 MFCAD tune parts.
 */
export const TURNED_SECTION_OTHER_PROBABILITY = 0.909;

/**
 * Probability a bent sheet's bend face (`findSheetMetal`, tier2-heuristics/sheet-bends.ts) carries when the pass calls
 * it `other_feature` over another tier's class (docs/labelling.md: a bend is `other_feature`; the default pipeline takes
 * Tier 1's class wherever Tier 2 says `other_feature`, and Tier 1 calls bends rounds): measured in docs/recognition.md,
 * "Session 19: sheet bends stay other_feature".
 */
export const SHEET_BEND_OTHER_PROBABILITY = 0.9;

/**
 * Probability the face a protrusion stands on carries when the pass turns it to stock (its outline convex, the tier
 * called it `other_feature` or a cavity class): (right + 1) / (turned + 2) on the dev data (docs/recognition.md,
 * "Session 9 (2026-12-05): protrusions"): 4 generated faces in Tier 2's answer, all right; none turned in the default
 * pipeline's answer on the real tune files, the generated sets or MFCAD.
 */
export const PROTRUSION_BASE_STOCK_PROBABILITY = 0.833;

/**
 * Probability the fillet left of a feature whose other faces the pass made stock ({@link isStockFillet}: a bracket's
 * inside bend) carries when the pass calls it `round`: (right + 1) / (turned + 2) on the dev data (docs/recognition.md,
 * "Session 15"): no labelled face turned on the real and OCCT tune files, 150 generated dev parts or 100 MFCAD tune
 * parts (the one real part it fired on, D14, is sheet metal, whose bends — an outer radius on the fillet's axis — it now
 * leaves alone; four faces of an unlabelled D30 body), so
 * the prior 1/2 of no evidence.
 */
export const STOCK_FILLET_ROUND_PROBABILITY = 0.5;

/**
 * Probability a cast cavity's wall or floor carries when the pass turns it to stock ({@link castCavityFaces}):
 * (right + 1) / (turned + 2) over the faces it turned on Tier 2's path on the dev data — 213 right of 227 on the 99
 * generated housings of seed 601 (the other 14 are `other_feature`: a boss top level with the floor); it turns no face
 * of the real, OCCT, FreeCAD or CAx-IF tune files (docs/recognition.md, "Session 22: cast cavities"). Counted before the
 * rule's sides tie-break, which changed the default pipeline's floors, not Tier 2's (to re-count). Also carried by a cast
 * body's skin ({@link castSkinFaces}, session 23; not re-counted for it).
 */
export const CAST_CAVITY_STOCK_PROBABILITY = 0.934;

const ROUND_CLASS_ID = AAGNET_CLASS_NAMES.indexOf('round');
const PASSAGE_CLASS_ID = AAGNET_CLASS_NAMES.indexOf('rectangular_passage');
const THROUGH_SLOT_CLASS_ID = AAGNET_CLASS_NAMES.indexOf('rectangular_through_slot');
/** A notch's floor faces out through the wall it opens through: normals within ≈ 1°. */
const NOTCH_FLOOR_COS = Math.cos(Math.PI / 180);

/**
 * Whether a tier's call on a protrusion face is one the protrusion rule overturns: a cavity class. A `stock` call
 * stays (session 9 tried overturning it too, for boss tops on the bounding box: on the real tune files 6 of the 19
 * stock calls it turned were right — end faces of turned hubs, D04, D17, D30, D31, D38 — and the 13 it fixed are
 * `other_feature` truth, which scores nothing).
 */
const protrusionOverturns = (c: string) => CAVITY_CLASSES.has(c) || HOLE_CLASS_NAMES.has(c);

/**
 * Hole classes, also overturned on a protrusion face: {@link findProtrusions} leaves inward cylinders and cones (a
 * hole drilled into a boss) to the tier, so a protrusion face is never a hole's wall; the session-18 Tier 1 network
 * calls a drafted boss's outward cone a through hole.
 */
const HOLE_CLASS_NAMES: ReadonlySet<string> = new Set(['through_hole', 'blind_hole']);

/**
 * A protrusion's cone of a taper's half-angle that a tier called a chamfer: a drafted boss's side (Tier 1 reads any
 * cone round a boss as its chamfer; Tier 2 never calls a taper a chamfer, session 14). Overturned like a cavity class.
 */
const taperCalledChamfer = (graph: FeatureGraph, face: number, c: string) => c === 'chamfer' && graph.faces[face]?.kind === 'cone' && isTaper(graph.faces[face]);

/**
 * Makes the base body's faces stock in a B-Rep tier's answer, and the plate's outline walls that the tier called
 * something an outline wall cannot be ({@link outlineWallStockFaces}), and planar faces with no concave edge that the
 * tier called a cavity class ({@link convexFaceStockFaces}: no pocket, slot, step or passage has such a face), and wide
 * free-form faces with no concave edge, a cast or printed skin ({@link freeFormSkinStockFaces}), and a cast shell's cavity
 * that a tier called a pocket — drafted walls and floor stock, its casting fillets `round` ({@link castCavityFaces}) —
 * and the skin of a body whose outer walls are drafted: its drafted faces, floors and ceilings ({@link castSkinFaces});
 * a cavity feature left with nothing but fillets between the body's faces (its walls stock, whether this pass or the
 * tier combination made them so) is a `round`
 * (`output`'s face indices must be `part`'s).
 * Faces of a protrusion standing on a face ({@link findProtrusions}, {@link standingProtrusionFaces}: also a protrusion's
 * face on its foot that a tier called a chamfer) or of a turned bar's reduced section
 * ({@link turnedSectionFaces}) that the tier called a cavity class, and a bent sheet's bend faces whatever a tier called
 * them (`findSheetMetal`), are `other_feature` (docs/labelling.md: a boss, rib or foot is `other_feature`, as is a turned section; this comes first, so a boss top is not
 * made stock by the rules above), and the face a protrusion stands on, when its outline is convex and the tier called
 * it `other_feature` or a cavity class, is stock. A face turned to stock or `other_feature` leaves its feature; a
 * feature left with no face is dropped, one left with others is measured again. Faces the tier already called stock keep their probability; the part confidence moves by the
 * change of the mean face probability. Returns `output` itself when nothing changes.
 */
export function applyBaseBodyStock(part: Readonly<Part>, output: RecognitionOutput): RecognitionOutput {
  if (part.faces.length === 0 || output.faces.length === 0) return output;
  const graph = buildFeatureGraphFromPart(part, canonicalFitter);
  const base = baseBodyStockFaces(part, graph);
  const classOf = new Map(output.faces.map((f) => [f.faceIndex, f.className]));
  const calledAt = (i: number) => classOf.get(i) ?? null;
  const { stock: outline, notches } = outlineWallsAndNotches(part, calledAt, graph);
  const convex = convexFaceStockFaces(part, calledAt, graph);
  const thin = thinWallStockFaces(part, calledAt, graph);
  const skin = convexSkinStockFaces(part, calledAt, graph);
  const freeForm = freeFormSkinStockFaces(part, calledAt, graph);
  // a pocket with drafted walls is a cast or moulded cavity: its walls and floor are the body's skin (cast-cavity.ts)
  const protrusions = findProtrusions(part, graph);
  const cavity = castCavityFaces(graph, output.features, (i) => classOf.get(i) === 'stock');
  // a body with drafted outer walls is cast: its drafted faces, floors and ceilings are its skin (cast-skin.ts)
  const castSkin = castSkinFaces(graph, (i) => protrusions.faces[i] === 1);
  for (const i of castSkin.round) cavity.round.add(i);
  const castStock = new Uint8Array(part.faces.length);
  for (const i of [...cavity.stock, ...castSkin.stock]) castStock[i] = 1;
  const sections = turnedSectionFaces(part, graph);
  // feet, ribs, gussets and posts that stand on the body without an island round them (convex-components.ts)
  const standing = standingProtrusionFaces(part, graph);
  // a bent sheet's bends are other_feature (docs/labelling.md): no skin or fillet pass takes them (sheet-bends.ts)
  const bends = findSheetMetal(graph).bendFaces;
  const toOther = new Set(
    output.faces
      .filter(
        (f) =>
          ((protrusions.faces[f.faceIndex] === 1 || standing[f.faceIndex] !== 0 || sections[f.faceIndex] === 1) && !castSkin.stock.has(f.faceIndex) && (protrusionOverturns(f.className) || taperCalledChamfer(graph, f.faceIndex, f.className))) ||
          // a chamfer meets its neighbours convexly: a protrusion's face on its foot (a gusset's sloping top) is none
          (standing[f.faceIndex] === ON_ITS_FOOT && f.className === 'chamfer' && !castSkin.stock.has(f.faceIndex)) ||
          (bends.has(f.faceIndex) && f.className !== FALLBACK_FACE_CLASS.className),
      )
      .map((f) => f.faceIndex),
  );
  // the face a protrusion stands on, with a convex outline, is the plate's or block's skin whatever the tier could not explain
  const standsOn = new Uint8Array(part.faces.length);
  for (const f of output.faces) if (protrusions.bases[f.faceIndex] === 1 && (f.className === 'other_feature' || CAVITY_CLASSES.has(f.className))) standsOn[f.faceIndex] = 1;
  const turned = new Set(
    output.faces
      .filter((f) => toOther.has(f.faceIndex) || (!bends.has(f.faceIndex) && [base, outline, convex, thin, skin, freeForm, standsOn, castStock].some((rule) => rule[f.faceIndex] === 1) && f.classId !== AAGNET_STOCK_CLASS_ID))
      .map((f) => f.faceIndex),
  );
  // a passage the tier found that opens through an outline wall is a notch cut in from there (openedPassageWalls)
  const notchBottoms = new Map<RecognizedFeature, number[]>();
  for (const f of output.features) {
    if (f.classId !== PASSAGE_CLASS_ID || f.faces.length === 0 || !f.faces.every((x) => notches.has(x) && !turned.has(x))) continue;
    const opening = graph.faces[notches.get(f.faces[0])!].normal;
    // its floor: the wall facing out through the opening
    notchBottoms.set(f, f.faces.filter((x) => { const n = graph.faces[x].normal; return !!n && !!opening && dot3(n, opening) > NOTCH_FLOOR_COS; }));
  }
  // a cavity feature that is nothing but fillets between the body's faces: a tier's step or slot whose walls another
  // tier or rule already called stock, leaving the outline's concave corner radius on its own (isStockFillet)
  const stockBefore = new Set(output.faces.filter((f) => f.classId === AAGNET_STOCK_CLASS_ID).map((f) => f.faceIndex));
  const onlyFillets = (f: RecognizedFeature, stock: ReadonlySet<number>) =>
    !f.composite && CAVITY_CLASSES.has(AAGNET_CLASS_NAMES[f.classId]) && f.faces.every((x) => isStockFillet(graph, x, stock));
  if (turned.size === 0 && notchBottoms.size === 0 && !output.features.some((f) => f.faces.length > 0 && onlyFillets(f, stockBefore))) return output;
  const notchFaces = new Map<number, boolean>();
  for (const [f, bottoms] of notchBottoms) for (const x of f.faces) notchFaces.set(x, bottoms.includes(x));
  const faces = output.faces.map((f) => {
    if (notchFaces.has(f.faceIndex)) return { ...f, classId: THROUGH_SLOT_CLASS_ID, className: AAGNET_CLASS_NAMES[THROUGH_SLOT_CLASS_ID], bottom: notchFaces.get(f.faceIndex)! };
    if (!turned.has(f.faceIndex)) return f;
    const { bottom: _bottom, ...rest } = f;
    const i = f.faceIndex;
    if (toOther.has(i))
      return {
        ...rest,
        classId: FALLBACK_FACE_CLASS.classId,
        className: FALLBACK_FACE_CLASS.className,
        probability: bends.has(i) ? SHEET_BEND_OTHER_PROBABILITY : protrusions.faces[i] === 1 ? PROTRUSION_OTHER_PROBABILITY : TURNED_SECTION_OTHER_PROBABILITY,
      };
    const probability =
      base[i] === 1 ? BASE_BODY_STOCK_PROBABILITY : outline[i] === 1 ? OUTLINE_WALL_STOCK_PROBABILITY : convex[i] === 1 ? CONVEX_FACE_STOCK_PROBABILITY
      : thin[i] === 1 ? THIN_WALL_STOCK_PROBABILITY : skin[i] === 1 ? CONVEX_SKIN_STOCK_PROBABILITY : freeForm[i] === 1 ? FREE_FORM_SKIN_STOCK_PROBABILITY
      : castStock[i] === 1 ? CAST_CAVITY_STOCK_PROBABILITY : PROTRUSION_BASE_STOCK_PROBABILITY;
    return { ...rest, classId: AAGNET_STOCK_CLASS_ID, className: AAGNET_CLASS_NAMES[AAGNET_STOCK_CLASS_ID], probability };
  });
  // The part confidence is the mean face probability (combine-tiers, face-context-confidence): it moves with the turned faces.
  let shift = 0;
  output.faces.forEach((f, k) => (shift += faces[k].probability - f.probability));
  const confidence = output.confidence + shift / output.faces.length;
  let geometry: FeatureGeometry | null = null;
  const stockNow = new Set(faces.filter((f) => f.classId === AAGNET_STOCK_CLASS_ID).map((f) => f.faceIndex));
  const filleted = new Set<number>();
  const features = output.features.flatMap((f) => {
    const notchFloor = notchBottoms.get(f);
    if (notchFloor) {
      geometry ??= canonicalFeatureGeometry(part);
      return [{ ...f, type: AAGNET_CLASS_NAMES[THROUGH_SLOT_CLASS_ID], classId: THROUGH_SLOT_CLASS_ID, bottomFaces: notchFloor, parameters: measureFeatureParameters(geometry, THROUGH_SLOT_CLASS_ID, f.faces, notchFloor) }];
    }
    const rest = f.faces.filter((x) => !turned.has(x));
    // a cast cavity's fillets leave their pocket as one round feature (cast-cavity.ts); the rest keeps the tier's class
    const castRound = f.composite ? [] : rest.filter((x) => cavity.round.has(x));
    if (castRound.length > 0 && castRound.length < rest.length) {
      for (const x of castRound) filleted.add(x);
      geometry ??= canonicalFeatureGeometry(part);
      const left = rest.filter((x) => !cavity.round.has(x));
      const bottoms = f.bottomFaces.filter((x) => left.includes(x));
      return [
        { ...f, faces: left, bottomFaces: bottoms, parameters: measureFeatureParameters(geometry, f.classId, left, bottoms) },
        { ...f, type: AAGNET_CLASS_NAMES[ROUND_CLASS_ID], classId: ROUND_CLASS_ID, faces: castRound, bottomFaces: [], parameters: measureFeatureParameters(geometry, ROUND_CLASS_ID, castRound, []) },
      ];
    }
    if (rest.length === f.faces.length && !onlyFillets(f, stockNow)) return [f];
    if (rest.length === 0) return [];
    geometry ??= canonicalFeatureGeometry(part);
    // what is left is the fillet between two of the body's faces: a bracket's inside bend, not a cut's corner radius
    if (!f.composite && rest.every((x) => cavity.round.has(x) || isStockFillet(graph, x, stockNow))) {
      for (const x of rest) filleted.add(x);
      return [{ ...f, type: AAGNET_CLASS_NAMES[ROUND_CLASS_ID], classId: ROUND_CLASS_ID, faces: rest, bottomFaces: [], parameters: measureFeatureParameters(geometry, ROUND_CLASS_ID, rest, []) }];
    }
    const bottoms = f.bottomFaces.filter((x) => !turned.has(x));
    return [{ ...f, faces: rest, bottomFaces: bottoms, parameters: measureFeatureParameters(geometry, f.classId, rest, bottoms) }];
  });
  if (filleted.size > 0) {
    for (const [k, f] of faces.entries()) {
      if (!filleted.has(f.faceIndex)) continue;
      const { bottom: _bottom, ...rest } = f;
      faces[k] = { ...rest, classId: ROUND_CLASS_ID, className: AAGNET_CLASS_NAMES[ROUND_CLASS_ID], probability: STOCK_FILLET_ROUND_PROBABILITY };
      shift += STOCK_FILLET_ROUND_PROBABILITY - output.faces[k].probability;
    }
    return { ...output, faces, features, confidence: output.confidence + shift / output.faces.length };
  }
  return { ...output, faces, features, confidence };
}

/**
 * An inward cylinder tangent (smooth edges) to two planes at an angle that are now stock: the fillet between two of the
 * body's faces (the inside of an L bracket's bend, of an L profile). A tier reads the L as a block with a step cut out
 * and the fillet as that step's corner radius; once the step's walls are the body's, the fillet is a fillet
 * (docs/labelling.md, "Fillets and chamfers": a fillet between the body's walls is a `round`).
 */
function isStockFillet(graph: FeatureGraph, face: number, stock: ReadonlySet<number>): boolean {
  const f = graph.faces[face];
  if (f.kind !== 'cylinder' || !f.inward || !f.axis) return false;
  // a sheet's bend has its outer radius on the same axis: docs/labelling.md labels sheet-metal bends `other_feature`
  const tol = 1e-3 * Math.max(1, f.radius ?? 1);
  if (graph.faces.some((o) => o.kind === 'cylinder' && o.inward === false && onAxis(o, f, tol))) return false;
  const walls: Vec3[] = [];
  for (const ai of graph.neighbours[face]) {
    const arc = graph.arcs[ai];
    if (arc.convexity !== 'smooth') continue;
    const o = graph.faces[otherFace(arc, face)];
    if (o.kind === 'plane' && o.normal && stock.has(o.index)) walls.push(o.normal);
  }
  return walls.some((a, i) => walls.slice(i + 1).some((b) => Math.abs(dot3(a, b)) < 0.9995));
}
