import type { AuditEvent } from '../storage/audit-store.js';
import type { DeadLetterRecord } from '../storage/dead-letter-store.js';
import type { ProcessingSample } from '../storage/metrics-sample-store.js';
import type { ErrorKind } from '../errors/index.js';

/** Base time of all contract fixtures (a fixed instant, never "now"). */
export const CONTRACT_T0 = Date.parse('2026-03-01T12:00:00.000Z');

/** ISO time `offsetMs` after {@link CONTRACT_T0}. */
export const contractTime = (offsetMs: number): string => new Date(CONTRACT_T0 + offsetMs).toISOString();

/** A complete dead-letter record for contract tests. */
export function makeDeadLetter(
  id: string,
  offsetMs: number,
  overrides: Partial<DeadLetterRecord> & { kind?: ErrorKind; code?: string } = {},
): DeadLetterRecord {
  const { kind = 'transient', code = 'OCCT_TIMEOUT', ...rest } = overrides;
  return {
    id,
    time: contractTime(offsetMs),
    requestId: `req-${id}`,
    input: { name: `${id}.step`, sizeBytes: 1234, sha256: 'ab'.repeat(32) },
    error: { code, kind, message: `failed ${id}` },
    stage: 'parse',
    tier: null,
    retryCount: 0,
    attempts: [{ at: contractTime(offsetMs), code, kind, message: `failed ${id}`, durationMs: 12.5 }],
    status: 'pending',
    ...rest,
  };
}

/** A complete audit event for contract tests. */
export function makeAuditEvent(
  id: string,
  offsetMs: number,
  overrides: Partial<AuditEvent> = {},
): AuditEvent {
  return {
    id,
    time: contractTime(offsetMs),
    type: 'processing_complete',
    requestId: `req-${id}`,
    partSha256: 'cd'.repeat(32),
    details: { tier: 'tier1', confidence: 0.93, quality: 0.88, nested: { list: [1, 'two', null] } },
    ...overrides,
  };
}

/** A processing sample for contract tests. */
export function makeSample(offsetMs: number, overrides: Partial<ProcessingSample> = {}): ProcessingSample {
  return {
    time: contractTime(offsetMs),
    durationMs: 1500,
    qualityScore: 0.8,
    recognized: true,
    tier: 'tier1',
    ok: true,
    ...overrides,
  };
}
