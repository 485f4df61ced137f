/**
 * Service load and fault benchmark (issue 11, item 5): `clients` concurrent clients post MFCAD and
 * realworld parts (every 10th request a malformed file) to a real `createHttpHandler` server process
 * on loopback for `--duration` seconds, once per worker count (`--workers 1,2`: 1 is the baseline),
 * while the Tier 1 fault injector makes AAGNet fail for a period in the middle of each run. Reported:
 * requests, p50/p95/p99 latency, throughput vs 1 worker, the server's CPU time vs wall time, the
 * breaker opening and recovering, and the accounting identity (every request ends as a result or a
 * dead letter; 0 lost), checked here: the process exits 1 when any check fails.
 *
 * Usage: npx tsx bench/load.bench.ts [--clients 50] [--duration 60] [--workers 1,2]
 *        [--fault-from 15] [--fault-until 30] [--mfcad 300] [--json]
 */
import { availableParallelism, loadavg } from 'node:os';
import { runLoad, type LoadReport } from './load/run-load.js';
import { loadInputs } from './load/load-inputs.js';

const args = process.argv.slice(2);
const json = args.includes('--json');
const opt = (name: string, dflt: string): string => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1]! : dflt;
};
const clients = Number(opt('--clients', '50'));
const durationS = Number(opt('--duration', '60'));
const workerCounts = opt('--workers', '1,2').split(',').map(Number);
const faultFromS = Number(opt('--fault-from', String(durationS / 4)));
const faultUntilS = Number(opt('--fault-until', String(durationS / 2)));
const log = (s: string) => process.stderr.write(`${s}\n`);

const inputs = loadInputs({ mfcadCount: Number(opt('--mfcad', '300')) });
log(`inputs: ${inputs.source}, ${inputs.malformed.length} malformed kinds; ${clients} clients × ${durationS} s; fault ${faultFromS}–${faultUntilS} s`);

const reports: (LoadReport & { load1Before: number; load1After: number })[] = [];
for (const workers of workerCounts) {
  const load1Before = loadavg()[0]!;
  const report = await runLoad({
    workers,
    clients,
    durationMs: durationS * 1000,
    parts: inputs.parts,
    malformed: inputs.malformed,
    fault: { fromMs: faultFromS * 1000, untilMs: faultUntilS * 1000 },
    log,
  });
  reports.push({ ...report, load1Before, load1After: loadavg()[0]! });
}

const base = reports.find((r) => r.workers === 1);
const rows = reports.map((r) => ({
  workers: r.workers,
  requests: r.requests.sent,
  status: r.requests.byStatus,
  throughput: Number(r.throughputPerSec.toFixed(2)),
  vsOneWorker: base ? Number((r.throughputPerSec / base.throughputPerSec).toFixed(2)) : null,
  validMs: r.latencyMs.valid,
  malformedMs: r.latencyMs.malformed,
  serverCpuPerWall: r.server.cpuMs === null ? null : Number((r.server.cpuMs / r.elapsedMs).toFixed(2)),
  accounting: { ...r.accounting, lost: r.accounting.lost.length, unansweredByServer: r.accounting.unansweredByServer.length },
  malformed: r.malformed,
  breaker: r.breaker,
  load1: [r.load1Before, r.load1After].map((l) => Number(l.toFixed(1))),
  failures: r.failures,
}));
if (json) {
  process.stdout.write(`${JSON.stringify({ node: process.version, cpus: availableParallelism(), clients, durationS, source: inputs.source, rows }, null, 2)}\n`);
} else {
  for (const r of rows) {
    log('');
    log(`== ${r.workers} worker(s): ${r.requests} requests ${JSON.stringify(r.status)}, ${r.throughput} results/s${r.vsOneWorker !== null ? ` (${r.vsOneWorker}× 1 worker)` : ''}, server CPU/wall ${r.serverCpuPerWall}, load ${r.load1.join(' → ')}`);
    log(`   latency valid p50/p95/p99/max ${r.validMs.p50.toFixed(0)}/${r.validMs.p95.toFixed(0)}/${r.validMs.p99.toFixed(0)}/${r.validMs.max.toFixed(0)} ms; malformed ${r.malformedMs.p50.toFixed(0)}/${r.malformedMs.p95.toFixed(0)}/${r.malformedMs.p99.toFixed(0)} ms`);
    log(`   accounting: ${r.accounting.results} results + ${r.accounting.deadLetteredWithoutResult} dead letters only (+ ${r.accounting.resultAndDeadLetter} results with a Tier 1 dead letter), lost ${r.accounting.lost} → ${r.accounting.holds ? 'holds' : 'VIOLATED'}`);
    log(`   malformed: ${r.malformed.typed4xx}/${r.malformed.total} typed 4xx ${JSON.stringify(r.malformed.codes)}, ${r.malformed.deadLettered} dead-lettered`);
    log(`   breaker: polled ${r.breaker.polled.map((p) => `${p.state}@${(p.atMs / 1000).toFixed(1)}s`).join(' → ')}; audit ${r.breaker.auditEvents.map((e) => `${e.type.replace('circuit_breaker_', '')}@${(e.atMs / 1000).toFixed(1)}s`).join(', ')}; Tier 1 dead letters ${r.breaker.tier1DeadLetters}`);
    for (const f of r.failures) log(`   FAIL ${f}`);
  }
}
process.exit(reports.some((r) => r.failures.length > 0) ? 1 : 0);
