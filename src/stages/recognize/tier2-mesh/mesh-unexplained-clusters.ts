/**
 * Faces no rule explained on a segmented mesh (`other_feature`), joined to the feature they border most. On a mesh
 * the segmentation can cut one true face into many scraps — a dense B-spline corner patch of a blend becomes dozens of
 * sub-millimetre planes, cylinders and cones meeting at creases — and no rule explains the scraps. A connected group
 * of such faces (connected through any arc) takes the class and instance of the feature whose faces it touches along
 * the most arcs (stock does not count; a group that touches only stock or nothing stays `other_feature`).
 * Mesh input only: on a B-Rep a face no rule explained is a real face, and `other_feature` is its honest answer.
 * @internal
 */
import { otherFace, type FeatureGraph } from '../tier2-heuristics/feature-graph.js';
import type { RuleMatch } from '../tier2-heuristics/rule-match.js';
import { FALLBACK_FACE_CLASS } from '../tier2-heuristics/fallback-face-class.js';
import { matchOfFaces } from './mesh-face-probability.js';

/** Join groups of unexplained faces to their most-touched feature. Returns the faces joined. */
export function joinUnexplainedClusters(graph: FeatureGraph, features: readonly RuleMatch[], faceClass: number[]): number[] {
  const unexplained = (f: number) => faceClass[f] === FALLBACK_FACE_CLASS.classId;
  const byFace = matchOfFaces(features);
  const seen = new Uint8Array(graph.faces.length);
  const joined: number[] = [];
  for (let s = 0; s < graph.faces.length; s++) {
    if (seen[s] || !unexplained(s)) continue;
    const group: number[] = [s];
    seen[s] = 1;
    const contact = new Map<RuleMatch, number>();
    for (let k = 0; k < group.length; k++) {
      const x = group[k];
      for (const ai of graph.neighbours[x]) {
        const o = otherFace(graph.arcs[ai], x);
        if (unexplained(o)) {
          if (!seen[o]) {
            seen[o] = 1;
            group.push(o);
          }
          continue;
        }
        const m = byFace.get(o);
        if (m && faceClass[o] !== 24) contact.set(m, (contact.get(m) ?? 0) + 1);
      }
    }
    let best: RuleMatch | null = null;
    let bestN = 0;
    for (const [m, n] of contact) if (n > bestN || (n === bestN && best && m.faces.length > best.faces.length)) [best, bestN] = [m, n];
    if (!best) continue;
    for (const f of group) faceClass[f] = best.classId;
    best.faces.push(...group);
    best.faces.sort((a, b) => a - b);
    joined.push(...group);
  }
  return joined.sort((a, b) => a - b);
}
