/**
 * STEP reader throughput vs occt-import-js, measured in the same run.
 *
 * For every realworld part (../shared/datasets/realworld/parts) and a fixed sample of MFCAD parts
 * (.cache/mfcad, extracted from ../shared/datasets/mfcad) it measures:
 * - candidate "index":  `readStep(bytes)` — first pass + header (what every analysis pays);
 * - candidate "refs":   `checkStepReferences(readStep(bytes))` — index + the reference check that
 *   every analysis runs (dangling refs, cycles, parameter syntax; scans bytes, decodes no values);
 * - candidate "full":   `readStep(bytes).decodeAll()` — every entity's parameters decoded;
 * - baseline "occt":    occt-import-js `ReadStepFile(bytes, null)` (its STEP import + tessellation,
 *   which is what cadlens would otherwise pay to learn anything about the file).
 * Each: warm-up runs, then median and minimum; MB = 10^6 bytes. Reported ratio: reader full time
 * / occt time (target ≤ 0.10) and reader MB/s (target ≥ 80; refs: ≥ 80 on files over 1 MB). Memory: heap retained by the decoded
 * file (needs --expose-gc for an exact figure) next to the time, and RSS.
 *
 * Usage: npx tsx [--expose-gc] bench/step-reader.bench.ts [--json] [--runs N] [--occt-runs N]
 *        [--mfcad N] [--mfcad-occt N] [--no-occt] [--filter SUBSTR]
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { checkStepReferences, readStep } from '../src/formats/step/index.js';
import { SHARED_DIR } from '../test/support/shared-data.js';

const args = process.argv.slice(2);
const json = args.includes('--json');
const num = (name: string, dflt: number): number => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const str = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const runs = num('--runs', 7);
const occtRuns = num('--occt-runs', 3);
const mfcadCount = num('--mfcad', 300);
const mfcadOcctCount = num('--mfcad-occt', 60);
const withOcct = !args.includes('--no-occt');
const filter = str('--filter');

const root = fileURLToPath(new URL('..', import.meta.url));
const shared = SHARED_DIR; // CADLENS_SHARED_DIR, else ../shared
const partsDir = `${shared}/datasets/realworld/parts`;
const mfcadArchives = `${shared}/datasets/mfcad`;
const mfcadCache = `${root}.cache/mfcad`;
const log = (s: string) => {
  if (!json) process.stdout.write(`${s}\n`);
  else process.stderr.write(`${s}\n`);
};

interface Stats {
  medianMs: number;
  minMs: number;
  /** Process CPU time (user + system, all threads incl. GC helpers) per run: less sensitive to a loaded machine. */
  cpuMedianMs: number;
  cpuMinMs: number;
  runs: number;
}

/** `n` timed runs after `warmup`; cheap calls keep running (up to 5n) until `budgetMs` is spent. */
function measure(fn: () => unknown, warmup: number, n: number, budgetMs = 0): Stats {
  for (let i = 0; i < warmup; i++) fn();
  const t: number[] = [];
  const c: number[] = [];
  const start = performance.now();
  while (t.length < n || (t.length < 5 * n && performance.now() - start < budgetMs)) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    t.push(performance.now() - t0);
    const dc = process.cpuUsage(c0);
    c.push((dc.user + dc.system) / 1e3);
  }
  t.sort((a, b) => a - b);
  c.sort((a, b) => a - b);
  return { medianMs: t[Math.floor(t.length / 2)], minMs: t[0], cpuMedianMs: c[Math.floor(c.length / 2)], cpuMinMs: c[0], runs: t.length };
}

const gc = (globalThis as { gc?: () => void }).gc;

/** Heap retained by a fully decoded file (MB); NaN without --expose-gc. */
function retainedHeapMb(bytes: Uint8Array): number {
  if (!gc) return Number.NaN;
  gc();
  const before = process.memoryUsage().heapUsed;
  const file = readStep(bytes);
  file.decodeAll();
  gc();
  const after = process.memoryUsage().heapUsed;
  if (file.entityCount < 0) return 0; // keep `file` alive until here
  return (after - before) / 1e6;
}

