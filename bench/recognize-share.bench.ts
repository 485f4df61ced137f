/**
 * Recognition time next to the OpenCascade import, per realworld part (issue 9's "Time" target:
 * recognition ≤ 20 % of the import on every real part), measured in the same process and run.
 *
 * Per file:
 * - baseline "occt": occt-import-js `ReadStepFile(bytes, null)` in this thread (warm instance: STEP
 *   import + tessellation, what any OpenCascade-based tool pays);
 * - candidate "recognize": `recognizePerSolid(part, createDefaultRecognizers())` — exactly the call the
 *   analyzer times as `timings.recognize` (per-solid split, Tier 1 gAAG extraction + AAGNet inference +
 *   post-processing, Tier 2 where the tier combination asks for it, composite holes) — on the Part the
 *   analyzer builds with `mesh: 'never'` (or `--mesh always`). The Part is rebuilt before every timed
 *   run (outside the timer) so that per-surface caches start cold, as in a real analysis.
 * Both are timed as wall time and as CPU time (`process.cpuUsage()`, all threads: onnxruntime's run
 * counts). CPU ratios are the ones to read on a loaded machine. One warm-up run each (the AAGNet session
 * is created in the warm-up), then `--runs` timed runs; median and minimum are reported.
 *
 * Usage: npx tsx bench/recognize-share.bench.ts [--runs 3] [--match D22] [--mesh never|always] [--json]
 * (`--match` takes a comma-separated list of substrings: `--match D19,D21,D22`)
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { createNodeAnalyzer, createDefaultRecognizers } from '../src/node.js';
import { recognizePerSolid, type RecognizeContext } from '../src/stages/recognize/index.js';
import type { Part } from '../src/model/index.js';
import { REALWORLD_DIR } from '../test/support/shared-data.js';

const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const json = args.includes('--json');
const runs = Number(arg('--runs') ?? 3);
const match = arg('--match') ?? '';
const mesh = (arg('--mesh') ?? 'never') as 'never' | 'always';
const partsDir = join(REALWORLD_DIR, 'parts');
if (!existsSync(partsDir)) {
  console.log(`skip: ${partsDir} not found (set CADLENS_SHARED_DIR)`);
  process.exit(0);
}
const files = readdirSync(partsDir)
  .filter((f) => /\.(step|stp)$/i.test(f) && match.split(',').some((m) => f.includes(m)))
  .sort();

type Occt = { ReadStepFile(bytes: Uint8Array, params: null): { success: boolean } };
const require = createRequire(import.meta.url);
const occtFactory = require('occt-import-js') as (o: object) => Promise<Occt>;
let occt = await occtFactory({ print() {}, printErr() {} });

const analyzer = createNodeAnalyzer({ mesh, recognize: false });
const recognizers = createDefaultRecognizers();
const noop = () => undefined;
const ctx = (): RecognizeContext => ({ signal: new AbortController().signal, now: () => Date.now(), log: { debug: noop, info: noop, warn: noop } });

interface Sample {
  wallMs: number;
  cpuMs: number;
}
interface Stats {
  wallMedianMs: number;
  wallMinMs: number;
  cpuMedianMs: number;
  cpuMinMs: number;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function stats(samples: Sample[]): Stats {
  const w = samples.map((s) => s.wallMs);
  const c = samples.map((s) => s.cpuMs);
  return { wallMedianMs: median(w), wallMinMs: Math.min(...w), cpuMedianMs: median(c), cpuMinMs: Math.min(...c) };
}
async function timed(fn: () => unknown): Promise<Sample> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await fn();
  const wallMs = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { wallMs, cpuMs: (c.user + c.system) / 1000 };
}
async function buildPart(bytes: Uint8Array, name: string): Promise<Part | null> {
  return (await analyzer.analyzeDetailed(bytes, { name })).part;
}

const rows: Record<string, unknown>[] = [];
const load = [loadavg()[0]];
for (const file of files) {
  const bytes = new Uint8Array(readFileSync(join(partsDir, file)));
  const occtSamples: Sample[] = [];
  for (let i = 0; i <= runs; i++) {
    const s = await timed(() => {
      try {
        occt.ReadStepFile(bytes, null);
      } catch {
        occt = undefined as unknown as Occt; // replaced below: a wasm instance that threw is not reused
      }
    });
    if (!occt) occt = await occtFactory({ print() {}, printErr() {} });
    if (i > 0) occtSamples.push(s);
  }
  const recSamples: Sample[] = [];
  let tier: number | null = null;
  let faces = 0;
  let solids = 1;
  let details: Record<string, unknown> = {};
  let skipped = '';
  for (let i = 0; i <= runs; i++) {
    const part = await buildPart(bytes, file);
    if (!part) break;
    faces = part.faces.length;
    let out: Awaited<ReturnType<typeof recognizePerSolid>> | undefined;
    const s = await timed(async () => {
      out = await recognizePerSolid(part, recognizers, ctx());
    });
    tier = out!.result.tier;
    solids = out!.result.solids?.length ?? 1;
    details = out!.result.details ?? {};
    skipped = out!.result.skipped.map((k) => `${k.tier}:${k.reason}`).join(' ');
    if (i > 0) recSamples.push(s);
  }
  load.push(loadavg()[0]);
  const base = stats(occtSamples);
  const label = file.replace(/\.(step|stp)$/i, '');
  if (recSamples.length === 0) {
    rows.push({ part: label, faces: 0, error: 'no Part (the analysis failed)', occt: base });
    if (!json) console.log(`${label.padEnd(44)} no Part (analysis failed) | occt cpu ${base.cpuMedianMs.toFixed(0)} ms`);
    continue;
  }
  const rec = stats(recSamples);
  const row = {
    part: label,
    faces,
    solids,
    tier,
    skipped,
    occt: base,
    recognize: rec,
    extractMs: typeof details.extractMs === 'number' ? +details.extractMs.toFixed(1) : null,
    inferenceMs: typeof details.inferenceMs === 'number' ? +details.inferenceMs.toFixed(1) : null,
    cpuRatio: +(rec.cpuMedianMs / base.cpuMedianMs).toFixed(4),
    cpuMinRatio: +(rec.cpuMinMs / base.cpuMinMs).toFixed(4),
    wallRatio: +(rec.wallMedianMs / base.wallMedianMs).toFixed(4),
  };
  rows.push(row);
  if (!json)
    console.log(
      `${label.padEnd(44)} faces ${String(faces).padStart(5)} solids ${String(solids).padStart(3)} tier ${tier} | occt cpu ${base.cpuMedianMs.toFixed(0)} (min ${base.cpuMinMs.toFixed(0)}) ms | recognize cpu ${rec.cpuMedianMs.toFixed(0)} (min ${rec.cpuMinMs.toFixed(0)}) ms | cpu ×${row.cpuRatio} (min ×${row.cpuMinRatio}) wall ×${row.wallRatio}`,
    );
}
await analyzer.dispose();
for (const r of recognizers) await r.dispose?.();
const measured = rows.filter((r) => typeof r.cpuRatio === 'number') as { part: string; cpuRatio: number; cpuMinRatio: number }[];
const over = measured.filter((r) => r.cpuRatio > 0.2).map((r) => r.part);
const env = {
  node: process.version,
  cpus: cpus().length,
  loadavg1: { min: +Math.min(...load).toFixed(1), max: +Math.max(...load).toFixed(1) },
  runs,
  mesh,
  parts: measured.length,
  maxCpuRatio: measured.length ? Math.max(...measured.map((r) => r.cpuRatio)) : null,
  overTarget: over,
};
if (json) console.log(JSON.stringify({ env, rows }, null, 1));
else console.log(`env: ${JSON.stringify(env)}`);
