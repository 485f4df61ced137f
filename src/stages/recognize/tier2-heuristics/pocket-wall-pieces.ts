/**
 * Pieces of a pocket's walls that a crossing cut parted from it: a deep hexagonal or triangular pocket crossed near its
 * opening by a hole or passage falls into the pocket proper (floor and lower walls, read as a pocket) and a ring of
 * wall pieces above the cut that no rule explains alone (syn_s122_000010, 000045: 6 + 3 faces `other_feature`, which
 * the default pipeline then took from Tier 1's passage classes). The pieces still lie on the pocket's wall planes (one
 * tool made them; docs/labelling.md, "Where a feature ends": pieces on the same surfaces are one feature).
 * @internal
 */
import { CLASS, type RuleMatch } from './rule-match.js';
import { onSameSurface } from './merge-fragments.js';
import type { Depression, RuleContext } from './rule-context.js';

const POCKETS: ReadonlySet<number> = new Set([CLASS.triangularPocket, CLASS.rectangularPocket, CLASS.sixSidesPocket, CLASS.circularEndPocket]);

/**
 * Joins every depression whose faces are all planes left to the fallback (`fallbackClass`, held by no feature) and each
 * lie on a wall plane of one pocket match — the only pocket whose faces take them all — to that pocket: its faces get
 * the pocket's class and confidence. `features`, `faceClass` and `faceConfidence` are updated in place.
 */
export function joinPocketWallPieces(
  ctx: RuleContext,
  deps: readonly Depression[],
  features: RuleMatch[],
  faceClass: number[],
  faceConfidence: number[],
  fallbackClass: number,
): void {
  const pockets = features.filter((m) => POCKETS.has(m.classId));
  if (pockets.length === 0) return;
  const held = new Set(features.flatMap((m) => m.faces));
  const faces = ctx.graph.faces;
  for (const dep of deps) {
    if (!dep.faces.every((f) => faceClass[f] === fallbackClass && !held.has(f) && faces[f].kind === 'plane')) continue;
    const hosts = pockets.filter((m) => dep.faces.every((f) => m.faces.some((g) => faces[g].kind === 'plane' && onSameSurface(faces[f], faces[g], ctx.tolMm))));
    if (hosts.length !== 1) continue;
    const host = hosts[0];
    host.faces = [...host.faces, ...dep.faces].sort((a, b) => a - b);
    for (const f of dep.faces) {
      faceClass[f] = host.classId;
      faceConfidence[f] = host.confidence;
    }
  }
}
