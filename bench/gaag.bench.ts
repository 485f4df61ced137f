/**
 * gAAG extraction time (and extraction + AAGNet inference) as a ratio to occt-import-js import of the
 * same STEP file, measured in the same run.
 *
 * Candidate: `extractGaag(part)` on an already built Part (STEP parse + Part build are reported
 * separately as `build`), and `extract + engine.run` with the bundled ONNX model on onnxruntime-node
 * (CPU). Baseline: occt-import-js `ReadStepFile(bytes, null)` (default meshing), warm instance.
 * Each: warm-up runs, then median and minimum of `--runs` timed runs. `ratio` = (extract + inference)
 * median / occt median. Files: partA, partC (AAGNet examples) and realworld parts with cylinders,
 * cones, tori, spheres and B-splines (`../shared`); missing files are skipped with a note.
 *
 * Usage: npx tsx bench/gaag.bench.ts [--json] [--runs N]
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { buildPartFromStep } from '../src/brep/index.js';
import { extractGaag } from '../src/features/gaag/index.js';
import { readStep } from '../src/formats/step/step-reader.js';
import { createOnnxNodeEngine } from '../src/runtime/node/onnx-engine.js';

const args = process.argv.slice(2);
const json = args.includes('--json');
const runsArg = args.indexOf('--runs');
const runs = runsArg >= 0 ? Number(args[runsArg + 1]) : 5;
const SHARED = fileURLToPath(new URL('../../shared', import.meta.url));
const FILES = [
  `${SHARED}/models/aagnet/partA.step`,
  `${SHARED}/models/aagnet/partC.step`,
  `${SHARED}/datasets/realworld/parts/D02__motor_antigravity_4004_custom_shaft.STEP`,
  `${SHARED}/datasets/realworld/parts/D03__transmission_pulley_at3_t10_motor.STEP`,
  `${SHARED}/datasets/realworld/parts/D12__inactive-panel-standoff.step`,
  `${SHARED}/datasets/realworld/parts/D15__nist_ftc_06_asme1_rd.stp`,
  `${SHARED}/datasets/realworld/parts/D10__gripper_static_part.step`,
];

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
const require = createRequire(import.meta.url);
const occt = await (require('occt-import-js') as (o: object) => Promise<Occt>)({ print() {}, printErr() {} });
const engine = await createOnnxNodeEngine();

const rows: Record<string, unknown>[] = [];
for (const path of FILES) {
  const file = path.split('/').pop()!;
  if (!existsSync(path)) {
    rows.push({ file, skipped: 'file not found (needs ../shared)' });
    continue;
  }
  const bytes = new Uint8Array(readFileSync(path));
  const occtStats = await measure(() => occt.ReadStepFile(bytes, null), 1, Math.max(3, Math.ceil(runs / 2)));
  const build = await measure(() => buildPartFromStep(readStep(bytes)), 1, runs);
  const part = buildPartFromStep(readStep(bytes));
  const res = extractGaag(part, { maxFaces: 5000 });
  const extract = await measure(() => extractGaag(part, { maxFaces: 5000 }), 2, runs);
  const infer = await measure(() => engine.run(res.inputs), 2, runs);
  const both = extract.medianMs + infer.medianMs;
  rows.push({
    file,
    faces: res.inputs.faceCount,
    edges: res.inputs.edgeCount,
    outOfDomain: res.outOfDomain,
    occt: occtStats,
    build,
    extract,
    inference: infer,
    extractRatio: extract.medianMs / occtStats.medianMs,
    ratio: both / occtStats.medianMs,
  });
}
await engine.dispose();

const meta = { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model, loadavg: loadavg(), runs };
if (json) process.stdout.write(JSON.stringify({ meta, rows }, null, 1) + '\n');
else {
  const f = (x: number) => x.toFixed(1).padStart(7);
  process.stdout.write(`node ${meta.node}, ${meta.cpus} CPUs (${meta.cpu}), load ${meta.loadavg.map((x) => x.toFixed(2)).join(' ')}\n`);
  process.stdout.write('file                                              N     E   occt ms  build ms extract ms  infer ms  extract/occt  (extract+infer)/occt\n');
  for (const r of rows as any[]) {
    if (r.skipped) {
      process.stdout.write(`${r.file.padEnd(46)} skipped: ${r.skipped}\n`);
      continue;
    }
    process.stdout.write(`${r.file.slice(0, 46).padEnd(46)} ${String(r.faces).padStart(4)} ${String(r.edges).padStart(5)} ${f(r.occt.medianMs)}   ${f(r.build.medianMs)}   ${f(r.extract.medianMs)} ${f(r.inference.medianMs)}   ${(100 * r.extractRatio).toFixed(1).padStart(8)} %   ${(100 * r.ratio).toFixed(1).padStart(8)} %\n`);
  }
}
