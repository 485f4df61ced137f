import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { runStoreContract, makeAuditEvent, makeDeadLetter } from 'cadlens/testing';
import { isCadlensError, type CadlensError } from 'cadlens';
import { createSupabaseStores } from '../../adapters/supabase/index.js';
import { dropSchema, newPool, pgSkipReason, testSchemaName } from './helpers/pg.js';
import { applySupabaseMigrations } from './helpers/supabase-schema.js';
import { PostgrestDouble } from './helpers/postgrest-double.js';

// ---------------------------------------------------------------- live project (opt-in)
const LIVE_URL = process.env.SUPABASE_URL;
const LIVE_KEY = process.env.SUPABASE_SERVICE_ROLE_KEY;
const liveSkip = !LIVE_URL || !LIVE_KEY
  ? 'SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY are not set'
  : process.env.CADLENS_SUPABASE_LIVE_WIPE_OK !== '1'
    ? 'set CADLENS_SUPABASE_LIVE_WIPE_OK=1 to allow the contract to empty the cadlens tables of that (test) project'
    : false;

async function wipeLive(): Promise<void> {
  const stores = await createSupabaseStores({ url: LIVE_URL!, serviceRoleKey: LIVE_KEY! });
  const far = '9999-01-01T00:00:00.000Z';
  await stores.deadLetters.purge(far);
  await stores.audit.purge(far);
  await stores.metrics.purge(far);
  const { createClient } = await import('@supabase/supabase-js');
  const c = createClient(LIVE_URL!, LIVE_KEY!, { auth: { persistSession: false } });
  await c.from('system_state').delete().neq('name', '');
}

runStoreContract(
  'supabase (live project)',
  async () => {
    await wipeLive();
    return createSupabaseStores({ url: LIVE_URL!, serviceRoleKey: LIVE_KEY! });
  },
  { skip: liveSkip, concurrency: 10 },
);

// ---------------------------------------------------------------- recorded HTTP double
const pgSkip = await pgSkipReason();
const doubleSkip = pgSkip ? `the HTTP double runs on the local PostgreSQL: ${pgSkip}` : false;
const KEY = `sb-service-role-${'k'.repeat(24)}-secret`;
const schema = testSchemaName('sb');
let pool: pg.Pool;
let double: PostgrestDouble;

beforeAll(async () => {
  if (doubleSkip) return;
  pool = newPool(20);
  await applySupabaseMigrations(pool, schema);
  double = new PostgrestDouble(pool, schema, KEY);
  await double.start();
});
afterAll(async () => {
  if (doubleSkip) return;
  await double.stop();
  await dropSchema(pool, schema);
  await pool.end();
});

const TABLES = ['failed_cad_analyses', 'cad_processing_audit', 'cad_processing_samples', 'system_state'];

runStoreContract(
  'supabase (recorded HTTP double)',
  async () => {
    await pool.query(`TRUNCATE ${TABLES.map((t) => `"${schema}".${t}`).join(', ')}`);
    double.mode = 'up';
    return createSupabaseStores({ url: double.url, serviceRoleKey: KEY });
  },
  { skip: doubleSkip },
);

function expectNoKey(e: unknown): void {
  const ce = e as CadlensError;
  const text = [ce.message, JSON.stringify(ce.toJSON()), String((ce.cause as Error | undefined)?.message ?? ''), String(ce.stack)].join('\n');
  expect(text).not.toContain(KEY);
  expect(text).not.toContain('kkkkkkkk');
}