type Occt = { ReadStepFile(bytes: Uint8Array, params: null): { success: boolean; meshes: unknown[] } };
let occt: Occt | undefined;
async function freshOcct(): Promise<Occt> {
  const require = createRequire(import.meta.url);
  const factory = require('occt-import-js') as (opts: object) => Promise<Occt>;
  occt = await factory({ print() {}, printErr() {} });
  return occt;
}

async function occtStats(bytes: Uint8Array, n: number): Promise<(Stats & { success: boolean }) | undefined> {
  if (!withOcct || n <= 0) return undefined;
  const o = occt ?? (await freshOcct());
  try {
    let success = false;
    const s = measure(
      () => {
        success = o.ReadStepFile(bytes, null).success;
      },
      1,
      n,
    );
    return { ...s, success };
  } catch {
    occt = undefined; // recycle the instance after a trap
    return undefined;
  }
}

interface Row {
  set: 'realworld' | 'mfcad';
  file: string;
  bytes: number;
  entities: number;
  index: Stats;
  refs: Stats;
  full: Stats;
  indexMBps: number;
  refsMBps: number;
  /** MB per second of CPU time (median run). */
  refsCpuMBps: number;
  fullMBps: number;
  /** MB per second of CPU time (median run). */
  fullCpuMBps: number;
  retainedHeapMB: number;
  occt?: Stats & { success: boolean };
  /** reader full min / occt min (wall time) */
  ratio?: number;
  /** reader full / occt, median CPU time of each */
  cpuRatio?: number;
}

async function benchFile(set: Row['set'], path: string, nOcct: number): Promise<Row> {
  const bytes = new Uint8Array(readFileSync(path));
  const file = readStep(bytes);
  const index = measure(() => readStep(bytes), 2, runs, 300);
  const refs = measure(() => checkStepReferences(readStep(bytes)), 2, runs, 300);
  const full = measure(() => readStep(bytes).decodeAll(), 2, runs, 300);
  const retainedHeapMB = retainedHeapMb(bytes);
  const o = await occtStats(bytes, nOcct);
  const mb = bytes.length / 1e6;
  return {
    set,
    file: path.split('/').pop()!,
    bytes: bytes.length,
    entities: file.entityCount,
    index,
    refs,
    full,
    indexMBps: mb / (index.minMs / 1e3),
    refsMBps: mb / (refs.minMs / 1e3),
    refsCpuMBps: mb / (refs.cpuMedianMs / 1e3),
    fullMBps: mb / (full.minMs / 1e3),
    fullCpuMBps: mb / (full.cpuMedianMs / 1e3),
    retainedHeapMB,
    ...(o ? { occt: o, ratio: full.minMs / o.minMs, cpuRatio: full.cpuMedianMs / o.cpuMedianMs } : {}),
  };
}

/** Extract MFCAD into .cache/mfcad once (temp dir + rename, so a concurrent extractor never sees half a set). */
function ensureMfcad(): string[] {
  if (!existsSync(mfcadCache) || readdirSync(mfcadCache).filter((f) => f.endsWith('.step')).length < 1000) {
    if (!existsSync(mfcadArchives)) return [];
    const tmp = `${mfcadCache}.tmp-${process.pid}`;
    mkdirSync(tmp, { recursive: true });
    for (const a of readdirSync(mfcadArchives).filter((f) => f.endsWith('.tar.xz')).sort()) {
      execFileSync('tar', ['-xJf', `${mfcadArchives}/${a}`, '-C', tmp]);
    }
    if (!existsSync(mfcadCache)) renameSync(tmp, mfcadCache);
    else rmSync(tmp, { recursive: true, force: true });
  }
  return readdirSync(mfcadCache)
    .filter((f) => f.endsWith('.step'))
    .sort()
    .map((f) => `${mfcadCache}/${f}`);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : Number.NaN;
}

