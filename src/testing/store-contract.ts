import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isCadlensError } from '../errors/index.js';
import type { CadlensStores } from '../storage/stores.js';
import type { BreakerStateUpdate } from '../storage/breaker-state-store.js';
import { CONTRACT_T0, contractTime, makeAuditEvent, makeDeadLetter, makeSample } from './fixtures.js';

/** Options of {@link runStoreContract}. */
export interface StoreContractOptions {
  /** When a string, every test is skipped and the reason shows in the suite name. */
  skip?: string | false;
  /** Number of concurrent writers in the concurrency tests. @defaultValue 20 */
  concurrency?: number;
}

async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  let caught: unknown;
  try {
    await promise;
  } catch (e) {
    caught = e;
  }
  expect(caught, `expected a CadlensError ${code}`).toBeDefined();
  expect(isCadlensError(caught), `expected a CadlensError ${code}, got ${String(caught)}`).toBe(true);
  expect((caught as { code: string }).code).toBe(code);
}

const abortedSignal = (): AbortSignal => {
  const c = new AbortController();
  c.abort(new Error('test abort'));
  return c.signal;
};

const update = (over: Partial<BreakerStateUpdate> = {}): BreakerStateUpdate => ({
  state: 'closed',
  failureCount: 0,
  openedAt: null,
  lastFailureTime: null,
  windowStartedAt: null,
  ...over,
});

/**
 * The shared contract every storage adapter must pass: round trips, filters, ordering, limits,
 * purge, conflicts, abort, compare-and-set conflicts, probe-lease exclusivity and expiry.
 *
 * `factory` is called before every test and must return **empty** stores (a fresh instance, a
 * truncated database, a new directory); `close()` is called after every test.
 *
 * @example
 * ```ts
 * import { runStoreContract } from 'cadlens/testing';
 * import { createMemoryStores } from 'cadlens/adapters/memory';
 * runStoreContract('memory', () => createMemoryStores());
 * ```
 */