describe.skipIf(doubleSkip)(`supabase adapter specifics (recorded HTTP double)${doubleSkip ? ` (skipped: ${doubleSkip})` : ''}`, () => {
  it('sends the PostgREST request shapes the design relies on (recorded HTTP double)', async () => {
    await pool.query(`TRUNCATE ${TABLES.map((t) => `"${schema}".${t}`).join(', ')}`);
    const stores = await createSupabaseStores({ url: double.url, serviceRoleKey: KEY });
    const from = double.requests.length;
    const bs = stores.breakerState;
    await bs.compareAndSet('b', 0, { state: 'open', failureCount: 5, openedAt: 1, lastFailureTime: 1, windowStartedAt: null });
    await bs.compareAndSet('b', 1, { state: 'half_open', failureCount: 5, openedAt: 1, lastFailureTime: 1, windowStartedAt: null });
    expect(await bs.acquireProbeLease('b', 'owner,with"odd).chars', 1000, 5000)).toBe(true);
    expect(await bs.acquireProbeLease('b', 'other', 1000, 5500)).toBe(false);
    expect(await bs.acquireProbeLease('b', 'owner,with"odd).chars', 1000, 5600)).toBe(true);
    await stores.deadLetters.put(makeDeadLetter('d', 0));
    await stores.deadLetters.list({ kind: 'transient', limit: 5 });
    await stores.audit.query({ type: ['healing_applied', 'reprocessed'] });
    await stores.deadLetters.purge('2000-01-01T00:00:00.000Z');
    const shapes = double.requests.slice(from).map((r) => `${r.method} ${r.table}${decodeURIComponent(r.query)} | ${r.prefer}`);
    expect(shapes[0]).toMatch(/^POST system_state \| /);
    expect(shapes[1]).toMatch(/^PATCH system_state\?.*name=eq\.b.*version=eq\.1.*\| .*return=representation/);
    expect(shapes[2]).toContain('or=(probe_lease_owner.is.null,probe_lease_expires_at.is.null,probe_lease_expires_at.lte.5000,probe_lease_owner.eq."owner,with\\"odd).chars")');
    expect(shapes[5]).toMatch(/^POST failed_cad_analyses/);
    expect(shapes[6]).toMatch(/^GET failed_cad_analyses\?select=\*&error_kind=eq\.transient&order=time\.desc,id\.desc&limit=5/);
    expect(shapes[7]).toContain('event_type=in.(healing_applied,reprocessed)');
    expect(shapes[8]).toMatch(/^DELETE failed_cad_analyses\?time=lt\.2000-01-01T00:00:00\.000Z \| count=exact/);
    expect(double.requests.every((r) => !JSON.stringify(r.body ?? null).includes(KEY))).toBe(true);
  });

  it('API down: systemic STORE_UNAVAILABLE without the key, and recovery (recorded HTTP double)', async () => {
    const stores = await createSupabaseStores({ url: double.url, serviceRoleKey: KEY });
    double.mode = 'down';
    const calls: (() => Promise<unknown>)[] = [
      () => stores.audit.append(makeAuditEvent(`down-${Date.now()}`, 0)),
      () => stores.deadLetters.list(),
      () => stores.breakerState.get('b'),
    ];
    for (const call of calls) {
      const e = await call().then(() => undefined, (x: unknown) => x);
      expect(isCadlensError(e) && [e.code, e.kind, e.stage]).toEqual(['STORE_UNAVAILABLE', 'systemic', 'storage']);
      expectNoKey(e);
    }
    double.mode = 'up';
    await stores.audit.append(makeAuditEvent(`up-${Date.now()}`, 0));
  });

  it('a gateway that echoes the credentials in its error: the key never reaches the CadlensError (recorded HTTP double)', async () => {
    const stores = await createSupabaseStores({ url: double.url, serviceRoleKey: KEY });
    double.mode = 'echo-key';
    const e = await stores.deadLetters.get('x').then(() => undefined, (x: unknown) => x);
    double.mode = 'up';
    expect(isCadlensError(e) && e.code).toBe('STORE_UNAVAILABLE');
    expect((e as CadlensError).details.httpStatus).toBe(500);
    expectNoKey(e);
    expect(String(((e as CadlensError).cause as Error).message)).toContain('[redacted]');
  });

  it('a wrong key is refused (401) as STORE_UNAVAILABLE, and RLS means an anon key could do nothing (recorded HTTP double)', async () => {
    const stores = await createSupabaseStores({ url: double.url, serviceRoleKey: 'not-the-key' });
    const e = await stores.audit.query().then(() => undefined, (x: unknown) => x);
    expect(isCadlensError(e) && e.code).toBe('STORE_UNAVAILABLE');
    expect((e as CadlensError).details.httpStatus).toBe(401);
    expect(JSON.stringify((e as CadlensError).toJSON())).not.toContain('not-the-key');
  });

  it('rejects missing options with CONFIG_INVALID and never echoes the key', async () => {
    const e = await createSupabaseStores({ url: '', serviceRoleKey: KEY }).then(() => undefined, (x: unknown) => x);
    expect(isCadlensError(e) && e.code).toBe('CONFIG_INVALID');
    expectNoKey(e);
  });
});
