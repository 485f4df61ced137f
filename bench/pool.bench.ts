/**
 * Analyzer-pool throughput: the same MFCAD parts through `createAnalyzerPool` with 1 worker (the
 * baseline) and with 2 workers (the candidate), in one run; the ratio is the speed-up.
 *
 * Parts: an even sample of `--count` MFCAD parts (.cache/mfcad, extracted from
 * ../shared/datasets/mfcad/*.tar.xz on first use). Each configuration: a fresh pool, `--warmup`
 * parts first (worker start-up, wasm compile and the ONNX session load once per worker; not timed),
 * then all parts submitted at once (the pool queues them). Each configuration runs in its own fresh
 * process (so one does not inherit the other's heap). Reported: wall time, parts/s, the ratio
 * 2 workers / 1 worker on parts/s; process CPU time (all threads) per part and CPU/wall (how many
 * cores the run actually got: on a machine loaded by others that, not the pool, caps the speed-up);
 * memory: RSS sampled every 100 ms (peak), and one worker's share estimated as
 * (peak RSS − RSS before the pool) / workers.
 *
 * Usage: npx tsx bench/pool.bench.ts [--count 1000] [--warmup 4] [--workers 1,2] [--json]
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { createAnalyzerPool } from '../src/runtime/node/pool/index.js';
import { mfcadDir } from '../tools/eval/mfcad-split.js';
import { evenSample, mfcadNames, SHARED_DIR } from '../test/support/shared-data.js';

const args = process.argv.slice(2);
const json = args.includes('--json');
const opt = (name: string, dflt: string): string => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1]! : dflt;
};
const count = Number(opt('--count', '1000'));
const warmup = Number(opt('--warmup', '4'));
const workerCounts = opt('--workers', '1,2').split(',').map(Number);
const root = fileURLToPath(new URL('..', import.meta.url));
const log = (s: string) => !json && process.stdout.write(`${s}\n`);

if (!existsSync(join(root, '.cache', 'mfcad')) && !existsSync(join(SHARED_DIR, 'datasets', 'mfcad'))) {
  log(`[skip] no MFCAD: neither .cache/mfcad nor ${SHARED_DIR}/datasets/mfcad exists`);
  process.exit(0);
}
const dir = mfcadDir(root);
const files = evenSample(mfcadNames(dir), count).map((n) => join(dir, `${n}.step`));
const MIB = 1024 * 1024;

interface Row {
  workers: number;
  parts: number;
  wallMs: number;
  partsPerSec: number;
  failed: number;
  withError: number;
  rssBeforeMib: number;
  rssPeakMib: number;
  perWorkerMib: number;
  cpuMsPerPart: number;
  coresUsed: number;
  load1: number;
  /** Σ worker JS-thread CPU time / wall: cores the workers' own threads got. */
  workerCoresUsed: number | null;
  workerCpuMsPerPart: number | null;
  /** Worker wall time per part (start on the worker → reply). */
  workerWallMsPerPart: number;
  /** Σ worker wall / Σ worker CPU: > 1 means the worker threads waited for a CPU (descheduled) or for I/O. */
  workerWallPerCpu: number | null;
  /** Main thread CPU per part (submitting, receiving and rebuilding results). */
  mainCpuMsPerPart: number | null;
  /** Share of the workers' time with no job (workers × wall − Σ job wall). */
  workerIdleShare: number;
  /** Mean size of a result as JSON (what structured clone carries back). */
  resultKiB: number;
}

/** CPU time of the calling thread (ms) from /proc/thread-self (Linux), or null. */
function threadCpuMs(): number | null {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'latin1');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