function summarize(rows: Row[]) {
  const bytes = rows.reduce((a, r) => a + r.bytes, 0);
  const idxMs = rows.reduce((a, r) => a + r.index.minMs, 0);
  const fullMs = rows.reduce((a, r) => a + r.full.minMs, 0);
  const withO = rows.filter((r) => r.ratio !== undefined);
  const fullMsO = withO.reduce((a, r) => a + r.full.minMs, 0);
  const occtMs = withO.reduce((a, r) => a + r.occt!.minMs, 0);
  const fullCpuMs = rows.reduce((a, r) => a + r.full.cpuMedianMs, 0);
  const fullCpuMsO = withO.reduce((a, r) => a + r.full.cpuMedianMs, 0);
  const occtCpuMs = withO.reduce((a, r) => a + r.occt!.cpuMedianMs, 0);
  const big = rows.filter((r) => r.bytes > 1e6);
  const bigBytes = big.reduce((a, r) => a + r.bytes, 0);
  return {
    aggregateRefsMBps: bytes / 1e3 / rows.reduce((a, r) => a + r.refs.minMs, 0),
    medianRefsMBps: median(rows.map((r) => r.refsMBps)),
    aggregateRefsCpuMBps: bytes / 1e3 / rows.reduce((a, r) => a + r.refs.cpuMedianMs, 0),
    filesOver1MB: big.length,
    over1MBRefsMBps: big.length ? bigBytes / 1e3 / big.reduce((a, r) => a + r.refs.minMs, 0) : Number.NaN,
    over1MBMinRefsMBps: big.length ? Math.min(...big.map((r) => r.refsMBps)) : Number.NaN,
    over1MBMinRefsCpuMBps: big.length ? Math.min(...big.map((r) => r.refsCpuMBps)) : Number.NaN,
    over1MBRefsAtLeast80: big.filter((r) => r.refsMBps >= 80).length,
    over1MBFullMBps: big.length ? bigBytes / 1e3 / big.reduce((a, r) => a + r.full.minMs, 0) : Number.NaN,
    over1MBFullCpuMBps: big.length ? bigBytes / 1e3 / big.reduce((a, r) => a + r.full.cpuMedianMs, 0) : Number.NaN,
    aggregateFullCpuMBps: bytes / 1e3 / fullCpuMs,
    medianFullCpuMBps: median(rows.map((r) => r.fullCpuMBps)),
    filesFullCpuAtLeast80MBps: rows.filter((r) => r.fullCpuMBps >= 80).length,
    aggregateCpuRatio: withO.length ? fullCpuMsO / occtCpuMs : Number.NaN,
    maxCpuRatio: withO.length ? Math.max(...withO.map((r) => r.cpuRatio!)) : Number.NaN,
    files: rows.length,
    megabytes: bytes / 1e6,
    aggregateIndexMBps: bytes / 1e3 / idxMs,
    aggregateFullMBps: bytes / 1e3 / fullMs,
    medianIndexMBps: median(rows.map((r) => r.indexMBps)),
    medianFullMBps: median(rows.map((r) => r.fullMBps)),
    filesFullAtLeast80MBps: rows.filter((r) => r.fullMBps >= 80).length,
    occtFiles: withO.length,
    aggregateRatio: withO.length ? fullMsO / occtMs : Number.NaN,
    medianRatio: median(withO.map((r) => r.ratio!)),
    maxRatio: withO.length ? Math.max(...withO.map((r) => r.ratio!)) : Number.NaN,
    filesRatioAtMost10pct: withO.filter((r) => r.ratio! <= 0.1).length,
  };
}

const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '-');
const f3 = (x: number | undefined) => (x !== undefined && Number.isFinite(x) ? x.toFixed(3) : '-');

