import { randomUUID } from 'node:crypto';
import type { AnalysisResult } from '../../../result/index.js';
import { CadlensError } from '../../../errors/index.js';

/** One background analysis (`POST /analyze?async=1`), as `GET /analyses/:id` returns it. */
export interface AnalysisJob {
  id: string;
  status: 'running' | 'done' | 'failed';
  /** ISO times. */
  createdAt: string;
  finishedAt: string | null;
  /** Present when `status` is `done`. */
  result?: AnalysisResult;
  /** Present when `status` is `failed` (the analysis itself threw; a bad part is a `done` result with `result.error`). */
  error?: { code: string; message: string };
}

/** Options of {@link createAnalysisJobs}. */
export interface AnalysisJobsOptions {
  /** Most jobs kept (running + finished). @defaultValue 1000 */
  maxJobs?: number;
  /** How long a finished job stays readable. @defaultValue 3_600_000 (1 h) */
  ttlMs?: number;
}

/**
 * An in-process table of background analyses. Bounded: finished jobs expire after `ttlMs` and the
 * oldest finished ones are evicted when the table is full; when every slot is a running job, a new
 * one is refused with `RESOURCE_EXHAUSTED` (→ 503) rather than growing without bound.
 */
export function createAnalysisJobs(options: AnalysisJobsOptions = {}) {
  const maxJobs = options.maxJobs ?? 1000;
  const ttlMs = options.ttlMs ?? 3_600_000;
  const jobs = new Map<string, AnalysisJob & { expiresAt: number }>();

  const sweep = () => {
    const now = Date.now();
    for (const [id, job] of jobs) if (job.status !== 'running' && job.expiresAt <= now) jobs.delete(id);
    if (jobs.size < maxJobs) return;
    // Map iteration is insertion order: the first finished ones are the oldest.
    for (const [id, job] of jobs) {
      if (jobs.size < maxJobs) break;
      if (job.status !== 'running') jobs.delete(id);
    }
  };

  return {
    /** Starts `run` in the background and returns the job's id at once. */
    start(run: () => Promise<AnalysisResult>): AnalysisJob {
      sweep();
      if (jobs.size >= maxJobs) {
        throw new CadlensError('RESOURCE_EXHAUSTED', `too many background analyses running (${maxJobs}); retry later`, { kind: 'transient' });
      }
      const job = { id: randomUUID(), status: 'running' as AnalysisJob['status'], createdAt: new Date().toISOString(), finishedAt: null as string | null, expiresAt: Infinity };
      jobs.set(job.id, job);
      run().then(
        (result) => Object.assign(job, { status: 'done', result, finishedAt: new Date().toISOString(), expiresAt: Date.now() + ttlMs }),
        (error: unknown) =>
          Object.assign(job, {
            status: 'failed',
            error: error instanceof CadlensError ? { code: error.code, message: error.message } : { code: 'INTERNAL', message: 'internal error' },
            finishedAt: new Date().toISOString(),
            expiresAt: Date.now() + ttlMs,
          }),
      );
      return view(job);
    },
    get(id: string): AnalysisJob | undefined {
      sweep();
      const job = jobs.get(id);
      return job && view(job);
    },
    /** Resolves when no job is running (for graceful shutdown). */
    async drain(): Promise<void> {
      while ([...jobs.values()].some((j) => j.status === 'running')) await new Promise((r) => setTimeout(r, 50));
    },
  };
}

function view(job: AnalysisJob & { expiresAt: number }): AnalysisJob {
  const { expiresAt: _expiresAt, ...rest } = job;
  return rest;
}

/** The table returned by {@link createAnalysisJobs}. */
export type AnalysisJobs = ReturnType<typeof createAnalysisJobs>;
