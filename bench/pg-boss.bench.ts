/**
 * Capacity figures of the pg-boss queue (issue 14, item 5): the Postgres load per job and the
 * throughput with 1 and 2 workers, on the real PostgreSQL (127.0.0.1:5432, db `test`).
 *
 * pg-boss is given a counting `db` (every statement it runs goes through `executeSql`, counted with
 * the rows it returned or changed), the queue runs in this process, and the analyses run on an
 * analyzer pool of 1 or 2 worker threads with as many `work()` loops. Per configuration: a fresh
 * pg-boss schema, `--count` MFCAD parts submitted by path (statements counted apart), one warm-up job
 * per worker, then the rest consumed; wall time from the first to the last completion after the
 * warm-up, statements and rows per job, and process CPU / wall.
 *
 * Usage: npx tsx bench/pg-boss.bench.ts [--count 40] [--workers 1,2] [--mesh always|never] [--json]
 */
import { loadavg } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import PgBoss from 'pg-boss';
import { createPgBossQueue } from '../adapters/pg-boss/index.js';
import { createAnalyzerPool } from '../src/runtime/node/pool/index.js';
import { createMemoryStores } from '../adapters/memory/index.js';
import { mfcadDir } from '../tools/eval/mfcad-split.js';
import { evenSample, mfcadNames, REPO_DIR } from '../test/support/shared-data.js';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1]! : dflt;
};
const count = Number(opt('--count', '40'));
const workerCounts = opt('--workers', '1,2').split(',').map(Number);
/** How the analyses run (`--mesh never`: no OpenCascade, jobs of ~0.1 s, where the queue's own per-job cost shows). */
const mesh = opt('--mesh', 'always') as 'always' | 'never' | 'auto';
const url = process.env.CADLENS_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const dir = mfcadDir(REPO_DIR);
const files = evenSample(mfcadNames(dir), count).map((n) => join(dir, `${n}.step`));
const log = (s: string) => process.stderr.write(`${s}\n`);

interface Counter {
  statements: number;
  rows: number;
}

async function measure(workers: number) {
  const schema = `cadlens_bench_pgboss_${process.pid}_${workers}`;
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  const counter: Counter = { statements: 0, rows: 0 };
  // The benchmark's own progress polls (`status`) are not the queue's load: not counted.
  let polling = false;
  const db = {
    async executeSql(text: string, values: unknown[]) {
      const counted = !polling;
      const res = await pool.query(text, values);
      if (!counted) return res;
      counter.statements++;
      const results = Array.isArray(res) ? res : [res];
      for (const r of results) counter.rows += r.rowCount ?? r.rows?.length ?? 0;
      return res;
    },
  };
  const boss = new PgBoss({ db, schema, maintenanceIntervalSeconds: 30 });
  boss.on('error', () => undefined);
  await boss.start();
  const queue = await createPgBossQueue({ boss, schema });
  const analyzerPool = createAnalyzerPool({ workers, maxQueue: 64, analyzer: { mesh } });
  const stores = createMemoryStores();
  try {
    const before = { ...counter };
    const { batchId } = await queue.submit(files.map((f, i) => ({ input: { path: f }, name: `part-${i}.step` })));
    const submitStatements = counter.statements - before.statements;
    const submitRows = counter.rows - before.rows;
    const completions: number[] = [];
    const analyzer = {
      async analyze(bytes: Uint8Array, call: { name: string; requestId: string }) {
        const result = await analyzerPool.analyze(bytes, call);
        completions.push(performance.now());
        return result;
      },
    };
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const stats0 = { ...counter };
    const loops = await Promise.all(Array.from({ length: workers }, () => queue.work({ analyzer, deadLetters: { store: stores.deadLetters } })));
    for (;;) {
      polling = true;
      const status = await queue.status(batchId).finally(() => (polling = false));
      if ((status.byState.completed ?? 0) >= files.length) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const wall = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const consumeStatements = counter.statements - stats0.statements;
    const consumeRows = counter.rows - stats0.rows;
    for (const l of loops) await l.stop();
    // Throughput after the warm-up (the first job of each worker loads OpenCascade and the ONNX session).
    const warm = completions[workers - 1]!;
    const last = completions.at(-1)!;
    const measured = files.length - workers;
    return {
      workers,
      jobs: files.length,
      partsPerSec: Number(((measured * 1000) / (last - warm)).toFixed(2)),
      wallS: Number((wall / 1000).toFixed(1)),
      cpuPerWall: Number(((cpu.user + cpu.system) / 1000 / wall).toFixed(2)),
      submit: { statementsPerJob: Number((submitStatements / files.length).toFixed(2)), rowsPerJob: Number((submitRows / files.length).toFixed(2)) },
      consume: { statementsPerJob: Number((consumeStatements / files.length).toFixed(2)), rowsPerJob: Number((consumeRows / files.length).toFixed(2)) },
      load1: Number(loadavg()[0]!.toFixed(1)),
    };
  } finally {
    await analyzerPool.close();
    await boss.stop({ graceful: false, wait: true });
    await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await pool.end();
  }
}

const rows = [];
for (const w of workerCounts) {
  const row = await measure(w);
  log(JSON.stringify(row));
  rows.push(row);
}
const base = rows.find((r) => r.workers === 1);
for (const r of rows) if (base && r !== base) log(`speed-up ${r.workers}/1 workers: ${(r.partsPerSec / base.partsPerSec).toFixed(2)}×`);
if (args.includes('--json')) process.stdout.write(`${JSON.stringify({ count, rows }, null, 2)}\n`);
process.exit(0);
