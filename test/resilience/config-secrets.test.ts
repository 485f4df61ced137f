import { describe, expect, it } from 'vitest';
import {
  CadlensError,
  createAuditTrail,
  createDeadLetterQueue,
  createManualClock,
  isCadlensError,
  loadConfig,
  redactSecrets,
  secretValues,
  toCadlensError,
} from 'cadlens';
import { createMemoryStores } from '../../adapters/memory/index.js';

// A realistic-looking (fake) Supabase service-role JWT and a database password.
const SERVICE_KEY =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJyb2xlIjoic2VydmljZV9yb2xlIiwiaXNzIjoic3VwYWJhc2UifQ.c2lnbmF0dXJlLW5vdC1yZWFsLWZvci10ZXN0cw';
const PLAIN_KEY = 'plain-service-role-secret-4f9a8b7c6d5e'; // no recognisable shape: only the explicit list catches it
const DB_URL = 'postgres://app:Hunter2-pw-xyz@db.internal:5432/cad';

function catchError(fn: () => unknown): CadlensError {
  try {
    fn();
  } catch (e) {
    if (isCadlensError(e)) return e;
    throw e;
  }
  throw new Error('expected a CadlensError');
}

describe('loadConfig', () => {
  it('applies defaults', () => {
    expect(loadConfig({})).toEqual({
      debug: false,
      maxFileSizeMb: 100,
      circuitBreakerTimeoutS: 60,
      circuitBreakerThreshold: 5,
      store: 'memory',
    });
  });

  it('reads every variable, overrides win, DEBUG forms', () => {
    const c = loadConfig(
      {
        SUPABASE_URL: 'https://abc.supabase.co',
        SUPABASE_SERVICE_ROLE_KEY: SERVICE_KEY,
        DEBUG: 'true',
        MAX_FILE_SIZE_MB: '250',
        CIRCUIT_BREAKER_TIMEOUT_S: '30',
        CIRCUIT_BREAKER_THRESHOLD: '3',
        CADLENS_STORE: 'supabase',
        DATABASE_URL: DB_URL,
      },
      { circuitBreakerThreshold: 7 },
    );
    expect(c).toMatchObject({
      supabaseUrl: 'https://abc.supabase.co',
      debug: true,
      maxFileSizeMb: 250,
      circuitBreakerTimeoutS: 30,
      circuitBreakerThreshold: 7,
      store: 'supabase',
    });
    expect(c.supabaseServiceRoleKey).toBe(SERVICE_KEY);
    expect(c.databaseUrl).toBe(DB_URL);
    expect(loadConfig({ DEBUG: 'express:*' }).debug).toBe(false);
    expect(loadConfig({ DEBUG: 'express:*,cadlens:*' }).debug).toBe(true);
    expect(loadConfig({ DEBUG: '0' }).debug).toBe(false);
    expect(loadConfig({ CADLENS_STORE: 'file' }).storeDir).toBe('.cadlens');
    expect(loadConfig({ CADLENS_STORE: 'file', CADLENS_STORE_DIR: '/var/x' }).storeDir).toBe('/var/x');
  });

  it('reports every problem by variable name in one CONFIG_INVALID', () => {
    const e = catchError(() =>
      loadConfig({ MAX_FILE_SIZE_MB: 'lots', CIRCUIT_BREAKER_THRESHOLD: '0', CIRCUIT_BREAKER_TIMEOUT_S: '-1', CADLENS_STORE: 'redis' }),
    );
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.kind).toBe('systemic');
    expect(e.stage).toBe('config');
    for (const v of ['MAX_FILE_SIZE_MB', 'CIRCUIT_BREAKER_THRESHOLD', 'CIRCUIT_BREAKER_TIMEOUT_S', 'CADLENS_STORE']) {
      expect(e.message).toContain(v);
    }
    expect(e.message).not.toContain('redis');
    expect(e.message).not.toContain('lots');
  });

  it('requires the store credentials it needs', () => {
    expect(catchError(() => loadConfig({ CADLENS_STORE: 'postgres' })).message).toContain('DATABASE_URL is required');
    const e = catchError(() => loadConfig({ CADLENS_STORE: 'supabase', SUPABASE_URL: 'https://x.supabase.co' }));
    expect(e.message).toContain('SUPABASE_SERVICE_ROLE_KEY is required');
  });

  it('never echoes secret values in errors', () => {
    const bad = [
      { SUPABASE_SERVICE_ROLE_KEY: 'short-key', CADLENS_STORE: 'supabase', SUPABASE_URL: SERVICE_KEY },
      { SUPABASE_URL: `not a url ${SERVICE_KEY}`, SUPABASE_SERVICE_ROLE_KEY: SERVICE_KEY },
      { DATABASE_URL: `mysql://app:Hunter2-pw-xyz@db/x`, SUPABASE_SERVICE_ROLE_KEY: PLAIN_KEY, MAX_FILE_SIZE_MB: PLAIN_KEY },
    ];
    for (const env of bad) {
      const e = catchError(() => loadConfig(env));
      const text = JSON.stringify({ m: e.message, d: e.details, j: e.toJSON() });
      expect(text).not.toContain(SERVICE_KEY);
      expect(text).not.toContain(PLAIN_KEY);
      expect(text).not.toContain('short-key');
      expect(text).not.toContain('Hunter2');
    }
  });

  it('hides secrets from JSON, spread and inspection', async () => {
    const c = loadConfig({ SUPABASE_SERVICE_ROLE_KEY: SERVICE_KEY, DATABASE_URL: DB_URL });
    expect(JSON.stringify(c)).not.toContain(SERVICE_KEY);
    expect(JSON.stringify({ ...c })).not.toContain('Hunter2');
    const { inspect } = await import('node:util');
    expect(inspect(c)).not.toContain(SERVICE_KEY);
    expect(secretValues(c)).toEqual([SERVICE_KEY, DB_URL, 'Hunter2-pw-xyz']);
  });
});

