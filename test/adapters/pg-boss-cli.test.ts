import { afterAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPostgresStores, migrate } from '../../adapters/postgres/index.js';
import { CircuitBreaker } from '../../src/resilience/circuit-breaker.js';
import { runCliProcess, spawnCli } from '../support/cli-process.js';
import { PG_URL, dropSchema, newPool, pgSkipReason, testSchemaName } from './helpers/pg.js';

const skip = await pgSkipReason();
const fixtures = fileURLToPath(new URL('../fixtures/step/', import.meta.url));
const STORAGE_KEY = 'sb_secret_CliTestServiceRoleKey0123';

describe.skipIf(skip)(`cadlens batch submit|status|results with a cadlens worker (real processes, real PostgreSQL)${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const schema = testSchemaName('batchcli');
  const bossSchema = testSchemaName('batchcli_boss');
  const pool = newPool(2);
  const servers: Server[] = [];
  afterAll(async () => {
    for (const s of servers) s.close();
    await dropSchema(pool, schema);
    await dropSchema(pool, bossSchema);
    await pool.end();
  });

  it('submits files by path, reports counts by state, jobs/s and ETA, follows a batch of inline bytes, URLs and a Storage object with progress lines, lists every finished job, redrives a dead letter through pg-boss; the worker obeys the breaker in the database', async () => {
    await migrate({ connectionString: PG_URL, schema });
    // Another process isolated the shared Tier 1 breaker: this worker must degrade with it.
    const stores = await createPostgresStores({ connectionString: PG_URL, schema });
    await new CircuitBreaker({ name: 'aagnet', store: stores.breakerState }).isolate();
    await stores.close();
    const env = { DATABASE_URL: PG_URL, CADLENS_PG_SCHEMA: schema, CADLENS_PGBOSS_SCHEMA: bossSchema };
    let goneIsBack = false;
    // A file server for URL inputs, and an HTTP double of Supabase Storage's object download (no project runs here).
    const server = createServer((req, res) => {
      if (req.url === '/plate.step?token=tok-SECRET-42') return void res.writeHead(200).end(readFileSync(`${fixtures}plate-hole.step`));
      if (req.url === '/gone.step?token=tok-SECRET-42' && goneIsBack) return void res.writeHead(200).end(readFileSync(`${fixtures}cube.step`));
      if (req.url === '/storage/v1/object/parts/lib/cube.step' && req.headers.authorization === `Bearer ${STORAGE_KEY}`) return void res.writeHead(200).end(readFileSync(`${fixtures}cube.step`));
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    servers.push(server);
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const files = ['cube.step', 'plate-hole.step'].map((f) => `${fixtures}${f}`);
    const submitted = await runCliProcess(['batch', 'submit', ...files], { env });
    expect(submitted.code).toBe(0);
    const { batchId, jobs } = JSON.parse(submitted.stdout) as { batchId: string; jobs: number }; // not a terminal: no following by default
    expect(jobs).toBe(2);
    const before = JSON.parse((await runCliProcess(['batch', 'status', batchId], { env })).stdout);
    expect(before).toMatchObject({ batchId, total: 2 });

    const worker = spawnCli(['worker'], { env: { ...env, SUPABASE_URL: base, SUPABASE_SERVICE_ROLE_KEY: STORAGE_KEY } });
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
      expect(status).toMatchObject({ batchId, total: 2, byState: { completed: 2 }, deadLetters: 0, etaSeconds: 0 });
      expect(status.jobsPerSecond).toBeGreaterThan(0);

      // Submit and follow (not a terminal: plain lines): a file's bytes inline, a URL the worker fetches, a
      // missing URL, an object in (the HTTP double of) Supabase Storage.
      const followed = await runCliProcess(
        [
          'batch', 'submit', '--follow', '--progress-interval-s', '1', '--inline', '--mesh', 'never', `${fixtures}cube.step`,
          `${base}/plate.step?token=tok-SECRET-42`, `${base}/gone.step?token=tok-SECRET-42`, 'supabase-storage://parts/lib/cube.step',
        ],
        { env, timeoutMs: 240_000 },
      );
      expect(followed.code).toBe(0);
      const final = JSON.parse(followed.stdout) as { batchId: string; jobs: number; status: { total: number; byState: Record<string, number>; deadLetters: number } };
      expect(final).toMatchObject({ jobs: 4, status: { total: 4, byState: { completed: 4 }, deadLetters: 1 } });
      const lines = followed.stderr.trim().split('\n');
      expect(lines[0]).toBe(`cadlens batch: 4 jobs in batch ${final.batchId}`);
      expect(lines.at(-1)).toMatch(/^cadlens batch: 4\/4 ended \(1 dead letter\) · [\d.]+ jobs\/s$/);
      expect(followed.stderr).not.toMatch(/[\r\x1b]/); // no terminal control off a terminal
      expect(followed.stderr + followed.stdout).not.toContain('tok-SECRET-42');
      const rows = (await runCliProcess(['batch', 'results', final.batchId, '--ndjson'], { env })).stdout.trim().split('\n').map(
        (l) => JSON.parse(l) as { jobId: string; name: string; outcome: string; code?: string; deadLetterId?: string; result?: { part: { faces: { triangleCount: number }[] } } },
      );
      // Submitted with --mesh never: the worker analysed these jobs without OpenCascade (no triangles).
      for (const r of rows.filter((r) => r.outcome === 'result')) expect(r.result!.part.faces.every((f) => f.triangleCount === 0), r.name).toBe(true);
      expect(rows.map((r) => [r.name.replace(base, ''), r.outcome, r.code ?? null]).sort()).toEqual([
        ['/gone.step', 'dead_letter', 'INTAKE_NOT_FOUND'],
        ['/plate.step', 'result', null],
        [`${fixtures}cube.step`, 'result', null],
        ['supabase-storage://parts/lib/cube.step', 'result', null],
      ].sort()); // sorted like the rows: where the checkout lives decides where the fixture path falls

      // The missing file appeared: redrive its dead letter through pg-boss; the new job ends with a result.
      goneIsBack = true;
      const gone = rows.find((r) => r.outcome === 'dead_letter')!;
      const redriven = await runCliProcess(['batch', 'redrive', gone.deadLetterId!], { env });
      expect(redriven.code).toBe(0);
      const [{ jobId: newJob }] = (JSON.parse(redriven.stdout) as { redriven: { deadLetterId: string; jobId: string }[] }).redriven;
      let after = JSON.parse((await runCliProcess(['batch', 'status', final.batchId], { env })).stdout);
      for (let i = 0; i < 120 && (after.byState.completed ?? 0) < 5; i++) {
        await new Promise((r) => setTimeout(r, 1000));
        after = JSON.parse((await runCliProcess(['batch', 'status', final.batchId], { env })).stdout);
      }
      expect(after).toMatchObject({ total: 5, byState: { completed: 5 }, deadLetters: 1 });
      const again = (await runCliProcess(['batch', 'results', final.batchId, '--ndjson'], { env })).stdout.trim().split('\n').map((l) => JSON.parse(l) as { jobId: string; outcome: string });
      expect(again.find((r) => r.jobId === newJob)).toMatchObject({ outcome: 'result' });
      // A second redrive of the same record is nothing to do: a typed answer and exit 0, not a usage error.
      const twice = await runCliProcess(['batch', 'redrive', gone.deadLetterId!], { env });
      const redrivenAt = (JSON.parse(twice.stdout) as { alreadyRedriven: { redrivenAt: string }[] }).alreadyRedriven[0]?.redrivenAt;
      expect(Number.isNaN(Date.parse(redrivenAt ?? ''))).toBe(false);
      expect(JSON.parse(twice.stdout)).toEqual({ redriven: [], alreadyRedriven: [{ deadLetterId: gone.deadLetterId, redrivenAt }], failed: [] });
      expect([twice.code, twice.stderr]).toEqual([0, `cadlens batch: redrive: ${gone.deadLetterId}: already redriven at ${redrivenAt}; nothing to do\n`]);
      // `--database-url` names the database the dead letters are read from too, whatever DATABASE_URL says.
      const byFlag = await runCliProcess(['batch', 'redrive', gone.deadLetterId!, '--database-url', PG_URL], { env: { ...env, DATABASE_URL: 'postgres://127.0.0.1:1/nowhere' } });
      expect([byFlag.code, JSON.parse(byFlag.stdout)]).toEqual([0, { redriven: [], alreadyRedriven: [{ deadLetterId: gone.deadLetterId, redrivenAt }], failed: [] }]);
      // With an unknown id beside it: each id gets its answer, and the unknown one makes the exit status 1.
      const mixed = await runCliProcess(['batch', 'redrive', gone.deadLetterId!, 'no-such-dead-letter'], { env });
      expect(mixed.code).toBe(1);
      expect(JSON.parse(mixed.stdout)).toEqual({
        redriven: [],
        alreadyRedriven: [{ deadLetterId: gone.deadLetterId, redrivenAt }],
        failed: [{ deadLetterId: 'no-such-dead-letter', code: 'DLQ_NOT_FOUND', message: 'No dead letter with id "no-such-dead-letter"' }],
      });
      expect(mixed.stderr).toContain('cadlens batch: redrive: no-such-dead-letter: DLQ_NOT_FOUND: No dead letter with id "no-such-dead-letter"\n');
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

    const unknown = await runCliProcess(['batch', 'status', 'no-such-batch'], { env });
    expect([unknown.code, unknown.stdout, unknown.stderr.split('\n')[0]]).toEqual([1, '', 'cadlens batch: status: no jobs for batch "no-such-batch" (unknown id, or its jobs were deleted by pg-boss retention)']);

    const usage = await runCliProcess(['batch', 'status'], { env });
    expect([usage.code, usage.stderr.split('\n')[0]]).toEqual([2, 'cadlens batch: status takes one batch id']);
    const badMesh = await runCliProcess(['batch', 'submit', '--mesh', 'sometimes', `${fixtures}cube.step`], { env });
    expect([badMesh.code, badMesh.stderr.split('\n')[0]]).toEqual([2, 'cadlens batch: submit: mesh must be auto, always, never (--mesh, --tier, --validate-only)']);
  }, 300_000);
});
