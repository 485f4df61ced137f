/**
 * gAAG extraction time (and extraction + AAGNet inference) as a ratio to occt-import-js import of the
 * same STEP file, measured in the same run.
 *
 * Candidate: `extractGaag(part)` on an already built Part (STEP parse + Part build are reported
 * separately as `build`), and `extract + engine.run` with the bundled ONNX model on onnxruntime-node
 * (CPU). Baseline: occt-import-js `ReadStepFile(bytes, null)` (default meshing), warm instance.
 * Each: warm-up runs, then median and minimum of `--runs` timed runs. `ratio` = (extract + inference)
 * median / occt median. Files: partA, partC (AAGNet examples) and realworld parts with cylinders,
 * cones, tori, spheres and B-splines (`../shared`); `--set realworld` runs every realworld part
 * D01–D29 instead; missing files are skipped with a note.
 *
 * Two extraction timings: `extract` (cold) runs on a freshly built Part each time (built outside the
 * timer), so per-surface caches start empty as in a real `analyze()`; `extractWarm` repeats on one Part
 * (caches filled by the warm-ups). The ratio uses the cold time.
 *
 * Usage: npx tsx bench/gaag.bench.ts [--json] [--runs N] [--set default|realworld] [--match SUBSTRING]
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { buildPartFromStep } from '../src/brep/index.js';
import { extractGaag } from '../src/features/gaag/index.js';
import { readStep } from '../src/formats/step/step-reader.js';
import { createOnnxNodeEngine } from '../src/runtime/node/onnx-engine.js';
import { SHARED_DIR } from '../test/support/shared-data.js';

const args = process.argv.slice(2);
const json = args.includes('--json');
const runsArg = args.indexOf('--runs');
const runs = runsArg >= 0 ? Number(args[runsArg + 1]) : 5;
const setArg = args.indexOf('--set');
const set = setArg >= 0 ? args[setArg + 1] : 'default';
const matchArg = args.indexOf('--match');
const match = matchArg >= 0 ? args[matchArg + 1] : '';
const SHARED = SHARED_DIR; // CADLENS_SHARED_DIR, else ../shared
const REALWORLD = `${SHARED}/datasets/realworld/parts`;
const DEFAULT_FILES = [
  `${SHARED}/models/aagnet/partA.step`,
  `${SHARED}/models/aagnet/partC.step`,
  `${SHARED}/datasets/realworld/parts/D02__motor_antigravity_4004_custom_shaft.STEP`,
  `${SHARED}/datasets/realworld/parts/D03__transmission_pulley_at3_t10_motor.STEP`,
  `${SHARED}/datasets/realworld/parts/D12__inactive-panel-standoff.step`,
  `${SHARED}/datasets/realworld/parts/D15__nist_ftc_06_asme1_rd.stp`,
  `${SHARED}/datasets/realworld/parts/D10__gripper_static_part.step`,
];
const FILES = (
  set === 'realworld' && existsSync(REALWORLD)
    ? readdirSync(REALWORLD)
        .filter((f) => /^D(0[1-9]|1\d|2\d)__/.test(f))
        .sort()
        .map((f) => `${REALWORLD}/${f}`)
    : DEFAULT_FILES
).filter((f) => f.includes(match));

interface Stats {
  medianMs: number;
  minMs: number;
  runs: number;
}

async function measure<T>(fn: (x: T) => unknown, warmup: number, n: number, setup: () => T = () => undefined as T): Promise<Stats> {
  for (let i = 0; i < warmup; i++) await fn(setup());
  const t: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = setup();
    const t0 = performance.now();
    await fn(x);
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
  let res: ReturnType<typeof extractGaag>;
  try {
    res = extractGaag(buildPartFromStep(readStep(bytes)), { maxFaces: 5000 });
  } catch (e) {
    rows.push({ file, skipped: `extractGaag threw: ${(e as Error).message}` });
    continue;
  }
  const extract = await measure((p) => extractGaag(p, { maxFaces: 5000 }), 1, runs, () => buildPartFromStep(readStep(bytes)));
  const part = buildPartFromStep(readStep(bytes));
  const extractWarm = await measure(() => extractGaag(part, { maxFaces: 5000 }), 2, runs);
  const zero: Stats = { medianMs: 0, minMs: 0, runs: 0 };
  const infer = res.inputs.faceCount > 0 && res.inputs.edgeCount > 0 ? await measure(() => engine.run(res.inputs), 2, runs) : zero;
  const both = extract.medianMs + infer.medianMs;
  rows.push({
    file,
    faces: res.inputs.faceCount,
    edges: res.inputs.edgeCount,
    outOfDomain: res.outOfDomain,
    occt: occtStats,
    build,
    extract,
    extractWarm,
    inference: infer,
    extractRatio: extract.medianMs / occtStats.medianMs,
    ratio: both / occtStats.medianMs,
  });
  process.stderr.write(`${file}: extract ${extract.medianMs.toFixed(1)} ms, ratio ${((100 * both) / occtStats.medianMs).toFixed(1)} %\n`);
}
await engine.dispose();

const meta = { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model, loadavg: loadavg(), runs };
if (json) process.stdout.write(JSON.stringify({ meta, rows }, null, 1) + '\n');
else {
  const f = (x: number) => x.toFixed(1).padStart(7);
  process.stdout.write(`node ${meta.node}, ${meta.cpus} CPUs (${meta.cpu}), load ${meta.loadavg.map((x) => x.toFixed(2)).join(' ')}\n`);
  process.stdout.write('file                                              N     E   occt ms  build ms extract ms  (warm)  infer ms  extract/occt  (extract+infer)/occt\n');
  for (const r of rows as any[]) {
    if (r.skipped) {
      process.stdout.write(`${r.file.padEnd(46)} skipped: ${r.skipped}\n`);
      continue;
    }
    process.stdout.write(`${r.file.slice(0, 46).padEnd(46)} ${String(r.faces).padStart(4)} ${String(r.edges).padStart(5)} ${f(r.occt.medianMs)}   ${f(r.build.medianMs)}   ${f(r.extract.medianMs)} ${f(r.extractWarm.medianMs)} ${f(r.inference.medianMs)}   ${(100 * r.extractRatio).toFixed(1).padStart(8)} %   ${(100 * r.ratio).toFixed(1).padStart(8)} %\n`);
  }
}
