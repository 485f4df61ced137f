import { afterAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CadlensError } from '../../src/index.js';
import { createDeadLetterQueue } from '../../src/resilience/dead-letter-queue.js';
import { createMemoryStores } from '../../adapters/memory/index.js';
import { createNodeAnalyzer } from '../../src/runtime/node/analyze-file.js';
import { createPgBossQueue, type QueueAnalyzer } from '../../adapters/pg-boss/index.js';
import { PG_URL, dropSchema, newPool, pgSkipReason, testSchemaName } from './helpers/pg.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/step/${name}`, import.meta.url));
const skip = await pgSkipReason();

describe.skipIf(skip)(`cadlens/adapters/pg-boss on the real PostgreSQL${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const schema = testSchemaName('pgboss');
  const pool = newPool(2);
  const analyzer = createNodeAnalyzer();
  afterAll(async () => {
    await analyzer.dispose();
    await dropSchema(pool, schema);
    await pool.end();
  });

  it('each job ends exactly once: results, permanent failures straight to the DLQ, transient ones retried, exhausted retries dead-lettered, a re-run never records twice', async () => {
    const queue = await createPgBossQueue({ connectionString: PG_URL, schema, retryLimit: 1, retryDelaySeconds: 1 });
    const store = createMemoryStores().deadLetters;
    const deadLetters = createDeadLetterQueue({ store, includeInputBytes: true });
    // A real analyzer, behind a test double that fails some names transiently (an outage we cannot cause for real here).
    const attempts = new Map<string, number>();
    const flaky: QueueAnalyzer = {
      analyze(bytes, call) {
        const n = (attempts.get(call.name) ?? 0) + 1;
        attempts.set(call.name, n);
        if (call.name === 'flaky-once.step' && n === 1) return Promise.reject(new CadlensError('TIMEOUT', 'simulated transient failure', { kind: 'transient' }));
        if (call.name === 'always-transient.step') return Promise.reject(new CadlensError('TIMEOUT', 'simulated transient failure', { kind: 'transient' }));
        return analyzer.analyze(bytes, call);
      },
    };
    try {
      const { batchId, jobIds } = await queue.submit([
        { input: { path: fixture('cube.step') }, name: 'cube.step', correlationId: 'c-1' },
        { input: { bytesBase64: Buffer.from('ISO-10303-21;\nnot really\n').toString('base64') }, name: 'bad.step' },
        { input: { path: fixture('no-such-file.step') }, name: 'missing.step' },
        { input: { path: fixture('plate-hole.step') }, name: 'flaky-once.step' },
        { input: { path: fixture('cube.step') }, name: 'always-transient.step' },
        { input: { path: fixture('no-such-file.step') }, name: 'died-after-recording.step' },
      ]);
      expect(jobIds).toHaveLength(6);
      // As if an earlier worker had recorded this job's dead letter and been killed before completing it.
      const earlier = await createDeadLetterQueue({ store, generateId: () => jobIds[5]! }).add({
        error: new CadlensError('INTAKE_NOT_FOUND', 'recorded by a worker that then died', { kind: 'permanent' }),
        input: { name: 'died-after-recording.step' },
        stage: 'input',
        requestId: jobIds[5]!,
      });
      // Read before any worker exists: a worker started first may already hold a job.
      let status = await queue.status(batchId);
      expect(status).toMatchObject({ total: 6, byState: { created: 6 }, startedAt: null, jobsPerSecond: null, etaSeconds: null });
      const worker = await queue.work({ analyzer: flaky, deadLetters: { store, includeInputBytes: true }, workerId: 'worker-A' });
      for (let i = 0; i < 240 && (status.byState.completed ?? 0) < 6; i++) {
        await new Promise((r) => setTimeout(r, 500));
        status = await queue.status(batchId);
      }
      await worker.stop();
      expect(status).toMatchObject({ batchId, total: 6, byState: { completed: 6 }, etaSeconds: 0 });
      expect(status.jobsPerSecond).toBeGreaterThan(0);
      expect(Date.parse(status.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(status.startedAt!));

      const results = await queue.results(batchId);
      expect(results.map((r) => r.jobId).sort()).toEqual([...jobIds].sort()); // each job once
      const byName = Object.fromEntries(results.map((r) => [r.name, r]));
      expect(byName['cube.step']).toMatchObject({ outcome: 'result', correlationId: 'c-1' });
      expect(byName['flaky-once.step']).toMatchObject({ outcome: 'result' });
      expect(byName['bad.step']).toMatchObject({ outcome: 'dead_letter', kind: 'permanent' });
      expect(byName['missing.step']).toMatchObject({ outcome: 'dead_letter', code: 'INTAKE_NOT_FOUND', kind: 'permanent' });
      expect(byName['always-transient.step']).toMatchObject({ outcome: 'dead_letter', code: 'TIMEOUT', kind: 'transient' });
      expect(attempts.get('flaky-once.step')).toBe(2);
      expect(attempts.get('always-transient.step')).toBe(2); // the first run and its one retry
      expect(attempts.get('bad.step')).toBe(1); // permanent: never retried
      // The re-run found the earlier dead letter: the job ends with it, and there is still one.
      expect(byName['died-after-recording.step']).toMatchObject({ outcome: 'dead_letter', deadLetterId: earlier.id });

      // Exhausted retries: the dead letter holds every attempt, with its time, worker, code and kind.
      const exhausted = await deadLetters.get(byName['always-transient.step']!.jobId);
      expect(exhausted!.attempts.map((a) => [a.workerId, a.code, a.kind])).toEqual([
        ['worker-A', 'TIMEOUT', 'transient'],
        ['worker-A', 'TIMEOUT', 'transient'],
      ]);
      expect(Date.parse(exhausted!.attempts[1]!.at)).toBeGreaterThan(Date.parse(exhausted!.attempts[0]!.at));
      expect(byName['always-transient.step']).toMatchObject({ attempts: 2 });
      expect(byName['flaky-once.step']).toMatchObject({ attempts: 2 });
      // Permanent: straight to the dead letters, one attempt.
      expect((await deadLetters.get(byName['bad.step']!.jobId))!.attempts.map((a) => [a.workerId, a.kind])).toEqual([['worker-A', 'permanent']]);
      // The attempt log keeps only jobs in flight: none now.
      const left = await pool.query(`SELECT count(*)::int AS n FROM "${schema}".cadlens_job_attempt`);
      expect(left.rows[0].n).toBe(0);

      const letters = await deadLetters.list({});
      expect(letters.map((l) => l.requestId).sort()).toEqual(
        ['bad.step', 'missing.step', 'always-transient.step', 'died-after-recording.step'].map((n) => byName[n]!.jobId).sort(),
      );
    } finally {
      await queue.close();
    }
  }, 240_000);

  it('a job whose attempts all outlast their expiry (as when its worker dies) is dead-lettered by the extra run, with each lost attempt in its history', async () => {
    const queue = await createPgBossQueue({ connectionString: PG_URL, schema, queue: 'cadlens-expiry', retryLimit: 1, retryDelaySeconds: 1, expireInSeconds: 1 });
    const store = createMemoryStores().deadLetters;
    let calls = 0;
    // Hangs until pg-boss gives up on the attempt (its signal aborts), like a worker that stopped answering.
    const hanging: QueueAnalyzer = {
      analyze(_bytes, call) {
        calls++;
        return new Promise((_resolve, reject) => call.signal?.addEventListener('abort', () => reject(new Error('aborted')), { once: true }));
      },
    };
    try {
      const { batchId, jobIds } = await queue.submit([{ input: { path: fixture('cube.step') }, name: 'hangs.step' }]);
      const worker = await queue.work({ analyzer: hanging, deadLetters: { store }, workerId: 'worker-H' });
      for (let i = 0; i < 120 && ((await queue.status(batchId)).byState.completed ?? 0) < 1; i++) await new Promise((r) => setTimeout(r, 500));
      await worker.stop();
      const [only] = await queue.results(batchId);
      expect(only).toMatchObject({ jobId: jobIds[0], outcome: 'dead_letter', code: 'WORKER_CRASHED', kind: 'transient', attempts: 2 });
      expect(calls).toBe(2); // the extra run only dead-letters; it does not analyse a third time
      const record = await store.get(jobIds[0]!);
      expect(record!.attempts.map((a) => [a.workerId, a.code, a.kind])).toEqual([
        ['worker-H', 'WORKER_CRASHED', 'transient'],
        ['worker-H', 'WORKER_CRASHED', 'transient'],
      ]);
      expect((await queue.status(batchId)).byState).toEqual({ completed: 1 }); // never `failed`
    } finally {
      await queue.close();
    }
  }, 240_000);

  it('redrive re-enqueues a dead letter through pg-boss: the missing file appeared, the new job ends with a result', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cadlens-redrive-'));
    const later = join(dir, 'arrives-later.step');
    const queue = await createPgBossQueue({ connectionString: PG_URL, schema, queue: 'cadlens-redrive', retryLimit: 0 });
    const store = createMemoryStores().deadLetters;
    const deadLetters = createDeadLetterQueue({ store });
    try {
      const { batchId, jobIds } = await queue.submit([{ input: { path: later }, name: 'arrives-later.step' }]);
      const worker = await queue.work({ analyzer, deadLetters: { store } });
      const until = async (n: number) => {
        for (let i = 0; i < 240 && ((await queue.status(batchId)).byState.completed ?? 0) < n; i++) await new Promise((r) => setTimeout(r, 500));
      };
      await until(1);
      expect(await queue.results(batchId)).toMatchObject([{ jobId: jobIds[0], outcome: 'dead_letter', code: 'INTAKE_NOT_FOUND' }]);
      copyFileSync(fixture('cube.step'), later);
      const [again] = await queue.redrive(deadLetters, [jobIds[0]!]);
      expect(again).toBeTypeOf('string');
      await until(2);
      await worker.stop();
      const results = await queue.results(batchId);
      expect(results.map((r) => [r.jobId, r.outcome])).toEqual([
        [jobIds[0], 'dead_letter'],
        [again, 'result'],
      ]);
      expect((await deadLetters.get(jobIds[0]!))?.status).toBe('reprocessed');
      await expect(queue.redrive(deadLetters, [jobIds[0]!])).rejects.toMatchObject({ code: 'USAGE' }); // not pending any more
    } finally {
      await queue.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);

  it('a worker that ended a job takes the next at once: its polling interval only bounds the wait for new work', async () => {
    const queue = await createPgBossQueue({ connectionString: PG_URL, schema, queue: 'cadlens-no-idle', retryLimit: 0 });
    const garbage = Buffer.from('not a STEP file').toString('base64'); // a permanent dead letter at once: no analysis cost
    try {
      const { batchId } = await queue.submit(Array.from({ length: 4 }, (_, i) => ({ input: { bytesBase64: garbage }, name: `g${i}.step` })));
      const began = Date.now();
      // pg-boss alone would wait 30 s after each of the four jobs before fetching the next (≥ 90 s in all).
      const worker = await queue.work({ analyzer, deadLetters: { store: createMemoryStores().deadLetters }, pollingIntervalSeconds: 30 });
      let done = 0;
      while (done < 4 && Date.now() - began < 28_000) {
        await new Promise((r) => setTimeout(r, 250));
        done = (await queue.status(batchId)).byState.completed ?? 0;
      }
      await worker.stop();
      expect(done).toBe(4); // within the first polling interval
    } finally {
      await queue.close();
    }
  }, 120_000);
});
