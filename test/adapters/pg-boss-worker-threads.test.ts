import { afterAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { migrate, createPostgresStores } from '../../adapters/postgres/index.js';
import { createPgBossQueue } from '../../adapters/pg-boss/index.js';
import { spawnCli } from '../support/cli-process.js';
import { PG_URL, dropSchema, newPool, pgSkipReason, testSchemaName } from './helpers/pg.js';

const skip = await pgSkipReason();
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/step/${name}`, import.meta.url));

// `cadlens worker --threads 2`: a real worker process consumes the queue through the analyzer pool's two
// threads, on the real PostgreSQL. Each job still ends once, and a failed one has exactly one dead letter
// (the queue's: the pool's threads record none).
describe.skipIf(skip)(`cadlens worker --threads 2 on the analyzer pool${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const schema = testSchemaName('threads');
  const bossSchema = testSchemaName('threads_boss');
  const pool = newPool(1);
  afterAll(async () => {
    await dropSchema(pool, schema);
    await dropSchema(pool, bossSchema);
    await pool.end();
  });

  it('runs two jobs at once, ends every job once, and writes one dead letter per failed job', async () => {
    await migrate({ connectionString: PG_URL, schema });
    const queue = await createPgBossQueue({ connectionString: PG_URL, schema: bossSchema, retryLimit: 0 });
    const stores = await createPostgresStores({ connectionString: PG_URL, schema });
    const env = { DATABASE_URL: PG_URL, CADLENS_PG_SCHEMA: schema, CADLENS_PGBOSS_SCHEMA: bossSchema };
    const worker = spawnCli(['worker', '--threads', '2'], { env });
    const exited = new Promise<number | null>((r) => worker.on('exit', (code) => r(code)));
    try {
      const parts = Array.from({ length: 6 }, (_, i) => ({ input: { path: fixture(i % 2 ? 'plate-hole.step' : 'block-pocket.step') }, name: `p${i}.step` }));
      const { batchId, jobIds } = await queue.submit([...parts, { input: { bytesBase64: Buffer.from('not a STEP file').toString('base64') }, name: 'bad.step' }], {
        analysis: { mesh: 'never' },
      });
      let status = await queue.status(batchId);
      for (let i = 0; i < 240 && (status.byState.completed ?? 0) < 7; i++) {
        await new Promise((r) => setTimeout(r, 500));
        status = await queue.status(batchId);
      }
      expect(status).toMatchObject({ total: 7, byState: { completed: 7 }, deadLetters: 1 });
      const results = await queue.results(batchId);
      expect(results.map((r) => r.jobId).sort()).toEqual([...jobIds].sort());
      expect(results.filter((r) => r.outcome === 'result')).toHaveLength(6);
      // One dead letter in the workers' PostgreSQL store, under the job's id: the pool's threads wrote none of their own.
      const letters = await stores.deadLetters.list({});
      expect(letters.map((l) => l.id)).toEqual([results.find((r) => r.outcome === 'dead_letter')!.jobId]);
      // Two analyses ran at the same time: some two jobs' runs overlap in pg-boss's own timestamps.
      const { rows } = await pool.query(
        `SELECT started_on AS s, completed_on AS c FROM (SELECT started_on, completed_on, data FROM "${bossSchema}".job UNION ALL SELECT started_on, completed_on, data FROM "${bossSchema}".archive) j WHERE data->>'batchId' = $1`,
        [batchId],
      );
      const runs = (rows as { s: Date; c: Date }[]).map((r) => [r.s.getTime(), r.c.getTime()] as const);
      const overlapping = runs.some(([s1, c1], i) => runs.some(([s2, c2], j) => i !== j && s1 < c2 && s2 < c1));
      expect(overlapping).toBe(true);
    } finally {
      worker.kill('SIGTERM');
      await queue.close();
      await stores.close();
    }
    expect(await exited).toBe(0);
  }, 240_000);
});
