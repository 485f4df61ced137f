import type { AuditEvent, AuditEventType, AuditQuery, AuditStore } from '../storage/audit-store.js';
import { throwIfAborted } from '../errors/abort.js';
import { CadlensError } from '../errors/index.js';
import { systemClock, type Clock } from './clock.js';
import { createUuidV7Generator, toIso } from './ids.js';
import { redactSecrets } from './redact-secrets.js';

/** Options of {@link createAuditTrail}. */
export interface AuditTrailOptions {
  store: AuditStore;
  /** @defaultValue {@link systemClock} */
  clock?: Clock;
  /** How long {@link AuditTrail.purge} keeps events. @defaultValue 90 */
  retentionDays?: number;
  /** Secret values to redact from details, e.g. `secretValues(config)`. */
  secrets?: readonly string[];
  /** @defaultValue time-ordered UUID v7 from the clock */
  generateId?: () => string;
}

/** What to record; `time` and `id` are filled in. */
export interface AuditEventInput {
  requestId?: string | null;
  partSha256?: string | null;
  details?: Record<string, unknown>;
}

/** Query with `Date`, ISO string or epoch ms times. */
export interface AuditTrailQuery extends Omit<AuditQuery, 'since' | 'until'> {
  since?: Date | string | number;
  until?: Date | string | number;
}

/** The audit trail service. */
export interface AuditTrail {
  readonly retentionDays: number;
  /**
   * Append an event (details are redacted and must be JSON-serialisable).
   * @throws CadlensError `STORE_UNAVAILABLE`, `ABORTED`
   */
  record(type: AuditEventType, event?: AuditEventInput, options?: { signal?: AbortSignal }): Promise<AuditEvent>;
  /** Events by type, request, part and time. */
  query(query?: AuditTrailQuery, options?: { signal?: AbortSignal }): Promise<AuditEvent[]>;
  /** Delete events older than the retention period; returns how many. */
  purge(options?: { signal?: AbortSignal }): Promise<number>;
}

/**
 * An ISO 9001-style audit trail over an {@link AuditStore}.
 * @example
 * ```ts
 * const audit = createAuditTrail({ store: stores.audit });
 * await audit.record('processing_complete', { requestId, partSha256, details: { tier: 'tier1', confidence: 0.92, quality: 87 } });
 * ```
 */
export function createAuditTrail(options: AuditTrailOptions): AuditTrail {
  const clock = options.clock ?? systemClock;
  const retentionDays = options.retentionDays ?? 90;
  if (!(retentionDays > 0)) throw new CadlensError('CONFIG_INVALID', `retentionDays must be a positive number, got ${String(retentionDays)}`, { stage: 'config' });
  const generateId = options.generateId ?? createUuidV7Generator(() => clock.now());
  const redact = { secrets: options.secrets };
  return {
    retentionDays,
    async record(type, input = {}, opts = {}) {
      throwIfAborted(opts.signal);
      const event: AuditEvent = {
        id: generateId(),
        time: new Date(clock.now()).toISOString(),
        type,
        requestId: input.requestId ?? null,
        partSha256: input.partSha256 ?? null,
        details: redactSecrets(input.details ?? {}, redact),
      };
      await options.store.append(event, opts);
      return event;
    },
    async query(q = {}, opts = {}) {
      const { since, until, ...rest } = q;
      return options.store.query(
        {
          ...rest,
          ...(since !== undefined ? { since: toIso(since) } : {}),
          ...(until !== undefined ? { until: toIso(until) } : {}),
        },
        opts,
      );
    },
    async purge(opts = {}) {
      return options.store.purge(new Date(clock.now() - retentionDays * 86_400_000).toISOString(), opts);
    },
  };
}
