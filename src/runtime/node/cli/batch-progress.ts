/** What `cadlens batch submit --follow` shows of a batch (a subset of the pg-boss adapter's `BatchStatus`). */
export interface BatchProgressStatus {
  total: number;
  byState: Partial<Record<string, number>>;
  deadLetters?: number;
  jobsPerSecond: number | null;
  etaSeconds: number | null;
}

/** Follows a batch on a stream: a redrawn bar on a terminal, a plain line every `intervalMs` elsewhere. */
export interface BatchProgress {
  update(status: BatchProgressStatus): void;
  /** Shows the last status for good (a final line) and stops. */
  done(status: BatchProgressStatus): void;
}

const BAR_WIDTH = 24;

/** Jobs that ended for good: completed (a result or a dead letter), cancelled, or failed. */
export function endedJobs(status: BatchProgressStatus): number {
  return (status.byState.completed ?? 0) + (status.byState.cancelled ?? 0) + (status.byState.failed ?? 0);
}

/** `1h02m`, `3m05s`, `42s`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s >= 3600) return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  if (s >= 60) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${s}s`;
}

/** One line of text: `120/500 ended (3 dead letters) · 3 active · 4.10 jobs/s · ETA 1m32s`. */
export function describeBatch(status: BatchProgressStatus): string {
  const ended = endedJobs(status);
  const parts = [`${ended}/${status.total} ended${status.deadLetters ? ` (${status.deadLetters} dead letter${status.deadLetters === 1 ? '' : 's'})` : ''}`];
  if (status.byState.active) parts.push(`${status.byState.active} active`);
  if (status.byState.retry) parts.push(`${status.byState.retry} to retry`);
  if (status.jobsPerSecond !== null) parts.push(`${status.jobsPerSecond.toFixed(2)} jobs/s`);
  if (status.etaSeconds !== null && ended < status.total) parts.push(`ETA ${formatDuration(status.etaSeconds)}`);
  return parts.join(' · ');
}

/** Creates the follower on `stream`; `clock` is injectable so tests control the line interval. */
export function createBatchProgress(stream: NodeJS.WritableStream & { isTTY?: boolean }, options: { intervalMs: number; clock?: () => number }): BatchProgress {
  const clock = options.clock ?? Date.now;
  if (stream.isTTY) {
    const draw = (status: BatchProgressStatus) => {
      const filled = status.total === 0 ? BAR_WIDTH : Math.round((endedJobs(status) / status.total) * BAR_WIDTH);
      stream.write(`\r[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${describeBatch(status)}\x1b[K`);
    };
    return {
      update: draw,
      done(status) {
        draw(status);
        stream.write('\n');
      },
    };
  }
  // Not a terminal (a log file, CI): no control characters, and only a line now and then.
  let lastMs = -Infinity;
  let lastLine = '';
  const line = (status: BatchProgressStatus) => {
    lastLine = describeBatch(status);
    lastMs = clock();
    stream.write(`cadlens batch: ${lastLine}\n`);
  };
  return {
    update(status) {
      if (clock() - lastMs >= options.intervalMs) line(status);
    },
    done(status) {
      if (describeBatch(status) !== lastLine) line(status);
    },
  };
}
