/**
 * The margins of the thin-walled body test (docs/recognition.md, "Stock: sheet metal and bent brackets", session 7):
 * per dev body, {@link thinWalls} with the thresholds relaxed (thickness ≤ 1 × the smallest extent, any area share,
 * any bend share), one line per body: part, body, thickness share, area share, bend share, and whether the shipped
 * thresholds accept it. Real parts and MFCAD: the `tune` split only.
 *
 * ```sh
 * npx tsx tools/stock/thin-wall-margins.ts --set realworld --out /tmp/stk7/rw-walls.jsonl
 * npx tsx tools/stock/thin-wall-margins.ts --set synthetic --dir /work/gen/dev --limit 200 --out /tmp/stk7/gen-walls.jsonl
 * ```
 * @internal
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { thinWalls } from '../../src/stages/recognize/stock-skin.js';
import { devBodies } from './dev-bodies.js';

async function main(): Promise<void> {
  const { out, bodies, close } = devBodies();
  writeFileSync(out, '');
  let n = 0;
  for await (const { item, b, body } of bodies()) {
    const loose = thinWalls(body, undefined, { thicknessShare: 1, areaShare: 0, bentShare: 0 });
    const shipped = thinWalls(body) !== null;
    const line = loose ? { part: item.name, body: b, thicknessShare: loose.thicknessShare, areaShare: loose.areaShare, bentShare: loose.bentShare, shipped } : { part: item.name, body: b, thicknessShare: null, shipped };
    appendFileSync(out, JSON.stringify(line) + '\n');
    n++;
  }
  await close();
  process.stdout.write(`${n} bodies → ${out}\n`);
  process.exit(0);
}

await main();
