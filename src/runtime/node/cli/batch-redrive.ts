import { isCadlensError } from '../../../errors/index.js';
import type { DeadLetterQueue } from '../../../resilience/dead-letter-queue.js';

/** What `cadlens batch redrive` did with each dead letter id, printed as one JSON object on stdout. */
export interface RedriveReport {
  /** Re-enqueued now: the new pg-boss job of each. */
  redriven: { deadLetterId: string; jobId: string }[];
  /** Redriven before (the record is `reprocessed`): nothing to do, and not an error. */
  alreadyRedriven: { deadLetterId: string; redrivenAt: string | null }[];
  /** Could not be redriven: an unknown id (`DLQ_NOT_FOUND`), a discarded record, a job pg-boss no longer has… */
  failed: { deadLetterId: string; code: string; message: string; status?: string }[];
}

/** The pg-boss queue's one-record redrive (`queue.redrive(dlq, [id])`). */
type RedriveOne = (deadLetters: DeadLetterQueue, ids: readonly string[]) => Promise<string[]>;

/**
 * Redrives each id on its own, so one id that cannot be redriven neither hides the ones re-enqueued before it
 * (their new job ids are always printed) nor stops the ones after it. A record that was already redriven is its
 * own answer (`alreadyRedriven`), not a failure: running the same redrive twice leaves the same state, so a
 * retried script or a second operator gets exit status 0. Errors other than the dead-letter queue's per-record
 * refusals (the database went away) are thrown after `onPartial` received what was done so far.
 */
export async function redriveEach(redrive: RedriveOne, deadLetters: DeadLetterQueue, ids: readonly string[], onPartial: (report: RedriveReport) => void): Promise<RedriveReport> {
  const report: RedriveReport = { redriven: [], alreadyRedriven: [], failed: [] };
  for (const deadLetterId of new Set(ids)) {
    try {
      const [jobId] = await redrive(deadLetters, [deadLetterId]);
      report.redriven.push({ deadLetterId, jobId: jobId! });
    } catch (error) {
      // The dead-letter queue refuses a record that is not pending with USAGE and its status in the details.
      const status = isCadlensError(error) && typeof error.details.status === 'string' ? error.details.status : undefined;
      if (isCadlensError(error) && error.code === 'USAGE' && status === 'reprocessed') {
        const record = await deadLetters.get(deadLetterId).catch(() => undefined);
        report.alreadyRedriven.push({ deadLetterId, redrivenAt: record?.resolution?.time ?? null });
      } else if (isCadlensError(error) && (error.code === 'DLQ_NOT_FOUND' || error.code === 'USAGE')) {
        report.failed.push({ deadLetterId, code: error.code, message: error.message, ...(status ? { status } : {}) });
      } else {
        onPartial(report);
        throw error;
      }
    }
  }
  return report;
}