async function main(): Promise<void> {
  if (!existsSync(partsDir)) {
    log(`skipped: ${partsDir} is not present`);
    if (json) process.stdout.write(`${JSON.stringify({ skipped: 'shared datasets missing' })}\n`);
    return;
  }
  const rows: Row[] = [];
  const load = loadavg().map((x) => x.toFixed(1)).join(' ');
  log(`STEP reader benchmark — node ${process.version}, ${cpus().length} CPUs, load ${load}, runs=${runs}, occt runs=${withOcct ? occtRuns : 0}, gc=${gc ? 'exposed' : 'not exposed'}`);
  log('set        file                                              KB  entities  index min/med ms  refs min/med ms  refs MB/s (cpu)  full min/med ms  full MB/s (cpu)  heap MB  occt min/med ms  ratio (cpu)');
  const realworld = readdirSync(partsDir)
    .filter((f) => /\.(step|stp)$/i.test(f) && (!filter || f.includes(filter)))
    .sort();
  for (const f of realworld) {
    const r = await benchFile('realworld', `${partsDir}/${f}`, occtRuns);
    rows.push(r);
    log(
      `realworld  ${r.file.padEnd(48).slice(0, 48)} ${String(Math.round(r.bytes / 1024)).padStart(5)} ${String(r.entities).padStart(9)}  ${f1(r.index.minMs).padStart(7)}/${f1(r.index.medianMs).padEnd(7)}  ${f1(r.refs.minMs).padStart(7)}/${f1(r.refs.medianMs).padEnd(7)}  ${f1(r.refsMBps).padStart(7)} (${f1(r.refsCpuMBps).padStart(5)})  ${f1(r.full.minMs).padStart(7)}/${f1(r.full.medianMs).padEnd(7)}  ${f1(r.fullMBps).padStart(7)} (${f1(r.fullCpuMBps).padStart(5)})  ${f1(r.retainedHeapMB).padStart(7)}  ${r.occt ? `${f1(r.occt.minMs).padStart(7)}/${f1(r.occt.medianMs).padEnd(7)}` : '-'.padEnd(15)}  ${f3(r.ratio)} (${f3(r.cpuRatio)})`,
    );
  }
  const mfcadFiles = filter ? [] : ensureMfcad();
  if (mfcadFiles.length > 0 && mfcadCount > 0) {
    const step = Math.max(1, Math.floor(mfcadFiles.length / mfcadCount));
    const sample = mfcadFiles.filter((_, k) => k % step === 0).slice(0, mfcadCount);
    const occtEvery = Math.max(1, Math.floor(sample.length / Math.max(1, mfcadOcctCount)));
    for (let k = 0; k < sample.length; k++) {
      rows.push(await benchFile('mfcad', sample[k], k % occtEvery === 0 ? occtRuns : 0));
    }
    log(`mfcad: ${sample.length} files sampled (every ${step}th of ${mfcadFiles.length} sorted names), occt on every ${occtEvery}th`);
  }
  const summary = {
    realworld: summarize(rows.filter((r) => r.set === 'realworld')),
    mfcad: summarize(rows.filter((r) => r.set === 'mfcad')),
  };
  const rss = process.memoryUsage().rss / 1e6;
  for (const [set, s] of Object.entries(summary)) {
    if (s.files === 0) continue;
    log(
      `${set}: ${s.files} files, ${f1(s.megabytes)} MB — index ${f1(s.aggregateIndexMBps)} MB/s aggregate (median ${f1(s.medianIndexMBps)}), refs ${f1(s.aggregateRefsMBps)} MB/s aggregate (median ${f1(s.medianRefsMBps)}, CPU ${f1(s.aggregateRefsCpuMBps)}; files > 1 MB: ${s.filesOver1MB}, refs ${f1(s.over1MBRefsMBps)} MB/s aggregate, slowest ${f1(s.over1MBMinRefsMBps)} (CPU ${f1(s.over1MBMinRefsCpuMBps)}), ${s.over1MBRefsAtLeast80}/${s.filesOver1MB} ≥ 80; full ${f1(s.over1MBFullMBps)} (CPU ${f1(s.over1MBFullCpuMBps)})), full ${f1(s.aggregateFullMBps)} MB/s aggregate (median ${f1(s.medianFullMBps)}, ${s.filesFullAtLeast80MBps}/${s.files} files ≥ 80); reader/occt ${f3(s.aggregateRatio)} aggregate, median ${f3(s.medianRatio)}, max ${f3(s.maxRatio)} (${s.filesRatioAtMost10pct}/${s.occtFiles} files ≤ 0.10); CPU time: full ${f1(s.aggregateFullCpuMBps)} MB/s aggregate (median ${f1(s.medianFullCpuMBps)}, ${s.filesFullCpuAtLeast80MBps}/${s.files} files ≥ 80), reader/occt ${f3(s.aggregateCpuRatio)} aggregate, max ${f3(s.maxCpuRatio)}`,
    );
  }
  log(`rss at end: ${f1(rss)} MB`);
  if (json) {
    process.stdout.write(
      `${JSON.stringify({ bench: 'step-reader', node: process.version, cpus: cpus().length, loadAvgStart: load, loadAvgEnd: loadavg(), runs, occtRuns: withOcct ? occtRuns : 0, gcExposed: !!gc, summary, rows, rssMB: rss })}\n`,
    );
  }
}

await main();
