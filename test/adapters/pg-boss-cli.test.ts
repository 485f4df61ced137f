import { afterAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { createPostgresStores, migrate } from '../../adapters/postgres/index.js';
import { CircuitBreaker } from '../../src/resilience/circuit-breaker.js';
import { runCliProcess, spawnCli } from '../support/cli-process.js';
import { PG_URL, dropSchema, newPool, pgSkipReason, testSchemaName } from './helpers/pg.js';

const skip = await pgSkipReason();
const fixtures = fileURLToPath(new URL('../fixtures/step/', import.meta.url));

describe.skipIf(skip)(`cadlens batch submit|status|results with a cadlens worker (real processes, real PostgreSQL)${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const schema = testSchemaName('batchcli');
  const bossSchema = testSchemaName('batchcli_boss');
  const pool = newPool(2);
  afterAll(async () => {
    await dropSchema(pool, schema);
    await dropSchema(pool, bossSchema);
    await pool.end();
  });

  it('submits files by path, reports counts by state, and lists every finished job; the worker obeys the breaker in the database', async () => {
    await migrate({ connectionString: PG_URL, schema });
    // Another process isolated the shared Tier 1 breaker: this worker must degrade with it.
    const stores = await createPostgresStores({ connectionString: PG_URL, schema });
    await new CircuitBreaker({ name: 'aagnet', store: stores.breakerState }).isolate();
    await stores.close();
    const env = { DATABASE_URL: PG_URL, CADLENS_PG_SCHEMA: schema, CADLENS_PGBOSS_SCHEMA: bossSchema };
    const files = ['cube.step', 'plate-hole.step'].map((f) => `${fixtures}${f}`);
    const submitted = await runCliProcess(['batch', 'submit', ...files], { env });
    expect(submitted.code).toBe(0);
    const { batchId, jobs } = JSON.parse(submitted.stdout) as { batchId: string; jobs: number };
    expect(jobs).toBe(2);
    const before = JSON.parse((await runCliProcess(['batch', 'status', batchId], { env })).stdout);
    expect(before).toMatchObject({ batchId, total: 2 });

    const worker = spawnCli(['worker'], { env });
    worker.stdin.end();
    worker.stdout.resume();
    worker.stderr.resume();
    const exited = new Promise<number | null>((r) => worker.once('close', (code) => r(code)));
    try {
      let status = before;
      for (let i = 0; i < 120 && (status.byState.completed ?? 0) < 2; i++) {
        await new Promise((r) => setTimeout(r, 1000));
        status = JSON.parse((await runCliProcess(['batch', 'status', batchId], { env })).stdout);
      }
      expect(status).toEqual({ batchId, total: 2, byState: { completed: 2 } });
    } finally {
      worker.kill('SIGTERM');
    }
    expect(await exited).toBe(0);

    const results = await runCliProcess(['batch', 'results', batchId, '--ndjson'], { env });
    const lines = results.stdout.trim().split('\n').map(
      (l) => JSON.parse(l) as { name: string; outcome: string; result?: { part: { faces: unknown[] }; recognition: { tier: number; skipped: { tier: number; reason: string }[] } } },
    );
    expect(lines.map((l) => [l.name.split('/').at(-1), l.outcome]).sort()).toEqual([
      ['cube.step', 'result'],
      ['plate-hole.step', 'result'],
    ]);
    expect(lines.find((l) => l.name.endsWith('cube.step'))!.result!.part.faces).toHaveLength(6);
    for (const l of lines) expect(l.result!.recognition.skipped.find((s) => s.tier === 1)?.reason).toBe('breaker_open');

    const usage = await runCliProcess(['batch', 'status'], { env });
    expect([usage.code, usage.stderr.split('\n')[0]]).toEqual([2, 'cadlens batch: status takes one batch id']);
  }, 300_000);
});
