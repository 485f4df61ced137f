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
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runRecognizers, type RecognizeContext } from '../../src/stages/recognize/index.js';
import { createDefaultRecognizerSet } from '../../src/runtime/node/default-recognizers.js';
import { listSet } from '../eval/eval-sets.js';
import { evenSample } from '../eval/dataset-sampling.js';
import { createEvalTessellator } from '../eval/tier2-data.js';
import { NOT_COUNTED, TRUTH_CLASS_NAMES } from '../eval/part-truth.js';
import { loadLabelledPart } from '../eval/labelled-part.js';

const noop = () => undefined;
const CTX: RecognizeContext = { signal: new AbortController().signal, now: () => Date.now(), log: { debug: noop, info: noop, warn: noop } };

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { set: { type: 'string' }, dir: { type: 'string' }, limit: { type: 'string' }, out: { type: 'string' }, parts: { type: 'string' } },
  });
  const repo = resolve(import.meta.dirname, '..', '..');
  const set = values.set as 'synthetic' | 'realworld' | 'mfcad';
  if (values.dir && /\/gen\/val/.test(values.dir)) throw new Error('the validation set is not for tuning');
  const { items: all } = listSet({ set, split: 'tune', ...(values.dir ? { dir: values.dir } : {}) }, repo);
  const only = values.parts ? new Set(values.parts.split(',')) : null;
  const sampled = values.limit ? evenSample(all, Number(values.limit)) : all;
  const items = only ? sampled.filter((i) => only.has(i.name)) : sampled;
  const tess = createEvalTessellator();
  const set1 = createDefaultRecognizerSet();
  writeFileSync(values.out!, '');
  let n = 0;
  for (const item of items) {
    const loaded = await loadLabelledPart(item, tess);
    if (!loaded) continue;
    const { truth, bodies } = loaded;
    for (const [b, { part: body, faceMap }] of bodies.entries()) {
      if (!faceMap.some((fi) => truth.faceClass[fi] !== NOT_COUNTED)) continue;
      const { result } = await runRecognizers(body, set1.recognizers, CTX);
      const byFace = new Map(result.faces.map((f) => [f.faceIndex, f]));
      const lines: string[] = [];
      body.faces.forEach((f, i) => {
        const t = truth.faceClass[faceMap[i]];
        if (t === NOT_COUNTED) return;
        const p = byFace.get(i);
        lines.push(JSON.stringify({ part: item.name, body: b, stepId: f.stepId, face: i, truth: TRUTH_CLASS_NAMES[t], cls: p?.className ?? 'none', probability: p?.probability ?? 0, tier: (p as { tier?: number } | undefined)?.tier ?? result.tier }));
      });
      appendFileSync(values.out!, lines.length ? lines.join('\n') + '\n' : '');
      n += lines.length;
    }
    process.stdout.write(`${item.name} `);
  }
  await tess.close();
  await set1.dispose();
  process.stdout.write(`\n${n} face records → ${values.out}\n`);
  process.exit(0);
}

await main();
