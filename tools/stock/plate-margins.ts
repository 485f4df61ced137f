/**
 * The margins of the base-body plate rule's protrusion share (docs/recognition.md, "Base body" and session 7): per dev
 * body whose base plate is thin, per plate level (top, bottom) with something standing beyond it and reaching the
 * rim, the largest level beyond ÷ the plate level's area, and the truth of the plate level's labelled faces (stock
 * or a feature class). One JSON line per level. Real parts and MFCAD: the `tune` split only.
 *
 * ```sh
 * npx tsx tools/stock/plate-margins.ts --set realworld --out /tmp/stk7/rw-plates.jsonl
 * ```
 * @internal
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { findBasePlate, MAX_PLATE_THICKNESS_SHARE, inPlaneWidth } from '../../src/stages/recognize/base-body-stock.js';
import { buildFeatureGraphFromPart } from '../../src/stages/recognize/tier2-heuristics/feature-graph.js';
import { NOT_COUNTED, TRUTH_CLASS_NAMES } from '../eval/part-truth.js';
import { devBodies } from './dev-bodies.js';

async function main(): Promise<void> {
  const { out, bodies, close } = devBodies();
  writeFileSync(out, '');
  for await (const { item, b, body, faceMap, truth } of bodies()) {
    const g = buildFeatureGraphFromPart(body);
    const plate = findBasePlate(g);
    if (!plate) continue;
    const thickness = (plate.top.height - plate.bottom.height) / inPlaneWidth(g, plate);
    for (const [side, level, beyond] of [['top', plate.top, plate.beyondLevels.top], ['bottom', plate.bottom, plate.beyondLevels.bottom]] as const) {
      if (beyond.length === 0) continue;
      const rim = level.faces.some((i) => g.neighbours[i].some((k) => g.arcs[k].convexity === 'convex'));
      const share = Math.max(...beyond.map((l) => l.area)) / level.area;
      const classes: Record<string, number> = {};
      for (const i of level.faces) {
        const t = truth.faceClass[faceMap[i]];
        if (t === NOT_COUNTED) continue;
        classes[TRUTH_CLASS_NAMES[t]] = (classes[TRUTH_CLASS_NAMES[t]] ?? 0) + 1;
      }
      appendFileSync(out, JSON.stringify({ part: item.name, body: b, side, thickness, thin: thickness <= MAX_PLATE_THICKNESS_SHARE, rim, share, classes }) + '\n');
    }
  }
  await close();
  process.exit(0);
}

await main();