export function runStoreContract(
  name: string,
  factory: () => CadlensStores | Promise<CadlensStores>,
  options: StoreContractOptions = {},
): void {
  const skip = options.skip;
  const n = options.concurrency ?? 20;
  const suite = skip ? describe.skip : describe;
  suite(`store contract: ${name}${skip ? ` (skipped: ${skip})` : ''}`, () => {
    let stores: CadlensStores;
    beforeEach(async () => {
      stores = await factory();
    });
    afterEach(async () => {
      await stores?.close();
    });

    it('every store has a stable non-empty id', () => {
      for (const s of [stores.deadLetters, stores.audit, stores.metrics, stores.breakerState]) {
        expect(typeof s.id).toBe('string');
        expect(s.id.length).toBeGreaterThan(0);
      }
      expect(stores.id.length).toBeGreaterThan(0);
    });

    describe('DeadLetterStore', () => {
      it('round-trips a full record, with and without optional fields', async () => {
        const full = makeDeadLetter('a', 0, {
          input: { name: 'a.step', sizeBytes: 3, sha256: 'ef'.repeat(32), bytes: 'AAEC' },
          error: { code: 'MODEL_LOAD_FAILED', kind: 'systemic', message: 'm', stack: 'Error: m\n  at x' },
          tier: 'tier1',
          resolution: { time: contractTime(5), action: 'discarded', note: 'n' },
          status: 'discarded',
        });
        const bare = makeDeadLetter('b', 1);
        delete bare.requestId;
        await stores.deadLetters.put(full);
        await stores.deadLetters.put(bare);
        expect(await stores.deadLetters.get('a')).toEqual(full);
        const gotBare = await stores.deadLetters.get('b');
        expect(gotBare).toEqual(bare);
        expect(gotBare?.resolution).toBeUndefined();
        expect(gotBare?.input.bytes).toBeUndefined();
        expect(await stores.deadLetters.get('missing')).toBeUndefined();
      });

      it('returns copies: mutating a result never changes stored data', async () => {
        await stores.deadLetters.put(makeDeadLetter('a', 0));
        const got = (await stores.deadLetters.get('a'))!;
        got.status = 'discarded';
        got.attempts.push({ at: contractTime(1), code: 'X', kind: 'transient', message: 'x', durationMs: 1 });
        const again = (await stores.deadLetters.get('a'))!;
        expect(again.status).toBe('pending');
        expect(again.attempts).toHaveLength(1);
      });

      it('rejects a duplicate id with STORE_CONFLICT and keeps the first record', async () => {
        await stores.deadLetters.put(makeDeadLetter('a', 0));
        await expectCode(stores.deadLetters.put(makeDeadLetter('a', 5, { stage: 'heal' })), 'STORE_CONFLICT');
        expect((await stores.deadLetters.get('a'))?.stage).toBe('parse');
      });

      it('lists newest first by default, oldest first with order asc, ties by id', async () => {
        await stores.deadLetters.put(makeDeadLetter('m', 1000));
        await stores.deadLetters.put(makeDeadLetter('z', 0));
        await stores.deadLetters.put(makeDeadLetter('b', 2000));
        await stores.deadLetters.put(makeDeadLetter('a', 1000));
        expect((await stores.deadLetters.list()).map((r) => r.id)).toEqual(['b', 'm', 'a', 'z']);
        expect((await stores.deadLetters.list({ order: 'asc' })).map((r) => r.id)).toEqual(['z', 'a', 'm', 'b']);
      });

      it('filters by kind, code, status, since (inclusive), until (exclusive) and limit', async () => {
        await stores.deadLetters.put(makeDeadLetter('t1', 0, { kind: 'transient', code: 'TIMEOUT' }));
        await stores.deadLetters.put(makeDeadLetter('p1', 1000, { kind: 'permanent', code: 'STEP_BAD_MAGIC' }));
        await stores.deadLetters.put(makeDeadLetter('s1', 2000, { kind: 'systemic', code: 'MODEL_LOAD_FAILED' }));
        await stores.deadLetters.put(
          makeDeadLetter('t2', 3000, { kind: 'transient', code: 'OCCT_TIMEOUT', status: 'reprocessed' }),
        );
        const ids = async (f: Parameters<typeof stores.deadLetters.list>[0]) =>
          (await stores.deadLetters.list(f)).map((r) => r.id);
        expect(await ids({ kind: 'transient' })).toEqual(['t2', 't1']);
        expect(await ids({ code: 'STEP_BAD_MAGIC' })).toEqual(['p1']);
        expect(await ids({ status: 'pending' })).toEqual(['s1', 'p1', 't1']);
        expect(await ids({ since: contractTime(1000) })).toEqual(['t2', 's1', 'p1']);
        expect(await ids({ until: contractTime(2000) })).toEqual(['p1', 't1']);
        expect(await ids({ since: contractTime(1000), until: contractTime(3000) })).toEqual(['s1', 'p1']);
        expect(await ids({ limit: 2 })).toEqual(['t2', 's1']);
        expect(await ids({ limit: 1, order: 'asc' })).toEqual(['t1']);
        expect(await ids({ kind: 'transient', status: 'pending' })).toEqual(['t1']);
        expect(await ids({ limit: 0 })).toEqual([]);
      });

      it('updates only the given fields and returns the updated record', async () => {
        const original = makeDeadLetter('a', 0);
        await stores.deadLetters.put(original);
        const attempts = [
          ...original.attempts,
          { at: contractTime(10), code: 'TIMEOUT', kind: 'transient' as const, message: 'again', durationMs: 3 },
        ];
        const updated = await stores.deadLetters.update('a', { retryCount: 1, attempts });
        expect(updated).toEqual({ ...original, retryCount: 1, attempts });
        const resolution = { time: contractTime(20), action: 'reprocessed' as const };
        const done = await stores.deadLetters.update('a', { status: 'reprocessed', resolution });
        expect(done).toEqual({ ...original, retryCount: 1, attempts, status: 'reprocessed', resolution });
        expect(await stores.deadLetters.get('a')).toEqual(done);
      });

      it('update of a missing id rejects with DLQ_NOT_FOUND', async () => {
        await expectCode(stores.deadLetters.update('nope', { status: 'discarded' }), 'DLQ_NOT_FOUND');
      });

      it('purge deletes records strictly older than the cutoff and returns the count', async () => {
        for (let i = 0; i < 5; i++) await stores.deadLetters.put(makeDeadLetter(`r${i}`, i * 1000));
        expect(await stores.deadLetters.purge(contractTime(2000))).toBe(2);
        expect((await stores.deadLetters.list({ order: 'asc' })).map((r) => r.id)).toEqual(['r2', 'r3', 'r4']);
        expect(await stores.deadLetters.purge(contractTime(0))).toBe(0);
      });

      it('countByKind, when provided, agrees with list', async () => {
        if (!stores.deadLetters.countByKind) return;
        await stores.deadLetters.put(makeDeadLetter('t1', 0, { kind: 'transient' }));
        await stores.deadLetters.put(makeDeadLetter('t2', 100, { kind: 'transient' }));
        await stores.deadLetters.put(makeDeadLetter('p1', 200, { kind: 'permanent' }));
        await stores.deadLetters.put(makeDeadLetter('s1', 300, { kind: 'systemic' }));
        expect(await stores.deadLetters.countByKind({})).toEqual({ transient: 2, permanent: 1, systemic: 1 });
        expect(await stores.deadLetters.countByKind({ since: contractTime(100), until: contractTime(300) })).toEqual({
          transient: 1,
          permanent: 1,
          systemic: 0,
        });
      });

      it(`keeps every record under ${n} concurrent writers`, async () => {
        await Promise.all(
          Array.from({ length: n }, (_, i) => stores.deadLetters.put(makeDeadLetter(`c${i}`, i))),
        );
        const all = await stores.deadLetters.list();
        expect(all).toHaveLength(n);
        expect(new Set(all.map((r) => r.id)).size).toBe(n);
      });

      it('rejects every call with ABORTED when the signal is already aborted', async () => {
        const signal = abortedSignal();
        await expectCode(stores.deadLetters.put(makeDeadLetter('a', 0), { signal }), 'ABORTED');
        await expectCode(stores.deadLetters.get('a', { signal }), 'ABORTED');
        await expectCode(stores.deadLetters.list({}, { signal }), 'ABORTED');
        await expectCode(stores.deadLetters.update('a', { status: 'discarded' }, { signal }), 'ABORTED');
        await expectCode(stores.deadLetters.purge(contractTime(0), { signal }), 'ABORTED');
        expect(await stores.deadLetters.get('a')).toBeUndefined();
      });
    });

    describe('AuditStore', () => {
      it('round-trips events including nested details and null references', async () => {
        const e1 = makeAuditEvent('e1', 0);
        const e2 = makeAuditEvent('e2', 1, {
          type: 'circuit_breaker_opened',
          requestId: null,
          partSha256: null,
          details: { breaker: 'tier1', failure_count: 5 },
        });
        await stores.audit.append(e1);
        await stores.audit.append(e2);
        expect(await stores.audit.query()).toEqual([e1, e2]);
      });

      it('rejects a duplicate id with STORE_CONFLICT', async () => {
        await stores.audit.append(makeAuditEvent('e1', 0));
        await expectCode(stores.audit.append(makeAuditEvent('e1', 10)), 'STORE_CONFLICT');
        expect(await stores.audit.query()).toHaveLength(1);
      });

      it('orders chronologically by default, newest first with order desc, ties by id', async () => {
        await stores.audit.append(makeAuditEvent('c', 100));
        await stores.audit.append(makeAuditEvent('b', 0));
        await stores.audit.append(makeAuditEvent('a', 100));
        expect((await stores.audit.query()).map((e) => e.id)).toEqual(['b', 'a', 'c']);
        expect((await stores.audit.query({ order: 'desc' })).map((e) => e.id)).toEqual(['c', 'a', 'b']);
        expect((await stores.audit.query({ order: 'desc', limit: 1 })).map((e) => e.id)).toEqual(['c']);
      });

      it('filters by one or several types, request id, part, time range and limit', async () => {
        await stores.audit.append(makeAuditEvent('v', 0, { type: 'validation_complete', requestId: 'r1' }));
        await stores.audit.append(makeAuditEvent('h', 1000, { type: 'healing_applied', requestId: 'r1' }));
        await stores.audit.append(
          makeAuditEvent('p', 2000, { type: 'processing_complete', requestId: 'r2', partSha256: 'ee'.repeat(32) }),
        );
        await stores.audit.append(
          makeAuditEvent('o', 3000, { type: 'circuit_breaker_opened', requestId: null, partSha256: null }),
        );
        const ids = async (q: Parameters<typeof stores.audit.query>[0]) =>
          (await stores.audit.query(q)).map((e) => e.id);
        expect(await ids({ type: 'healing_applied' })).toEqual(['h']);
        expect(await ids({ type: ['validation_complete', 'circuit_breaker_opened'] })).toEqual(['v', 'o']);
        expect(await ids({ requestId: 'r1' })).toEqual(['v', 'h']);
        expect(await ids({ partSha256: 'ee'.repeat(32) })).toEqual(['p']);
        expect(await ids({ since: contractTime(1000), until: contractTime(3000) })).toEqual(['h', 'p']);
        expect(await ids({ limit: 3 })).toEqual(['v', 'h', 'p']);
        expect(await ids({ type: 'reprocessed' })).toEqual([]);
      });

      it('purge deletes events strictly older than the cutoff', async () => {
        for (let i = 0; i < 4; i++) await stores.audit.append(makeAuditEvent(`e${i}`, i * 1000));
        expect(await stores.audit.purge(contractTime(1000))).toBe(1);
        expect((await stores.audit.query()).map((e) => e.id)).toEqual(['e1', 'e2', 'e3']);
      });

      it(`keeps every event under ${n} concurrent appenders`, async () => {
        await Promise.all(Array.from({ length: n }, (_, i) => stores.audit.append(makeAuditEvent(`c${i}`, i))));
        expect(await stores.audit.query()).toHaveLength(n);
      });

      it('rejects with ABORTED on an aborted signal', async () => {
        const signal = abortedSignal();
        await expectCode(stores.audit.append(makeAuditEvent('e', 0), { signal }), 'ABORTED');
        await expectCode(stores.audit.query({}, { signal }), 'ABORTED');
        await expectCode(stores.audit.purge(contractTime(0), { signal }), 'ABORTED');
      });
    });

    describe('MetricsSampleStore', () => {
      it('records and queries a window oldest first, preserving nulls', async () => {
        const s0 = makeSample(0);
        const s1 = makeSample(1000, { qualityScore: null, recognized: false, tier: null, ok: false });
        const s2 = makeSample(2000, { durationMs: 250.5, requestId: 'r' });
        await stores.metrics.record(s2);
        await stores.metrics.record(s0);
        await stores.metrics.record(s1);
        expect(await stores.metrics.query()).toEqual([s0, s1, s2]);
        expect(await stores.metrics.query({ since: contractTime(1000) })).toEqual([s1, s2]);
        expect(await stores.metrics.query({ until: contractTime(1000) })).toEqual([s0]);
      });

      it('purges samples strictly older than the cutoff', async () => {
        for (let i = 0; i < 3; i++) await stores.metrics.record(makeSample(i * 1000));
        expect(await stores.metrics.purge(contractTime(2000))).toBe(2);
        expect(await stores.metrics.query()).toHaveLength(1);
      });

      it('aggregate, when provided, agrees with query', async () => {
        if (!stores.metrics.aggregate) return;
        await stores.metrics.record(makeSample(0, { durationMs: 1000, qualityScore: 0.5 }));
        await stores.metrics.record(makeSample(10, { durationMs: 3000, qualityScore: null, recognized: false }));
        await stores.metrics.record(makeSample(20, { durationMs: 2000, qualityScore: 0.7, ok: false }));
        await stores.metrics.record(makeSample(5000, { durationMs: 9000 }));
        expect(await stores.metrics.aggregate({ since: contractTime(0), until: contractTime(5000) })).toEqual({
          count: 3,
          sumDurationMs: 6000,
          qualityCount: 2,
          sumQualityScore: 1.2,
          recognizedCount: 2,
          okCount: 2,
        });
      });

      it('rejects with ABORTED on an aborted signal', async () => {
        const signal = abortedSignal();
        await expectCode(stores.metrics.record(makeSample(0), { signal }), 'ABORTED');
        await expectCode(stores.metrics.query({}, { signal }), 'ABORTED');
      });
    });

    describe('BreakerStateStore', () => {
      it('returns undefined for an unknown breaker', async () => {
        expect(await stores.breakerState.get('unknown')).toBeUndefined();
      });

      it('compare-and-set creates at version 0, bumps the version, and refuses stale versions', async () => {
        const bs = stores.breakerState;
        expect(await bs.compareAndSet('b', 1, update())).toBe(false);
        expect(await bs.get('b')).toBeUndefined();
        expect(await bs.compareAndSet('b', 0, update({ failureCount: 1, lastFailureTime: CONTRACT_T0 }))).toBe(true);
        expect(await bs.get('b')).toEqual({
          state: 'closed',
          failureCount: 1,
          openedAt: null,
          lastFailureTime: CONTRACT_T0,
          windowStartedAt: null,
          version: 1,
          probeLeaseOwner: null,
          probeLeaseExpiresAt: null,
        });
        expect(await bs.compareAndSet('b', 0, update())).toBe(false);
        const open = update({
          state: 'open',
          failureCount: 5,
          openedAt: CONTRACT_T0 + 10,
          lastFailureTime: CONTRACT_T0 + 10,
          windowStartedAt: CONTRACT_T0,
        });
        expect(await bs.compareAndSet('b', 1, open)).toBe(true);
        expect(await bs.compareAndSet('b', 1, update())).toBe(false);
        expect(await bs.get('b')).toMatchObject({ ...open, version: 2 });
      });

      it(`exactly one of ${n} concurrent compare-and-sets on one version wins`, async () => {
        const bs = stores.breakerState;
        await bs.compareAndSet('b', 0, update());
        const results = await Promise.all(
          Array.from({ length: n }, (_, i) => bs.compareAndSet('b', 1, update({ failureCount: i + 1 }))),
        );
        expect(results.filter(Boolean)).toHaveLength(1);
        const winner = results.indexOf(true) + 1;
        expect(await bs.get('b')).toMatchObject({ version: 2, failureCount: winner });
      });

      it('breakers with different names are independent', async () => {
        const bs = stores.breakerState;
        await bs.compareAndSet('x', 0, update({ state: 'open', openedAt: 1 }));
        await bs.compareAndSet('y', 0, update());
        expect((await bs.get('x'))?.state).toBe('open');
        expect((await bs.get('y'))?.state).toBe('closed');
        expect(await bs.acquireProbeLease('x', 'p1', 1000, CONTRACT_T0)).toBe(true);
        expect(await bs.acquireProbeLease('y', 'p2', 1000, CONTRACT_T0)).toBe(true);
      });

      it('probe lease: missing record refuses, exclusive while held, renewable by its owner', async () => {
        const bs = stores.breakerState;
        expect(await bs.acquireProbeLease('b', 'p1', 1000, CONTRACT_T0)).toBe(false);
        await bs.compareAndSet('b', 0, update({ state: 'open', openedAt: CONTRACT_T0 }));
        expect(await bs.acquireProbeLease('b', 'p1', 1000, CONTRACT_T0)).toBe(true);
        expect(await bs.get('b')).toMatchObject({
          probeLeaseOwner: 'p1',
          probeLeaseExpiresAt: CONTRACT_T0 + 1000,
          version: 1,
        });
        expect(await bs.acquireProbeLease('b', 'p2', 1000, CONTRACT_T0 + 999)).toBe(false);
        expect(await bs.acquireProbeLease('b', 'p1', 1000, CONTRACT_T0 + 500)).toBe(true);
        expect((await bs.get('b'))?.probeLeaseExpiresAt).toBe(CONTRACT_T0 + 1500);
      });

      it('probe lease: expires, then another owner may take it', async () => {
        const bs = stores.breakerState;
        await bs.compareAndSet('b', 0, update({ state: 'open', openedAt: CONTRACT_T0 }));
        expect(await bs.acquireProbeLease('b', 'p1', 1000, CONTRACT_T0)).toBe(true);
        expect(await bs.acquireProbeLease('b', 'p2', 1000, CONTRACT_T0 + 1000)).toBe(true);
        expect((await bs.get('b'))?.probeLeaseOwner).toBe('p2');
      });

      it('probe lease: release only by the holder; compare-and-set keeps the lease', async () => {
        const bs = stores.breakerState;
        await bs.compareAndSet('b', 0, update({ state: 'open', openedAt: CONTRACT_T0 }));
        await bs.acquireProbeLease('b', 'p1', 1000, CONTRACT_T0);
        expect(await bs.compareAndSet('b', 1, update({ state: 'half_open', openedAt: CONTRACT_T0 }))).toBe(true);
        expect(await bs.get('b')).toMatchObject({ state: 'half_open', version: 2, probeLeaseOwner: 'p1' });
        expect(await bs.releaseProbeLease('b', 'p2')).toBe(false);
        expect((await bs.get('b'))?.probeLeaseOwner).toBe('p1');
        expect(await bs.releaseProbeLease('b', 'p1')).toBe(true);
        expect(await bs.get('b')).toMatchObject({ probeLeaseOwner: null, probeLeaseExpiresAt: null, version: 2 });
        expect(await bs.releaseProbeLease('b', 'p1')).toBe(false);
        expect(await bs.releaseProbeLease('missing', 'p1')).toBe(false);
        expect(await bs.acquireProbeLease('b', 'p2', 1000, CONTRACT_T0)).toBe(true);
      });

      it(`exactly one of ${n} concurrent owners gets the probe lease`, async () => {
        const bs = stores.breakerState;
        await bs.compareAndSet('b', 0, update({ state: 'open', openedAt: CONTRACT_T0 }));
        const results = await Promise.all(
          Array.from({ length: n }, (_, i) => bs.acquireProbeLease('b', `owner-${i}`, 5000, CONTRACT_T0)),
        );
        expect(results.filter(Boolean)).toHaveLength(1);
        expect((await bs.get('b'))?.probeLeaseOwner).toBe(`owner-${results.indexOf(true)}`);
      });

      it('rejects with ABORTED on an aborted signal', async () => {
        const signal = abortedSignal();
        const bs = stores.breakerState;
        await expectCode(bs.get('b', { signal }), 'ABORTED');
        await expectCode(bs.compareAndSet('b', 0, update(), { signal }), 'ABORTED');
        await expectCode(bs.acquireProbeLease('b', 'o', 1, 0, { signal }), 'ABORTED');
        await expectCode(bs.releaseProbeLease('b', 'o', { signal }), 'ABORTED');
        expect(await bs.get('b')).toBeUndefined();
      });
    });
  });
}