describe('secrets never reach errors, dead letters or audit details', () => {
  const config = loadConfig({ SUPABASE_SERVICE_ROLE_KEY: PLAIN_KEY, DATABASE_URL: DB_URL });
  const secrets = secretValues(config);

  it('redactSecrets removes JWTs, URL passwords, bearer tokens, secret-named keys and listed values', () => {
    const out = redactSecrets(
      {
        msg: `auth failed with ${SERVICE_KEY} for ${DB_URL}`,
        header: `Authorization: Bearer ${SERVICE_KEY}`,
        nested: { apiKey: 'abc', serviceRoleKey: 'zzz', list: [`key=${PLAIN_KEY}`], plain: `x ${PLAIN_KEY} y` },
        ok: 'fine',
      },
      { secrets },
    );
    const text = JSON.stringify(out);
    for (const s of [SERVICE_KEY, PLAIN_KEY, 'Hunter2', 'zzz']) expect(text).not.toContain(s);
    expect(out.ok).toBe('fine');
    expect(out.msg).toBe('auth failed with [REDACTED] for [REDACTED]');
    expect(redactSecrets(DB_URL)).toBe('postgres://app:[REDACTED]@db.internal:5432/cad');
  });

  it('a URL password without a user name is redacted too (redis://:password@host, the Redis form)', () => {
    expect(redactSecrets('connect ECONNREFUSED redis://:Hunter2@cache.internal:6379/0')).toBe('connect ECONNREFUSED redis://:[REDACTED]@cache.internal:6379/0');
    // A port is not a password: nothing to redact without credentials.
    expect(redactSecrets('GET http://cache.internal:6379/health and http://host:8080/a@b')).toBe('GET http://cache.internal:6379/health and http://host:8080/a@b');
  });

  it('dead-letter records (message, stack, attempts, discard reason) and audit details hold no secret', async () => {
    const clock = createManualClock(Date.parse('2026-05-01T10:00:00Z'));
    const stores = createMemoryStores();
    const audit = createAuditTrail({ store: stores.audit, clock, secrets });
    const dlq = createDeadLetterQueue({ store: stores.deadLetters, clock, audit, secrets, debug: true });
    const leaky = new Error(`request to https://x.supabase.co failed: apikey ${PLAIN_KEY}; jwt ${SERVICE_KEY}; db ${DB_URL}`);
    const r = await dlq.add({ error: leaky, input: { name: 'a.step', sizeBytes: 1, sha256: '' } });
    const failed = await dlq.reprocess(r.id, async () => {
      throw toCadlensError(new Error(`still failing with ${PLAIN_KEY}`));
    });
    expect(failed.outcome).toBe('failed');
    await dlq.discard(r.id, `operator note ${PLAIN_KEY}`);
    await audit.record('processing_complete', { details: { connection: DB_URL, token: 'tok', note: PLAIN_KEY } });
    const dump = JSON.stringify({ letters: await stores.deadLetters.list(), events: await stores.audit.query() });
    for (const s of [PLAIN_KEY, SERVICE_KEY, 'Hunter2']) expect(dump).not.toContain(s);
    expect(dump).toContain('[REDACTED]');
    expect((await stores.deadLetters.get(r.id))!.error.stack).toBeDefined();
  });
});
