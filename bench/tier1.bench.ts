/**
 * Tier 1 cost next to the import it rides on, measured in the same run on the same files.
 *
 * Per STEP file (AAGNet's partA/B/C, a few real-world parts Tier 1 accepts, an MFCAD part):
 * - baseline "occt": bare occt-import-js `ReadStepFile(bytes, null)` in this thread (its STEP import
 *   + tessellation: what any JS CAD viewer pays to open the file);
 * - "build": cadlens' STEP reader + B-Rep Part builder (`readStep` + `buildPartFromStep`), for context;
 * - candidate "extract": `extractGaag(part)` (gAAG into typed arrays);
 * - candidate "infer": `engine.run(inputs)` (onnxruntime-node, CPU, 1 thread; includes the NaN/size
 *   validation);
 * - candidate "tier1": `canRecognize` + `recognize` of the default Tier 1 recognizer (extraction,
 *   validation, inference, post-processing, parameter measurement);
 * - "analyze": a whole `analyze()` of the bytes by a Node analyzer with the default recognizers
 *   (worker-thread occt, validation, recognition), and Tier 1's share of it.
 * Ratios: (extract + infer) / occt (target ≤ 0.20), tier1 / occt, tier1 / analyze.
 * Plus the inference target on a 100-face random graph (E = 600; target ≤ 10 ms).
 * Each: warm-up, then median and minimum; heap growth over one Tier 1 call and RSS.
 *
 * Usage: npx tsx bench/tier1.bench.ts [--json] [--runs N] [--quick]
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readStep } from '../src/formats/step/index.js';
import { buildPartFromStep } from '../src/brep/index.js';
import type { Part } from '../src/model/index.js';
import { extractGaag } from '../src/features/gaag/index.js';
import { createOnnxNodeEngine } from '../src/runtime/node/onnx-engine.js';
import { createDefaultRecognizers } from '../src/runtime/node/default-recognizers.js';
import { createNodeAnalyzer } from '../src/runtime/node/analyze-file.js';
import type { RecognizeContext } from '../src/stages/recognize/index.js';
import { randomAagnetGraph } from '../test/inference/random-graph.js';
import { SHARED_DIR } from '../test/support/shared-data.js';

const args = process.argv.slice(2);
const json = args.includes('--json');
const quick = args.includes('--quick');
const runsArg = args.indexOf('--runs');
const runs = runsArg >= 0 ? Number(args[runsArg + 1]) : quick ? 3 : 7;

const SHARED = SHARED_DIR; // CADLENS_SHARED_DIR, else ../shared
const FILES: [string, string][] = [
  ['partA', 'models/aagnet/partA.step'],
  ['partB', 'models/aagnet/partB.step'],
  ['partC', 'models/aagnet/partC.step'],
  ['D08 mounting plate', 'datasets/realworld/parts/D08__Seeedstudio_Mounting_Plate_SO101.step'],
  ['D09 base', 'datasets/realworld/parts/D09__base.step'],
  ['D13 NIST CTC 01', 'datasets/realworld/parts/D13__nist_ctc_01_asme1_rd.stp'],
  ['D14 NIST CTC 03', 'datasets/realworld/parts/D14__nist_ctc_03_asme1_rc.stp'],
];
const MFCAD_PART = join(fileURLToPath(new URL('..', import.meta.url)), '.cache', 'mfcad', '1-1-1-1-1-23.step');

interface Stats {
  medianMs: number;
  minMs: number;
  runs: number;
}

async function measure(fn: () => unknown, warmup: number, n: number): Promise<Stats> {
  for (let i = 0; i < warmup; i++) await fn();
  const t: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    t.push(performance.now() - t0);
  }
  t.sort((a, b) => a - b);
  return { medianMs: t[Math.floor(t.length / 2)], minMs: t[0], runs: n };
}

type Occt = { ReadStepFile(bytes: Uint8Array, params: null): { success: boolean } };
async function loadOcct(): Promise<Occt> {
  const require = createRequire(import.meta.url);
  const factory = require('occt-import-js') as (opts: object) => Promise<Occt>;
  return factory({ print() {}, printErr() {} });
}

const noop = () => undefined;
const ctx = (): RecognizeContext => ({ signal: new AbortController().signal, now: () => Date.now(), log: { debug: noop, info: noop, warn: noop } });

async function main(): Promise<void> {
  if (!existsSync(SHARED)) {
    process.stdout.write(`skipped: ../shared not found at ${SHARED}\n`);
    return;
  }
  const occt = await loadOcct();
  const engine = await createOnnxNodeEngine();
  const [tier1] = createDefaultRecognizers();
  const analyzer = createNodeAnalyzer();
  const files = FILES.map(([label, rel]) => [label, join(SHARED, rel)] as [string, string]);
  if (existsSync(MFCAD_PART)) files.push(['MFCAD 1-1-1-1-1-23', MFCAD_PART]);

  const rows: Record<string, unknown>[] = [];
  for (const [label, path] of files) {
    const bytes = new Uint8Array(readFileSync(path));
    const occtStats = await measure(() => occt.ReadStepFile(bytes, null), 1, runs);
    let part: Part = buildPartFromStep(readStep(bytes));
    const build = await measure(() => {
      part = buildPartFromStep(readStep(bytes));
    }, 1, runs);
    const can = await tier1.canRecognize(part, ctx());
    if (!can.ok) {
      rows.push({ file: label, faces: part.faces.length, declined: `${can.reason}: ${can.detail ?? ''}`, occt: occtStats, build });
      continue;
    }
    const extraction = extractGaag(part);
    const extract = await measure(() => extractGaag(part), 3, Math.max(runs, 10));
    const infer = await measure(() => engine.run(extraction.inputs), 3, Math.max(runs, 10));
    const heapBefore = process.memoryUsage().heapUsed;
    await tier1.recognize(part, ctx());
    const heapDeltaMiB = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
    // a fresh Part each time: the recognizer caches a part's extraction between canRecognize and recognize
    const parts = Array.from({ length: Math.max(runs, 10) + 3 }, () => buildPartFromStep(readStep(bytes)));
    let k = 0;
    const t1 = await measure(async () => {
      const p = parts[k++];
      await tier1.canRecognize(p, ctx());
      await tier1.recognize(p, ctx());
    }, 3, Math.max(runs, 10));
    let recognizeShare = 0;
    let recognizeMs = 0;
    let features = 0;
    const whole = await measure(async () => {
      const r = await analyzer.analyze(bytes, { name: label });
      recognizeMs = r.timings?.recognize ?? 0;
      recognizeShare = recognizeMs / (r.timings?.total ?? NaN);
      features = r.recognition?.features.length ?? -1;
    }, 1, runs);
    rows.push({
      file: label,
      faces: part.faces.length,
      edges: extraction.inputs.edgeCount,
      features,
      occt: occtStats,
      build,
      extract,
      infer,
      tier1: t1,
      analyze: whole,
      analyzeRecognizeMs: recognizeMs,
      ratios: {
        extractPlusInferOverOcct: (extract.medianMs + infer.medianMs) / occtStats.medianMs,
        tier1OverOcct: t1.medianMs / occtStats.medianMs,
        tier1OverAnalyze: t1.medianMs / whole.medianMs,
        recognizeShareInAnalyze: recognizeShare,
      },
      heapDeltaMiB,
    });
  }

  const g100 = randomAagnetGraph(100, 6, 1100);
  const infer100 = await measure(() => engine.run(g100), 10, Math.max(15, runs));
  const rssMiB = process.memoryUsage().rss / 2 ** 20;
  await analyzer.dispose();
  await tier1.dispose?.();
  await engine.dispose();

  const meta = { node: process.version, cpus: cpus().length, loadavg: loadavg().map((v) => Math.round(v * 100) / 100), runs, provider: engine.provider };
  if (json) {
    process.stdout.write(`${JSON.stringify({ meta, rows, random100: { faces: 100, edges: g100.edgeCount, infer: infer100 }, rssMiB }, null, 1)}\n`);
    return;
  }
  const f = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
  const out: string[] = [];
  out.push(`node ${meta.node}, ${meta.cpus} CPUs, load ${meta.loadavg.join('/')}, ${runs} runs, provider ${meta.provider}`);
  out.push('');
  out.push('| file | faces | occt ms | build ms | extract ms | infer ms | tier1 ms | analyze ms | (extract+infer)/occt | tier1/occt | tier1/analyze |');
  out.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows as Array<Record<string, any>>) {
    if (r.declined) {
      out.push(`| ${r.file} | ${r.faces} | ${f(r.occt.medianMs)} | ${f(r.build.medianMs)} | declined: ${r.declined} | | | | | | |`);
      continue;
    }
    out.push(
      `| ${r.file} | ${r.faces} | ${f(r.occt.medianMs)} (${f(r.occt.minMs)}) | ${f(r.build.medianMs)} | ${f(r.extract.medianMs)} (${f(r.extract.minMs)}) | ${f(r.infer.medianMs)} (${f(r.infer.minMs)}) | ${f(r.tier1.medianMs)} | ${f(r.analyze.medianMs)} | ${r.ratios.extractPlusInferOverOcct.toFixed(3)} | ${r.ratios.tier1OverOcct.toFixed(3)} | ${r.ratios.tier1OverAnalyze.toFixed(3)} |`,
    );
  }
  out.push('');
  out.push(`random graph N=100, E=${g100.edgeCount}: inference median ${f(infer100.medianMs)} ms, min ${f(infer100.minMs)} ms (target ≤ 10 ms); RSS ${rssMiB.toFixed(0)} MiB`);
  out.push('cells: median (min)');
  process.stdout.write(`${out.join('\n')}\n`);
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exitCode = 1;
});
