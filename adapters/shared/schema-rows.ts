/**
 * Row → record mapping for the cadlens SQL schema (`failed_cad_analyses`, `cad_processing_audit`,
 * `cad_processing_samples`, `system_state`). The postgres and supabase adapters ship the same schema,
 * so they read rows the same way; this module has no client dependency and is bundled into each.
 * @internal
 */
import type { AuditEvent, AuditEventType, BreakerSharedState, DeadLetterRecord, ProcessingSample } from 'cadlens';

/** A database row as the client returns it. */
export type Row = Record<string, unknown>;

/** An ISO time from a `timestamptz` (a Date from pg, a string from PostgREST). */
export const isoTime = (v: unknown): string => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());

/** A number, or null for SQL NULL. */
export const nullableNumber = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** A `failed_cad_analyses` row. */
export function deadLetterFromRow(r: Row): DeadLetterRecord {
  const rec: DeadLetterRecord = {
    id: String(r.id),
    time: isoTime(r.time),
    input: { name: String(r.input_name), sizeBytes: Number(r.input_size_bytes), sha256: String(r.input_sha256) },
    error: { code: String(r.error_code), kind: r.error_kind as DeadLetterRecord['error']['kind'], message: String(r.error_message) },
    stage: String(r.stage),
    tier: (r.tier as string | null) ?? null,
    retryCount: Number(r.retry_count),
    attempts: (r.attempts as DeadLetterRecord['attempts']) ?? [],
    status: r.status as DeadLetterRecord['status'],
  };
  if (r.request_id != null) rec.requestId = String(r.request_id);
  if (r.input_bytes != null) rec.input.bytes = String(r.input_bytes);
  if (r.error_stack != null) rec.error.stack = String(r.error_stack);
  if (r.resolution != null) rec.resolution = r.resolution as DeadLetterRecord['resolution'];
  return rec;
}

/** A `cad_processing_audit` row. */
export function auditEventFromRow(r: Row): AuditEvent {
  return {
    id: String(r.id),
    time: isoTime(r.time),
    type: r.event_type as AuditEventType,
    requestId: (r.request_id as string | null) ?? null,
    partSha256: (r.part_sha256 as string | null) ?? null,
    details: (r.details as Record<string, unknown>) ?? {},
  };
}

/** A `cad_processing_samples` row. */
export function sampleFromRow(r: Row): ProcessingSample {
  const s: ProcessingSample = {
    time: isoTime(r.time),
    durationMs: Number(r.duration_ms),
    qualityScore: nullableNumber(r.quality_score),
    recognized: Boolean(r.recognized),
    tier: (r.tier as string | null) ?? null,
    ok: Boolean(r.ok),
  };
  if (r.request_id != null) s.requestId = String(r.request_id);
  return s;
}

/** A `system_state` row. */
export function breakerStateFromRow(r: Row): BreakerSharedState {
  return {
    state: r.state as BreakerSharedState['state'],
    failureCount: Number(r.failure_count),
    openedAt: nullableNumber(r.opened_at),
    lastFailureTime: nullableNumber(r.last_failure_time),
    windowStartedAt: nullableNumber(r.window_started_at),
    version: Number(r.version),
    probeLeaseOwner: (r.probe_lease_owner as string | null) ?? null,
    probeLeaseExpiresAt: nullableNumber(r.probe_lease_expires_at),
  };
}
