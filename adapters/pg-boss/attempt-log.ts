import type { ErrorKind } from 'cadlens';
import type PgBoss from 'pg-boss';

/** One attempt of a job as the log keeps it, oldest first. */
export interface JobAttempt {
  /** 1-based. */
  attempt: number;
  workerId: string;
  startedAt: string;
  /** `null` while running, and for an attempt whose worker died (the job expired). */
  endedAt: string | null;
  code: string | null;
  kind: ErrorKind | null;
  message: string | null;
}

/**
 * The attempts of in-flight jobs, in a table next to pg-boss's (`<schema>.cadlens_job_attempt`): pg-boss
 * keeps only a job's last error, and nothing about an attempt whose worker was killed. Each attempt is
 * written when it starts, so an attempt that never ends is still known (time, worker). Rows of a job are
 * deleted once the job ends (its dead letter holds them), so the table only holds jobs in flight.
 * @internal
 */
export interface AttemptLog {
  /** Records attempt `attempt` of `jobId` as started by `workerId`; resolves to the earlier attempts. */
  start(jobId: string, attempt: number, workerId: string): Promise<JobAttempt[]>;
  /** The earlier attempts of `jobId`, without recording one (the extra run that only dead-letters). */
  history(jobId: string): Promise<JobAttempt[]>;
  /** Records how attempt `attempt` failed. */
  fail(jobId: string, attempt: number, error: { code: string; kind: ErrorKind; message: string }): Promise<void>;
  /** Forgets the job (it ended). */
  forget(jobId: string): Promise<void>;
}

type Db = ReturnType<PgBoss['getDb']>;

interface AttemptRow {
  attempt: number;
  worker_id: string;
  started_on: Date;
  ended_on: Date | null;
  code: string | null;
  kind: ErrorKind | null;
  message: string | null;
}

const toAttempt = (r: AttemptRow): JobAttempt => ({
  attempt: r.attempt,
  workerId: r.worker_id,
  startedAt: r.started_on.toISOString(),
  endedAt: r.ended_on ? r.ended_on.toISOString() : null,
  code: r.code,
  kind: r.kind,
  message: r.message,
});

/** Creates the table when missing and returns the log. `schema` must already be a checked identifier. @internal */
export async function createAttemptLog(db: Db, schema: string): Promise<AttemptLog> {
  const table = `${schema}.cadlens_job_attempt`;
  // Workers starting together would race on CREATE TABLE IF NOT EXISTS (a unique violation in
  // pg_type): a transaction-scoped advisory lock makes them take turns.
  await db.executeSql(
    `DO $$ BEGIN
       PERFORM pg_advisory_xact_lock(hashtext('${table}'));
       CREATE TABLE IF NOT EXISTS ${table} (
         job_id uuid NOT NULL, attempt int NOT NULL, worker_id text NOT NULL,
         started_on timestamptz NOT NULL DEFAULT now(), ended_on timestamptz,
         code text, kind text, message text,
         PRIMARY KEY (job_id, attempt));
     END $$`,
    [],
  );
  const columns = 'attempt, worker_id, started_on, ended_on, code, kind, message';
  return {
    async start(jobId, attempt, workerId) {
      // One statement: the insert, and the earlier rows (the CTE's snapshot does not see the new one).
      const { rows } = await db.executeSql(
        `WITH started AS (
           INSERT INTO ${table} (job_id, attempt, worker_id) VALUES ($1, $2, $3)
           ON CONFLICT (job_id, attempt) DO UPDATE SET worker_id = EXCLUDED.worker_id, started_on = now(), ended_on = NULL, code = NULL, kind = NULL, message = NULL
           RETURNING 1)
         SELECT ${columns} FROM ${table} WHERE job_id = $1 AND attempt < $2 ORDER BY attempt`,
        [jobId, attempt, workerId],
      );
      return (rows as AttemptRow[]).map(toAttempt);
    },
    async history(jobId) {
      const { rows } = await db.executeSql(`SELECT ${columns} FROM ${table} WHERE job_id = $1 ORDER BY attempt`, [jobId]);
      return (rows as AttemptRow[]).map(toAttempt);
    },
    async fail(jobId, attempt, error) {
      await db.executeSql(`UPDATE ${table} SET ended_on = now(), code = $3, kind = $4, message = $5 WHERE job_id = $1 AND attempt = $2`, [
        jobId,
        attempt,
        error.code,
        error.kind,
        error.message,
      ]);
    },
    async forget(jobId) {
      await db.executeSql(`DELETE FROM ${table} WHERE job_id = $1`, [jobId]);
    },
  };
}
