import { afterAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { migrate, createPostgresStores } from '../../adapters/postgres/index.js';
import { createPgBossQueue } from '../../adapters/pg-boss/index.js';
import { spawnCli } from '../support/cli-process.js';
import { evenSample, mfcadNames, REPO_DIR, SHARED_DIR } from '../support/shared-data.js';
import { mfcadDir } from '../../tools/eval/mfcad-split.js';
import { PG_URL, dropSchema, newPool, pgSkipReason, testSchemaName } from './helpers/pg.js';

const skip = await pgSkipReason();
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/step/${name}`, import.meta.url));

/** 60 MFCAD parts when the dataset is there, else the repository's fixtures over and over (same checks). */
function partPaths(count: number): { paths: string[]; source: string } {
  if (existsSync(join(REPO_DIR, '.cache', 'mfcad')) || existsSync(join(SHARED_DIR, 'datasets', 'mfcad'))) {
    const dir = mfcadDir(REPO_DIR);
    return { paths: evenSample(mfcadNames(dir), count).map((n) => join(dir, `${n}.step`)), source: 'MFCAD' };
  }
  const fixtures = ['cube.step', 'plate-hole.step', 'block-pocket.step'].map(fixture);
  return { paths: Array.from({ length: count }, (_, i) => fixtures[i % fixtures.length]!), source: 'fixtures' };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Issue 14, item 4, CI size: 3 `cadlens worker` processes on the real PostgreSQL, 60 parts + 3
// malformed files (5 %), one worker killed with SIGKILL mid-run and a fresh one started: every job
// ends exactly once, as a result or a dead letter. Bounded: the whole test has 10 minutes.
describe.skipIf(skip)(`cadlens worker processes on pg-boss, one killed with SIGKILL${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const schema = testSchemaName('kill');
  const bossSchema = testSchemaName('kill_boss');
  const pool = newPool(2);
  const children: ChildProcessWithoutNullStreams[] = [];
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await dropSchema(pool, schema);
    await dropSchema(pool, bossSchema);
    await pool.end();
  });

  it('all jobs end exactly once as a result or a dead letter; none twice, none lost; a restarted worker picks up', async () => {
    await migrate({ connectionString: PG_URL, schema });
    const queue = await createPgBossQueue({ connectionString: PG_URL, schema: bossSchema, expireInSeconds: 30, maintenanceIntervalSeconds: 5 });
    const stores = await createPostgresStores({ connectionString: PG_URL, schema });
    try {
      const { paths } = partPaths(60);
      const malformed = ['ISO-10303-21;\nnot really\n', 'random bytes \u0000\u0001', 'ISO-10303-21;\nHEADER;\nENDSEC;\nDATA;\n#1=FOO(#99);\nENDSEC;\nEND-ISO-10303-21;\n'];
      const { batchId, jobIds } = await queue.submit([
        ...paths.map((p, i) => ({ input: { path: p }, name: `part-${i}.step` })),
        ...malformed.map((text, i) => ({ input: { bytesBase64: Buffer.from(text).toString('base64') }, name: `malformed-${i}.step` })),
      ]);
      const total = jobIds.length;
      const env = { DATABASE_URL: PG_URL, CADLENS_PG_SCHEMA: schema, CADLENS_PGBOSS_SCHEMA: bossSchema };
      const start = () => {
        const child = spawnCli(['worker', '--expire-s', '30', '--maintenance-s', '5'], { env });
        child.stdin.end();
        child.stdout.resume();
        child.stderr.resume();
        children.push(child);
        return child;
      };
      const exitOf = (c: ChildProcessWithoutNullStreams) => new Promise<{ code: number | null; signal: string | null }>((r) => c.once('close', (code, signal) => r({ code, signal })));
      const workers = [start(), start(), start()];
      const deadline = Date.now() + 480_000;
      let status = await queue.status(batchId);
      // Kill mid-run, while jobs are in flight: poll often (a loaded machine is slow, a quiet one finishes the
      // whole batch in seconds) and strike at the first poll that sees some jobs done and some active.
      while (!((status.byState.completed ?? 0) >= 5 && (status.byState.active ?? 0) >= 1) && Date.now() < deadline) {
        await sleep(50);
        status = await queue.status(batchId);
      }
      const activeAtKill = status.byState.active ?? 0;
      const killed = workers[0]!;
      const killedExit = exitOf(killed);
      killed.kill('SIGKILL');
      expect((await killedExit).signal).toBe('SIGKILL');
      const completedAtRestart = (await queue.status(batchId)).byState.completed ?? 0;
      const replacement = start();
      while ((status.byState.completed ?? 0) < total && Date.now() < deadline) {
        await sleep(1000);
        status = await queue.status(batchId);
      }
      expect(activeAtKill).toBeGreaterThan(0); // the kill landed mid-run, with jobs in flight
      expect(status).toEqual({ batchId, total, byState: { completed: total } });

      // Graceful stop of the rest: SIGTERM, exit 0.
      const live = [workers[1]!, workers[2]!, replacement];
      const exits = live.map(exitOf);
      for (const c of live) c.kill('SIGTERM');
      for (const e of await Promise.all(exits)) expect(e).toEqual({ code: 0, signal: null });

      const results = await queue.results(batchId);
      expect(results).toHaveLength(total); // none twice…
      expect(new Set(results.map((r) => r.jobId))).toEqual(new Set(jobIds)); // …none lost
      const letters = await stores.deadLetters.list({});
      const deadLettered = results.filter((r) => r.outcome === 'dead_letter');
      // One dead letter per dead-lettered job, under the job's id; none for a job that has a result.
      expect(letters.map((l) => l.id).sort()).toEqual(deadLettered.map((r) => r.jobId).sort());
      for (const name of ['malformed-0.step', 'malformed-1.step', 'malformed-2.step'])
        expect(results.find((r) => r.name === name)).toMatchObject({ outcome: 'dead_letter', kind: 'permanent' });
      expect(results.filter((r) => r.outcome === 'result').length).toBeGreaterThanOrEqual(paths.length - 1);
      // The restarted worker picked up: jobs kept completing after it started, to the end.
      expect(completedAtRestart).toBeLessThan(total);
    } finally {
      await queue.close();
      await stores.close();
    }
  }, 600_000);
});
