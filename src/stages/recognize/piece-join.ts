/**
 * The scaffolding the pieces passes share (passage-pieces.ts, feature-pieces.ts): which features are candidate pieces,
 * grouping them transitively two of one class at a time while a pass's test says they are one feature, and the joined
 * feature each group becomes. The passes differ only in the test.
 * @internal
 */
import type { Part } from '../../model/index.js';
import { measureFeatureParameters, roundParameter, type FeatureGeometry } from '../../features/parameters/index.js';
import { AAGNET_CLASS_NAMES } from '../../inference/aagnet-classes.js';
import type { RecognitionOutput, RecognizedFeature } from './recognizer.js';
import { canonicalFeatureGeometry } from './canonical-kinds.js';

const STOCK = AAGNET_CLASS_NAMES.indexOf('stock');
const ROUND = AAGNET_CLASS_NAMES.indexOf('round');
const CHAMFER = AAGNET_CLASS_NAMES.indexOf('chamfer');

/** What a pieces pass reads of the answer while it tests two groups of pieces. */
export interface PieceAnswer {
  geometry: FeatureGeometry;
  /** Faces the answer calls stock. */
  stock: ReadonlySet<number>;
  /** Faces the answer calls round or chamfer: a blend along both pieces' rims cut nothing apart. */
  blend: ReadonlySet<number>;
  /** The first feature holding each face. */
  holder: ReadonlyMap<number, number>;
}

/** Whether the faces of two groups of pieces of class `classId` are one feature. */
export type OnePieceTest = (a: readonly number[], b: readonly number[], classId: number, answer: PieceAnswer) => boolean;

/**
 * Joins the features of `output` (face indices of `part`) that are pieces of one feature: among the features `isPiece`
 * takes, two of one class join when `onePiece` says so for their groups so far, transitively. A group of two or more
 * becomes one feature with the first piece's tier and type, every piece's faces (and bottom faces, unless `bottoms` is
 * `'none'`), the mean probability of its faces and parameters measured on them. Returns `output` itself when nothing
 * is joined.
 */
export function joinPieces(
  part: Readonly<Part>,
  output: RecognitionOutput,
  isPiece: (f: RecognizedFeature) => boolean,
  onePiece: OnePieceTest,
  bottoms: 'union' | 'none' = 'union',
): RecognitionOutput {
  if (part.faces.length === 0) return output;
  const pieces = output.features.map((_, k) => k).filter((k) => isPiece(output.features[k]));
  if (pieces.length < 2) return output;
  const holder = new Map<number, number>();
  output.features.forEach((f, k) => {
    for (const x of f.faces) if (!holder.has(x)) holder.set(x, k);
  });
  const answer: PieceAnswer = {
    geometry: canonicalFeatureGeometry(part),
    stock: new Set(output.faces.filter((f) => f.classId === STOCK).map((f) => f.faceIndex)),
    blend: new Set(output.faces.filter((f) => f.classId === ROUND || f.classId === CHAMFER).map((f) => f.faceIndex)),
    holder,
  };
  const parent = new Map(pieces.map((k) => [k, k]));
  const find = (k: number): number => {
    while (parent.get(k) !== k) k = parent.get(k)!;
    return k;
  };
  const members = (root: number) => pieces.filter((k) => find(k) === root);
  for (let x = 0; x < pieces.length; x++)
    for (let y = x + 1; y < pieces.length; y++) {
      const a = pieces[x], b = pieces[y];
      const ra = find(a), rb = find(b);
      const classId = output.features[a].classId;
      if (ra === rb || classId !== output.features[b].classId) continue;
      const fa = members(ra).flatMap((k) => output.features[k].faces), fb = members(rb).flatMap((k) => output.features[k].faces);
      if (onePiece(fa, fb, classId, answer)) parent.set(rb, ra);
    }
  const probability = new Map(output.faces.map((f) => [f.faceIndex, f.probability]));
  let joined = false;
  const emitted = new Set<number>();
  const features = output.features.flatMap((f, k) => {
    if (!parent.has(k)) return [f];
    const root = find(k);
    const group = members(root);
    if (group.length === 1) return [f];
    if (emitted.has(root)) return [];
    emitted.add(root);
    joined = true;
    return [joinedFeature(answer.geometry, group.map((m) => output.features[m]), probability, bottoms)];
  });
  return joined ? { ...output, features } : output;
}

function joinedFeature(geom: FeatureGeometry, group: readonly RecognizedFeature[], probability: ReadonlyMap<number, number>, bottoms: 'union' | 'none'): RecognizedFeature {
  const like = group[0];
  const faces = [...new Set(group.flatMap((f) => f.faces))].sort((x, y) => x - y);
  const bottomFaces = bottoms === 'none' ? [] : [...new Set(group.flatMap((f) => f.bottomFaces))].sort((x, y) => x - y);
  const ps = faces.map((f) => probability.get(f)).filter((p): p is number => p !== undefined);
  const confidence = ps.length > 0 ? roundParameter(ps.reduce((s, p) => s + p, 0) / ps.length) : like.confidence;
  return { ...like, faces, bottomFaces, confidence, parameters: measureFeatureParameters(geom, like.classId, faces, bottomFaces) };
}
