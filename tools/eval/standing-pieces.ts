/**
 * How the convex-piece protrusion finder (src/stages/recognize/convex-components.ts) reads a labelled set: the true
 * classes of the faces it calls a standing protrusion, and how many of the set's `other_feature` faces it finds — a
 * dev tool to measure the rule before a tier's answer is touched.
 *
 *   npx tsx tools/eval/standing-pieces.ts --set realworld --split tune [--list]
 *   npx tsx tools/eval/standing-pieces.ts --set synthetic --dir /work/gen/h601 --limit 40
 *
 * Dev data only: never `--split validation`, never the generated seed-1 set.
 * @internal
 */
import { join } from 'node:path';
import { listSet, type SetName } from './eval-sets.js';
import { loadLabelledPart } from './labelled-part.js';
import { createEvalTessellator } from './tier2-data.js';
import { NOT_COUNTED, TRUTH_CLASS_NAMES } from './part-truth.js';
import { buildFeatureGraphFromPart } from '../../src/stages/recognize/tier2-heuristics/feature-graph.js';
import { canonicalFitter } from '../../src/stages/recognize/canonical-kinds.js';
import { standingProtrusionFaces } from '../../src/stages/recognize/convex-components.js';
import { findProtrusions } from '../../src/stages/recognize/protrusion-faces.js';

const args = process.argv.slice(2);
const valueOf = (flag: string): string | undefined => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);
const set = (valueOf('--set') ?? 'realworld') as SetName;
const split = (valueOf('--split') ?? (set === 'realworld' ? 'tune' : undefined)) as 'tune' | 'all' | undefined;
if ((split as string) === 'validation') throw new Error('a dev tool: the validation portion is for the final measurement only');
const limit = Number(valueOf('--limit') ?? Infinity);
const list = args.includes('--list');
const { items } = listSet({ set, dir: valueOf('--dir'), labelsDir: valueOf('--labels'), split }, join(import.meta.dirname, '../..'));
const tess = createEvalTessellator();
const found = new Map<string, number>(), foundOld = new Map<string, number>();
let others = 0, othersFound = 0, othersFoundOld = 0;
const add = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
try {
  for (const item of items.slice(0, limit)) {
    const labelled = await loadLabelledPart(item, tess);
    if (!labelled) continue;
    const partFound = new Map<string, number>();
    const missed: number[] = [];
    for (const body of labelled.bodies) {
      const g = buildFeatureGraphFromPart(body.part, canonicalFitter);
      const standing = standingProtrusionFaces(body.part, g);
      const old = findProtrusions(body.part, g).faces;
      body.faceMap.forEach((pi, k) => {
        const t = labelled.truth.faceClass[pi];
        if (t === NOT_COUNTED) return;
        const name = TRUTH_CLASS_NAMES[t];
        if (name === 'other_feature') {
          others++;
          if (standing[k] || old[k]) othersFound++;
          else missed.push(body.part.faces[k].stepId ?? -1);
          if (old[k]) othersFoundOld++;
        }
        if (standing[k] && !old[k]) add(found, name), add(partFound, name);
        if (old[k]) add(foundOld, name);
      });
    }
    if (list && missed.length > 0) console.log(`${item.name}: other_feature faces not found: #${missed.join(' #')}`);
    if (list && partFound.size > 0) console.log(`${item.name}: ${[...partFound].map(([k, v]) => `${k} ${v}`).join(', ')}`);
  }
} finally {
  await tess.close();
}
const show = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ');
console.log(`other_feature faces: ${others}; found by the old rule ${othersFoundOld}, by either ${othersFound}`);
console.log(`old rule's faces by truth: ${show(foundOld)}`);
console.log(`new pieces' faces (not the old rule's) by truth: ${show(found)}`);
