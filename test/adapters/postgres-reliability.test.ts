import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { dirname } from 'node:path';
import { rm } from 'node:fs/promises';
import type pg from 'pg';
import { isCadlensError, type CadlensError } from 'cadlens';
import { makeAuditEvent, makeDeadLetter } from 'cadlens/testing';
import { createPostgresStores, migrate } from '../../adapters/postgres/index.js';
import { PG_HOST, PG_PORT, PG_URL, dropSchema, newPool, pgSkipReason, testSchemaName } from './helpers/pg.js';
import { bundleForChild, childScript } from './helpers/bundle.js';

const skip = await pgSkipReason();
const schema = testSchemaName('pgrel');
let pool: pg.Pool;

beforeAll(async () => {
  if (skip) return;
  pool = newPool(60);
  await migrate({ pool, schema });
});
afterAll(async () => {
  if (skip) return;
  await dropSchema(pool, schema);
  await pool.end();
});

/** A TCP proxy to the real PostgreSQL that can be killed (all sockets destroyed) and restarted. */
class KillableProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  port = 0;
  async start(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect({ host: PG_HOST, port: PG_PORT });
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }
  async stop(): Promise<void> {
    const s = this.server;
    this.server = null;
    for (const sock of this.sockets) sock.destroy();
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(skip)(`postgres reliability (real PostgreSQL)${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it('50 concurrent writers: no lost record and no lost compare-and-set update', async () => {
    const stores = await createPostgresStores({ pool, schema });
    const writers = 50;
    const perWriter = 20;
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        for (let i = 0; i < perWriter; i++) {
          await stores.deadLetters.put(makeDeadLetter(`w${w}-d${i}`, w * 1000 + i));
          await stores.audit.append(makeAuditEvent(`w${w}-e${i}`, w * 1000 + i));
        }
      }),
    );
    const { rows: d } = await pool.query(`SELECT count(*)::int AS n, count(DISTINCT id)::int AS u FROM "${schema}".failed_cad_analyses WHERE id LIKE 'w%-d%'`);
    expect(d[0]).toEqual({ n: writers * perWriter, u: writers * perWriter });
    expect((await stores.audit.query({ limit: 5000 })).filter((e) => /^w\d+-e\d+$/.test(e.id))).toHaveLength(writers * perWriter);
    // 50 writers each increment a shared counter 5 times through compare-and-set retries
    const bs = stores.breakerState;
    await bs.compareAndSet('counter', 0, { state: 'closed', failureCount: 0, openedAt: null, lastFailureTime: null, windowStartedAt: null });
    await Promise.all(
      Array.from({ length: writers }, async () => {
        for (let k = 0; k < 5; k++) {
          for (;;) {
            const cur = (await bs.get('counter'))!;
            if (await bs.compareAndSet('counter', cur.version, { ...cur, failureCount: cur.failureCount + 1 })) break;
          }
        }
      }),
    );
    expect(await bs.get('counter')).toMatchObject({ failureCount: writers * 5, version: 1 + writers * 5 });
    await stores.close();
  });

  it('the database going away mid-run gives systemic STORE_UNAVAILABLE (no secret in it) and recovers when it returns', async () => {
    const proxy = new KillableProxy();
    await proxy.start();
    const secret = 'pw-must-not-leak-42';
    const stores = await createPostgresStores({
      connectionString: `postgres://postgres:${secret}@127.0.0.1:${proxy.port}/test`,
      schema,
      poolOptions: { max: 4, connectionTimeoutMillis: 1000 },
    });
    const acked: string[] = [];
    const errors: unknown[] = [];
    let running = true;
    let n = 0;
    const loop = (async () => {
      while (running) {
        const id = `outage-${n++}`;
        try {
          await stores.audit.append(makeAuditEvent(id, n));
          acked.push(id);
        } catch (e) {
          errors.push(e);
          await sleep(20);
        }
      }
    })();
    await sleep(300);
    const ackedBeforeOutage = acked.length;
    await proxy.stop(); // the store goes away mid-run
    await sleep(600);
    const errorsDuringOutage = errors.length;
    await proxy.start(); // same port: it comes back
    const deadline = Date.now() + 10_000;
    while (acked.length <= ackedBeforeOutage + 5 && Date.now() < deadline) await sleep(50);
    const lastErrors = errors.length;
    await sleep(300);
    running = false;
    await loop;
    expect(ackedBeforeOutage).toBeGreaterThan(0);
    expect(errorsDuringOutage).toBeGreaterThan(0);
    expect(errors.length).toBe(lastErrors); // once recovered, no more errors
    for (const e of errors) {
      expect(isCadlensError(e)).toBe(true);
      const ce = e as CadlensError;
      expect([ce.code, ce.kind, ce.stage]).toEqual(['STORE_UNAVAILABLE', 'systemic', 'storage']);
      expect(`${ce.message} ${JSON.stringify(ce.toJSON())}`).not.toContain(secret);
    }
    // every write that was acknowledged is there
    const { rows } = await pool.query(`SELECT id FROM "${schema}".cad_processing_audit WHERE id LIKE 'outage-%'`);
    const present = new Set(rows.map((r) => r.id));
    for (const id of acked) expect(present.has(id), `acked ${id} lost`).toBe(true);
    expect(acked.length).toBeGreaterThan(ackedBeforeOutage + 5);
    await stores.close();
    await proxy.stop();
  });

  it('a backend terminated mid-query (pg_terminate_backend) gives STORE_UNAVAILABLE, then the pool reconnects', async () => {
    const app = `cadlens-term-${process.pid}`;
    const stores = await createPostgresStores({ connectionString: PG_URL, schema, poolOptions: { max: 2, application_name: app } });
    await stores.deadLetters.put(makeDeadLetter('term-1', 0));
    // Block the store's next query behind a table lock, then kill its backend while it waits.
    const locker = await pool.connect();
    await locker.query('BEGIN');
    await locker.query(`LOCK TABLE "${schema}".failed_cad_analyses IN ACCESS EXCLUSIVE MODE`);
    const pending = stores.deadLetters.get('term-1').then(
      () => undefined,
      (e: unknown) => e,
    );
    for (let i = 0; i < 50; i++) {
      const { rows } = await pool.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'`, [app]);
      if (rows[0].n > 0) break;
      await sleep(20);
    }
    await pool.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [app]);
    const err = await pending;
    await locker.query('ROLLBACK');
    locker.release();
    expect(isCadlensError(err) && [err.code, err.kind]).toEqual(['STORE_UNAVAILABLE', 'systemic']);
    expect((await stores.deadLetters.get('term-1'))?.id).toBe('term-1');
    await stores.close();
  });

  it('three Node processes share one breaker: after the timeout exactly one of them probes (CircuitBreaker from cadlens)', async () => {
    const bundle = await bundleForChild('test/adapters/children/pg-breaker-entry.ts', 'pg-breaker');
    try {
      const stores = await createPostgresStores({ pool, schema });
      const name = `shared-${process.pid}`;
      const timeoutMs = 1500;
      const openedAt = Date.now();
      expect(await stores.breakerState.compareAndSet(name, 0, { state: 'open', failureCount: 5, openedAt, lastFailureTime: openedAt, windowStartedAt: null })).toBe(true);
      const startAt = openedAt + timeoutMs + 1000; // all three call at the same instant, after the timeout
      const runs = await Promise.all(
        [0, 1, 2].map(
          (i) =>
            new Promise<{ out: string; err: string; code: number | null }>((resolve) => {
              const c = spawn(process.execPath, [childScript('pg-breaker.mjs'), PG_URL, schema, name, `proc-${i}`, String(timeoutMs), String(startAt), '400'], {
                env: { ...process.env, CADLENS_PG_BUNDLE: bundle },
              });
              let out = '';
              let err = '';
              c.stdout.on('data', (d) => (out += d));
              c.stderr.on('data', (d) => (err += d));
              c.on('close', (code) => resolve({ out, err, code }));
            }),
        ),
      );
      for (const r of runs) expect(r.err, r.err).toBe('');
      const results = runs.map((r) => JSON.parse(r.out.trim()) as { owner: string; before: string; outcome: string; code?: string; reason?: string; storeDegraded: boolean });
      expect(results.map((r) => r.before)).toEqual(['open', 'open', 'open']);
      expect(results.filter((r) => r.outcome === 'probed')).toHaveLength(1);
      const refused = results.filter((r) => r.outcome === 'refused');
      expect(refused).toHaveLength(2);
      for (const r of refused) expect([r.code, r.reason]).toEqual(['BREAKER_OPEN', 'probe_in_progress']);
      expect(results.every((r) => !r.storeDegraded)).toBe(true);
      const final = await stores.breakerState.get(name);
      expect(final).toMatchObject({ state: 'closed', failureCount: 0, probeLeaseOwner: null });
      await stores.close();
    } finally {
      await rm(dirname(bundle), { recursive: true, force: true });
    }
  });
});