async function measure(workers: number): Promise<Row> {
  const rssBefore = process.memoryUsage.rss();
  let rssPeak = rssBefore;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage.rss())), 100);
  await using pool = createAnalyzerPool({ workers, maxQueue: files.length + warmup * workers });
  // Warm every worker: the first job of each loads occt and the ONNX session.
  await Promise.all(files.slice(0, Math.max(warmup, workers)).map((f) => pool.analyzeFile(f)));
  let workerCpu = 0;
  let workerCpuKnown = true;
  let workerWall = 0;
  const sub = pool.onProgress((e) => {
    if (e.type !== 'completed' || !e.usage) return;
    workerWall += e.usage.wallMs;
    if (e.usage.threadCpuMs === undefined) workerCpuKnown = false;
    else workerCpu += e.usage.threadCpuMs;
  });
  const t = performance.now();
  const cpu = process.cpuUsage();
  const mainCpu0 = threadCpuMs();
  const settled = await Promise.allSettled(files.map((f) => pool.analyzeFile(f)));
  const wallMs = performance.now() - t;
  const mainCpu1 = threadCpuMs();
  const cpuDelta = process.cpuUsage(cpu);
  sub.dispose();
  const sample = settled.slice(0, 50).flatMap((s) => (s.status === 'fulfilled' ? [JSON.stringify(s.value).length] : []));
  const cpuMs = (cpuDelta.user + cpuDelta.system) / 1000;
  clearInterval(sampler);
  rssPeak = Math.max(rssPeak, process.memoryUsage.rss());
  const failed = settled.filter((s) => s.status === 'rejected').length;
  const withError = settled.filter((s) => s.status === 'fulfilled' && s.value.error).length;
  return {
    workers,
    parts: files.length,
    wallMs: Math.round(wallMs),
    partsPerSec: Number(((files.length * 1000) / wallMs).toFixed(2)),
    failed,
    withError,
    rssBeforeMib: Math.round(rssBefore / MIB),
    rssPeakMib: Math.round(rssPeak / MIB),
    perWorkerMib: Math.round((rssPeak - rssBefore) / MIB / workers),
    cpuMsPerPart: Math.round(cpuMs / files.length),
    coresUsed: Number((cpuMs / wallMs).toFixed(2)),
    load1: Number(loadavg()[0]!.toFixed(2)),
    workerCoresUsed: workerCpuKnown ? Number((workerCpu / wallMs).toFixed(2)) : null,
    workerCpuMsPerPart: workerCpuKnown ? Math.round(workerCpu / files.length) : null,
    workerWallMsPerPart: Math.round(workerWall / files.length),
    workerWallPerCpu: workerCpuKnown && workerCpu > 0 ? Number((workerWall / workerCpu).toFixed(2)) : null,
    mainCpuMsPerPart: mainCpu0 !== null && mainCpu1 !== null ? Number(((mainCpu1 - mainCpu0) / files.length).toFixed(1)) : null,
    workerIdleShare: Number(Math.max(0, 1 - workerWall / (workers * wallMs)).toFixed(3)),
    resultKiB: Math.round(sample.reduce((a, b) => a + b, 0) / Math.max(1, sample.length) / 1024),
  };
}

const only = args.indexOf('--only');
if (only >= 0) {
  // Child mode: one configuration, one JSON line.
  process.stdout.write(`${JSON.stringify(await measure(Number(args[only + 1])))}\n`);
  process.exit(0);
}
log(`pool throughput: ${files.length} MFCAD parts, workers ${workerCounts.join(' vs ')}, ${availableParallelism()} cores, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
const rows: Row[] = [];
for (const w of workerCounts) {
  const out = execFileSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--count', String(count), '--warmup', String(warmup), '--only', String(w)], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  const row = JSON.parse(out.trim().split('\n').at(-1)!) as Row;
  rows.push(row);
  log(
    `workers=${row.workers}: ${row.wallMs} ms, ${row.partsPerSec} parts/s, failed ${row.failed}, results with error ${row.withError}, ` +
      `CPU ${row.cpuMsPerPart} ms/part, cores used ${row.coresUsed}; workers: CPU ${row.workerCpuMsPerPart} ms/part, wall ${row.workerWallMsPerPart} ms/part, ` +
      `wall/CPU ${row.workerWallPerCpu}, cores used ${row.workerCoresUsed}, idle ${(row.workerIdleShare * 100).toFixed(1)} %; main thread CPU ${row.mainCpuMsPerPart} ms/part; result ${row.resultKiB} KiB; RSS ${row.rssBeforeMib} → peak ${row.rssPeakMib} MiB (≈${row.perWorkerMib} MiB per worker), load1 ${row.load1}`,
  );
}
const base = rows[0]!;
const ratios = rows.slice(1).map((r) => ({ workers: r.workers, speedup: Number((r.partsPerSec / base.partsPerSec).toFixed(2)) }));
for (const r of ratios) log(`speed-up ${r.workers} workers / ${base.workers}: ${r.speedup}× (target on an idle 2-core machine: ≥ 1.8×)`);
if (json) process.stdout.write(`${JSON.stringify({ count: files.length, cores: availableParallelism(), load: loadavg(), rows, ratios }, null, 2)}\n`);
