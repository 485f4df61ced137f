import { describe, expect, it } from 'vitest';
import { createAuditTrail, createManualClock } from 'cadlens';
import { createMemoryStores } from '../../adapters/memory/index.js';

const T0 = Date.parse('2026-05-01T10:00:00.000Z');
const DAY = 86_400_000;

describe('createAuditTrail', () => {
  it('records the pipeline events with time, request id, part sha256 and details, queryable by type and time', async () => {
    const clock = createManualClock(T0);
    const stores = createMemoryStores();
    const audit = createAuditTrail({ store: stores.audit, clock });
    const ref = { requestId: 'r-1', partSha256: 'ab'.repeat(32) };
    const stages = { input: 'pass', format: 'pass', parse: 'pass', geometry: 'warn', quality: 'pass' };
    await audit.record('validation_complete', { ...ref, details: { stages } });
    clock.advance(10);
    await audit.record('healing_applied', { ...ref, details: { healers: ['merge-vertices'] } });
    clock.advance(10);
    await audit.record('processing_complete', { ...ref, details: { tier: 'tier1', confidence: 0.91, quality: 87 } });
    const all = await audit.query();
    expect(all.map((e) => e.type)).toEqual(['validation_complete', 'healing_applied', 'processing_complete']);
    expect(all[0]).toEqual({
      id: expect.any(String),
      time: new Date(T0).toISOString(),
      type: 'validation_complete',
      requestId: 'r-1',
      partSha256: 'ab'.repeat(32),
      details: { stages },
    });
    expect((await audit.query({ type: 'processing_complete' }))[0]?.details).toEqual({ tier: 'tier1', confidence: 0.91, quality: 87 });
    expect(await audit.query({ since: new Date(T0 + 10), until: T0 + 20 })).toHaveLength(1);
    expect(await audit.query({ requestId: 'other' })).toHaveLength(0);
  });

  it('many events in one millisecond keep their order (time-ordered ids)', async () => {
    const stores = createMemoryStores();
    const audit = createAuditTrail({ store: stores.audit, clock: createManualClock(T0) });
    for (let i = 0; i < 50; i++) await audit.record('processing_complete', { details: { i } });
    expect((await audit.query()).map((e) => e.details.i)).toEqual([...Array(50).keys()]);
  });

  it('purges events older than 90 days by default (configurable)', async () => {
    const clock = createManualClock(T0);
    const stores = createMemoryStores();
    const audit = createAuditTrail({ store: stores.audit, clock });
    expect(audit.retentionDays).toBe(90);
    await audit.record('processing_complete');
    clock.advance(89 * DAY);
    await audit.record('processing_complete');
    clock.advance(DAY + 1);
    expect(await audit.purge()).toBe(1);
    expect(await audit.query()).toHaveLength(1);
    const short = createAuditTrail({ store: stores.audit, clock, retentionDays: 1 });
    expect(await short.purge()).toBe(1);
  });
});
