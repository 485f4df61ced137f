import { describe, expect, it } from 'vitest';
import {
  CadlensError,
  createAuditTrail,
  createDeadLetterQueue,
  createManualClock,
  fromBase64,
  sha256Hex,
  type DeadLetterRecord,
} from 'cadlens';
import { createMemoryStores } from '../../adapters/memory/index.js';

const T0 = Date.parse('2026-05-01T10:00:00.000Z');
const HOUR = 3_600_000;
const bytesOf = (s: string) => new TextEncoder().encode(s);

function setup(opts: { includeInputBytes?: boolean; debug?: boolean } = {}) {
  const clock = createManualClock(T0);
  const stores = createMemoryStores();
  const audit = createAuditTrail({ store: stores.audit, clock });
  const dlq = createDeadLetterQueue({ store: stores.deadLetters, clock, audit, ...opts });
  return { clock, stores, audit, dlq };
}

describe('createDeadLetterQueue', () => {
  it('adds a full record: input reference, classified error, stage, tier, first attempt; audits dead_lettered', async () => {
    const { dlq, audit } = setup();
    const bytes = bytesOf('ISO-10303-21;\nHEADER;');
    const r = await dlq.add({
      error: new CadlensError('OCCT_TIMEOUT', 'tessellation timed out', { stage: 'parse' }),
      input: { name: 'bracket.step', bytes },
      tier: null,
      requestId: 'req-1',
      durationMs: 30_000,
    });
    expect(r).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      time: new Date(T0).toISOString(),
      requestId: 'req-1',
      input: { name: 'bracket.step', sizeBytes: bytes.byteLength, sha256: await sha256Hex(bytes) },
      error: { code: 'OCCT_TIMEOUT', kind: 'transient', message: 'tessellation timed out' },
      stage: 'parse',
      tier: null,
      retryCount: 0,
      attempts: [
        { at: new Date(T0).toISOString(), code: 'OCCT_TIMEOUT', kind: 'transient', message: 'tessellation timed out', durationMs: 30_000 },
      ],
      status: 'pending',
    });
    expect(r.error.stack).toBeUndefined();
    expect(r.input.bytes).toBeUndefined();
    const events = await audit.query({ type: 'dead_lettered' });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      requestId: 'req-1',
      partSha256: r.input.sha256,
      details: { dead_letter_id: r.id, code: 'OCCT_TIMEOUT', kind: 'transient', stage: 'parse' },
    });
  });

  it('keeps input bytes only when configured and the stack only with debug', async () => {
    const { dlq } = setup({ includeInputBytes: true, debug: true });
    const bytes = bytesOf('hello step');
    const r = await dlq.add({ error: new Error('boom'), input: { name: 'a.step', bytes }, stage: 'heal' });
    expect(fromBase64(r.input.bytes!)).toEqual(bytes);
    expect(r.error.stack).toContain('boom');
    expect(r.error).toMatchObject({ code: 'INTERNAL', kind: 'systemic' });
  });

  it('records the attempts of withRetry (failed ones) instead of synthesising one', async () => {
    const { dlq } = setup();
    const r = await dlq.add({
      error: new CadlensError('NETWORK', 'blip 2'),
      input: { name: 'x.step', sizeBytes: 10, sha256: 'aa'.repeat(32) },
      stage: 'recognize',
      tier: 'tier1',
      attempts: [
        { attempt: 1, at: new Date(T0 - 500).toISOString(), durationMs: 10, ok: false, error: { code: 'NETWORK', kind: 'transient', message: 'blip 1' }, nextDelayMs: 200 },
        { attempt: 2, at: new Date(T0 - 100).toISOString(), durationMs: 12, ok: false, error: { code: 'NETWORK', kind: 'transient', message: 'blip 2' } },
      ],
    });
    expect(r.attempts.map((a) => a.message)).toEqual(['blip 1', 'blip 2']);
    expect(r.tier).toBe('tier1');
  });

  it('lists by error_type / kind / since / limit and computes the seed stats over 24 h', async () => {
    const { dlq, clock } = setup();
    const input = { name: 'p.step', sizeBytes: 1, sha256: 'bb'.repeat(32) };
    await dlq.add({ error: new CadlensError('OCCT_TIMEOUT', 'a'), input }); // T0 (will age out)
    clock.advance(2 * HOUR);
    await dlq.add({ error: new CadlensError('STEP_BAD_MAGIC', 'b'), input });
    clock.advance(HOUR);
    await dlq.add({ error: new CadlensError('MODEL_LOAD_FAILED', 'c'), input });
    await dlq.add({ error: new CadlensError('NETWORK', 'd'), input });
    expect((await dlq.list({ error_type: 'transient' })).map((r) => r.error.message)).toEqual(['d', 'a']);
    expect((await dlq.list({ kind: 'permanent' })).map((r) => r.error.message)).toEqual(['b']);
    expect((await dlq.list({ since: new Date(T0 + 2 * HOUR) })).map((r) => r.error.message).sort()).toEqual(['b', 'c', 'd']);
    expect(await dlq.list({ limit: 1, order: 'asc' })).toHaveLength(1);
    expect(await dlq.stats()).toEqual({
      total_failures_24h: 4,
      by_error_type: { transient: 2, permanent: 1, systemic: 1 },
    });
    clock.set(T0 + 24 * HOUR + 1);
    expect(await dlq.stats()).toEqual({
      total_failures_24h: 3,
      by_error_type: { transient: 1, permanent: 1, systemic: 1 },
    });
  });

  it('redrive: failures reprocessed after the cause is removed end reprocessed, nothing lost', async () => {
    const { dlq, audit, clock, stores } = setup({ includeInputBytes: true });
    let dependencyUp = false;
    // The "pipeline": fails with a transient error while the dependency is down.
    const pipeline = async (bytes: Uint8Array) => {
      if (!dependencyUp) throw new CadlensError('NETWORK', 'model server unreachable');
      return { faces: bytes.length };
    };
    const ids: string[] = [];
    for (let i = 0; i < 25; i++) {
      const bytes = bytesOf(`part ${i}`);
      try {
        await pipeline(bytes);
      } catch (error) {
        ids.push((await dlq.add({ error, input: { name: `p${i}.step`, bytes }, stage: 'recognize', tier: 'tier1' })).id);
      }
      clock.advance(1000);
    }
    const run = async (r: DeadLetterRecord) => pipeline(fromBase64(r.input.bytes!));

    // First redrive while the cause is still there: every item fails, is kept, retryCount 1, attempt appended.
    const first = await dlq.redrive({ filter: { kind: 'transient' }, limit: 10 }, run);
    expect(first).toMatchObject({ attempted: 10, reprocessed: 0, failed: 10 });
    const afterFirst = await dlq.list({ order: 'asc' });
    expect(afterFirst).toHaveLength(25);
    expect(afterFirst.slice(0, 10).every((r) => r.retryCount === 1 && r.attempts.length === 2 && r.status === 'pending')).toBe(true);
    expect(afterFirst.slice(10).every((r) => r.retryCount === 0)).toBe(true);

    // The cause is removed.
    dependencyUp = true;
    const second = await dlq.redrive({ limit: 100 }, run);
    expect(second).toMatchObject({ attempted: 25, reprocessed: 25, failed: 0 });
    const final = await dlq.list();
    expect(final).toHaveLength(25);
    expect(new Set(final.map((r) => r.id))).toEqual(new Set(ids));
    for (const r of final) {
      expect(r.status).toBe('reprocessed');
      expect(r.resolution).toMatchObject({ action: 'reprocessed' });
    }
    expect(final.filter((r) => r.retryCount === 2)).toHaveLength(10);
    expect(final.filter((r) => r.retryCount === 1)).toHaveLength(15);
    expect(await audit.query({ type: 'reprocessed' })).toHaveLength(25);
    // A third redrive finds nothing pending.
    expect(await dlq.redrive({}, run)).toMatchObject({ attempted: 0 });
    expect((await stores.deadLetters.list()).length).toBe(25);
  });

  it('reprocess refuses non-pending and unknown records; discard records a redacted reason and audits', async () => {
    const { dlq, audit } = setup();
    const r = await dlq.add({ error: new Error('x'), input: { name: 'a', sizeBytes: 0, sha256: '' } });
    const d = await dlq.discard(r.id, 'duplicate upload; token=abcdef123456');
    expect(d.status).toBe('discarded');
    expect(d.resolution?.note).toBe('duplicate upload; token=[REDACTED]');
    await expect(dlq.reprocess(r.id, async () => 1)).rejects.toMatchObject({ code: 'USAGE' });
    await expect(dlq.reprocess('nope', async () => 1)).rejects.toMatchObject({ code: 'DLQ_NOT_FOUND' });
    await expect(dlq.discard('nope', 'x')).rejects.toMatchObject({ code: 'DLQ_NOT_FOUND' });
    expect((await audit.query({ type: 'discarded' }))[0]?.details).toMatchObject({ dead_letter_id: r.id });
  });

  it('a concurrent second reprocess of the same id is refused, not run twice', async () => {
    const { dlq } = setup();
    const r = await dlq.add({ error: new Error('x'), input: { name: 'a', sizeBytes: 0, sha256: '' } });
    let runs = 0;
    let release!: () => void;
    const slow = () => {
      runs++;
      return new Promise<void>((res) => (release = res));
    };
    const first = dlq.reprocess(r.id, slow);
    await new Promise((res) => setTimeout(res, 5));
    await expect(dlq.reprocess(r.id, slow)).rejects.toMatchObject({ code: 'USAGE' });
    release();
    await expect(first).resolves.toMatchObject({ outcome: 'reprocessed' });
    expect(runs).toBe(1);
  });

  it('purges records older than the retention', async () => {
    const { dlq, clock } = setup();
    const input = { name: 'a', sizeBytes: 0, sha256: '' };
    await dlq.add({ error: new Error('old'), input });
    clock.advance(10 * 86_400_000);
    await dlq.add({ error: new Error('new'), input });
    expect(await dlq.purge(7 * 86_400_000)).toBe(1);
    expect((await dlq.list()).map((r) => r.error.message)).toEqual(['new']);
  });

  it('forwards to extra sinks; a failing sink does not lose the stored record', async () => {
    const clock = createManualClock(T0);
    const main = createMemoryStores();
    const mirror = createMemoryStores();
    const broken = createMemoryStores();
    broken.simulateOutage(true);
    const sinkErrors: unknown[] = [];
    const dlq = createDeadLetterQueue({
      store: main.deadLetters,
      sinks: [mirror.deadLetters, broken.deadLetters],
      clock,
      onSinkError: (e) => sinkErrors.push(e),
    });
    const r = await dlq.add({ error: new Error('x'), input: { name: 'a', sizeBytes: 0, sha256: '' } });
    expect(await mirror.deadLetters.get(r.id)).toEqual(r);
    expect(await main.deadLetters.get(r.id)).toEqual(r);
    expect(sinkErrors).toHaveLength(1);
  });

  it('calls the onSystemic alert hook for systemic failures only', async () => {
    const stores = createMemoryStores();
    const alerts: string[] = [];
    const dlq = createDeadLetterQueue({ store: stores.deadLetters, onSystemic: (r) => alerts.push(r.error.code) });
    const input = { name: 'a', sizeBytes: 0, sha256: '' };
    await dlq.add({ error: new CadlensError('MODEL_LOAD_FAILED', 'gone'), input });
    await dlq.add({ error: new CadlensError('OCCT_TIMEOUT', 'slow'), input });
    await dlq.add({ error: new CadlensError('STEP_BAD_MAGIC', 'bad'), input });
    await dlq.add({ error: new CadlensError('BREAKER_OPEN', 'open'), input });
    expect(alerts).toEqual(['MODEL_LOAD_FAILED', 'BREAKER_OPEN']);
  });

  it('an audit store outage does not fail add/discard; it is reported to onAuditError', async () => {
    const clock = createManualClock(T0);
    const main = createMemoryStores();
    const auditStores = createMemoryStores();
    const audit = createAuditTrail({ store: auditStores.audit, clock });
    const auditErrors: string[] = [];
    const dlq = createDeadLetterQueue({
      store: main.deadLetters,
      clock,
      audit,
      onAuditError: (e, type) => auditErrors.push(`${type}:${(e as CadlensError).code}`),
    });
    auditStores.simulateOutage(true);
    const r = await dlq.add({ error: new Error('x'), input: { name: 'a', sizeBytes: 0, sha256: '' } });
    await dlq.discard(r.id, 'dup');
    expect((await main.deadLetters.get(r.id))?.status).toBe('discarded');
    expect(auditErrors).toEqual(['dead_lettered:STORE_UNAVAILABLE', 'discarded:STORE_UNAVAILABLE']);
  });

  it('store outage surfaces as systemic STORE_UNAVAILABLE', async () => {
    const { dlq, stores } = setup();
    stores.simulateOutage(true);
    await expect(dlq.add({ error: new Error('x'), input: { name: 'a', sizeBytes: 0, sha256: '' } })).rejects.toMatchObject({
      code: 'STORE_UNAVAILABLE',
      kind: 'systemic',
    });
    await expect(dlq.stats()).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
  });
});
