/**
 * One JSON line per labelled face with the facts the stock-skin analysis looks at (docs/recognition.md,
 * "Stock: the part's outer skin", session 6): the face's {@link skinFacts} (on a supporting plane, edge
 * convexity shares, the nearest opposed planar face in front of it and behind it) and the truth. Joined with
 * `collect-pipeline-classes.ts` on (part, body, stepId) by `lofo-skin.py`.
 *
 * ```sh
 * npx tsx tools/stock/collect-skin-records.ts --set realworld --out /tmp/stk/rw-skin.jsonl
 * npx tsx tools/stock/collect-skin-records.ts --set synthetic --dir /work/gen/dev --limit 100 --out /tmp/stk/gen-skin.jsonl
 * ```
 * Real parts and MFCAD: the `tune` split only.
 * @internal
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { bulgeFacts, skinFacts, thinWalls } from '../../src/stages/recognize/stock-skin.js';
import { NOT_COUNTED, TRUTH_CLASS_NAMES } from '../eval/part-truth.js';
import { devBodies } from './dev-bodies.js';

async function main(): Promise<void> {
  const { out, bodies, close } = devBodies();
  writeFileSync(out, '');
  let n = 0;
  for await (const { item, b, body, faceMap, truth } of bodies()) {
    const facts = skinFacts(body);
    const walls = thinWalls(body);
    const bulge = bulgeFacts(body, body.faces.map((_, i) => i));
    const lines: string[] = [];
    body.faces.forEach((f, i) => {
      const t = truth.faceClass[faceMap[i]];
      if (t === NOT_COUNTED) return;
      lines.push(JSON.stringify({ part: item.name, body: b, stepId: f.stepId, face: i, truth: TRUTH_CLASS_NAMES[t], area: f.area, surface: f.surfaceType, reversed: f.reversed, ...facts[i], thinSkin: walls?.skins[i] ?? 0, wallAreaShare: walls?.areaShare ?? null, bulge: bulge.get(i) ?? null }));
    });
    appendFileSync(out, lines.length ? lines.join('\n') + '\n' : '');
    n += lines.length;
  }
  await close();
  process.stdout.write(`${n} face records → ${out}\n`);
  process.exit(0);
}

await main();
