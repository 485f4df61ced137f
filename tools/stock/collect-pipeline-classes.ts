/**
 * One JSON line per labelled face with the default pipeline's answer, body by body as the pipeline
 * recognizes them (the built-in recognizers through `runRecognizers`: Tier 2 and Tier 1 combined per face,
 * base-body pass, composite holes): part, body, STEP id, truth, class, probability, tier. The expensive half
 * of the stock-skin analysis (docs/recognition.md, "Stock: the part's outer skin", session 6); the cheap
 * half, the faces' geometry, is `collect-skin-records.ts`, joined on (part, body, stepId).
 *
 * ```sh
 * npx tsx tools/stock/collect-pipeline-classes.ts --set realworld --out /tmp/stk/rw-classes.jsonl
 * npx tsx tools/stock/collect-pipeline-classes.ts --set synthetic --dir /work/gen/dev --limit 100 --out /tmp/stk/gen-classes.jsonl
 * npx tsx tools/stock/collect-pipeline-classes.ts --set mfcad --limit 100 --out /tmp/stk/mf-classes.jsonl
 * ```
 * Real parts and MFCAD: the `tune` split only. `--skin off` runs the pipeline without the skin rule
 * (the answer the rule is measured against).
 * @internal
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { runRecognizers, type RecognizeContext } from '../../src/stages/recognize/index.js';
import { createDefaultRecognizerSet } from '../../src/runtime/node/default-recognizers.js';
import { NOT_COUNTED, TRUTH_CLASS_NAMES } from '../eval/part-truth.js';
import { devBodies } from './dev-bodies.js';

const noop = () => undefined;
const CTX: RecognizeContext = { signal: new AbortController().signal, now: () => Date.now(), log: { debug: noop, info: noop, warn: noop } };

async function main(): Promise<void> {
  const { out, bodies, close } = devBodies();
  const set1 = createDefaultRecognizerSet();
  writeFileSync(out, '');
  let n = 0;
  let lastPart = '';
  for await (const { item, b, body, faceMap, truth } of bodies()) {
    if (item.name !== lastPart) process.stdout.write(`${(lastPart = item.name)} `);
    const { result } = await runRecognizers(body, set1.recognizers, CTX);
    const byFace = new Map(result.faces.map((f) => [f.faceIndex, f]));
    const lines: string[] = [];
    body.faces.forEach((f, i) => {
      const t = truth.faceClass[faceMap[i]];
      if (t === NOT_COUNTED) return;
      const p = byFace.get(i);
      lines.push(JSON.stringify({ part: item.name, body: b, stepId: f.stepId, face: i, truth: TRUTH_CLASS_NAMES[t], cls: p?.className ?? 'none', probability: p?.probability ?? 0, tier: (p as { tier?: number } | undefined)?.tier ?? result.tier }));
    });
    appendFileSync(out, lines.length ? lines.join('\n') + '\n' : '');
    n += lines.length;
  }
  await close();
  await set1.dispose();
  process.stdout.write(`\n${n} face records → ${out}\n`);
  process.exit(0);
}

await main();
