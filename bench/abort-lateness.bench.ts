/**
 * How late a timer-driven abort is seen (session 12): one warm analyzer (`createDefaultRecognizers()`) analyses one
 * real part 30 times, each with `AbortSignal.timeout(k × step)` for k = 1…30, and reports, over the runs whose
 * deadline passed before they ended, how long after the deadline they ended (rejected with `ABORTED`, or resolved
 * because the abort was never seen: "finished anyway"). No baseline in the same run: compare a branch with main by
 * running this file in both checkouts (bench/README.md, "Session 12").
 *
 *   npx tsx bench/abort-lateness.bench.ts [--mesh never|always] [--step ms] [file]
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { createAnalyzer, createDefaultRecognizers, createOcctWorkerTessellator } from '../src/node.js';
import { REALWORLD_DIR } from '../test/support/shared-data.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args.splice(i, 2)[1]! : fallback;
};
const mesh = option('--mesh', 'never') as 'never' | 'always';
const stepMs = Number(option('--step', mesh === 'never' ? '5' : '20'));
const file = args[0] ?? join(REALWORLD_DIR, 'parts', 'D01__featuretype.STEP');

const bytes = new Uint8Array(readFileSync(file));
const analyzer = createAnalyzer({ tessellator: createOcctWorkerTessellator(), recognizers: createDefaultRecognizers(), mesh });
await analyzer.analyze(bytes); // warm-up: wasm, model, JIT
const afterDeadlineMs: number[] = [];
let finishedAnyway = 0;
for (let k = 1; k <= 30; k++) {
  const deadlineMs = k * stepMs;
  const t0 = performance.now();
  try {
    await analyzer.analyze(bytes, { signal: AbortSignal.timeout(deadlineMs) });
    const ms = performance.now() - t0;
    if (ms > deadlineMs) {
      finishedAnyway++;
      afterDeadlineMs.push(ms - deadlineMs);
    }
  } catch {
    afterDeadlineMs.push(performance.now() - t0 - deadlineMs);
  }
}
await analyzer.dispose();
afterDeadlineMs.sort((a, b) => a - b);
const at = (q: number) => Math.round(afterDeadlineMs[Math.floor(q * (afterDeadlineMs.length - 1))] ?? NaN);
console.log(
  `${file.split('/').pop()} mesh: '${mesh}', deadlines ${stepMs}…${30 * stepMs} ms, load ${loadavg()[0]!.toFixed(1)}: ` +
    `deadline passed in ${afterDeadlineMs.length}/30 runs, finished anyway ${finishedAnyway}; ` +
    `end after the deadline ms: median ${at(0.5)}, p90 ${at(0.9)}, max ${at(1)}`,
);
