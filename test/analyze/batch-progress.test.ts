import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { createBatchProgress, describeBatch, formatDuration } from '../../src/runtime/node/cli/batch-progress.js';

/** A real writable stream that keeps what was written; `isTTY` set as a terminal or a pipe would. */
function capture(isTTY: boolean): Writable & { isTTY: boolean; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      text += chunk.toString();
      done();
    },
  }) as Writable & { isTTY: boolean; text: () => string };
  stream.isTTY = isTTY;
  stream.text = () => text;
  return stream;
}

const running = { total: 500, byState: { completed: 120, active: 3, created: 377 }, deadLetters: 6, jobsPerSecond: 4.1, etaSeconds: 92.7 };
const finished = { total: 500, byState: { completed: 500 }, deadLetters: 25, jobsPerSecond: 4.2, etaSeconds: 0 };

describe('cadlens batch submit --follow: the progress of a batch', () => {
  it('describes counts, dead letters, pace and ETA in one line', () => {
    expect(describeBatch(running)).toBe('120/500 ended (6 dead letters) · 3 active · 4.10 jobs/s · ETA 1m33s');
    expect(describeBatch(finished)).toBe('500/500 ended (25 dead letters) · 4.20 jobs/s');
    expect(describeBatch({ total: 2, byState: { created: 2 }, jobsPerSecond: null, etaSeconds: null })).toBe('0/2 ended');
    expect([formatDuration(42), formatDuration(185), formatDuration(3720)]).toEqual(['42s', '3m05s', '1h02m']);
  });

  it('redraws one bar in place on a terminal and ends it with a newline', () => {
    const tty = capture(true);
    const progress = createBatchProgress(tty, { intervalMs: 10_000 });
    progress.update(running);
    progress.update(running);
    progress.done(finished);
    const draws = tty.text().split('\r').filter(Boolean);
    expect(draws).toHaveLength(3);
    expect(draws[0]).toBe(`[######------------------] ${describeBatch(running)}\x1b[K`);
    expect(draws[2]).toBe(`[########################] ${describeBatch(finished)}\x1b[K\n`);
  });

  it('writes a plain line at most every interval off a terminal, and the final status once', () => {
    const pipe = capture(false);
    let now = 0;
    const progress = createBatchProgress(pipe, { intervalMs: 10_000, clock: () => now });
    progress.update(running); // t = 0: first line
    now = 5_000;
    progress.update(running); // too soon
    now = 10_000;
    progress.update(running); // due
    progress.done(finished);
    progress.done(finished); // already shown
    expect(pipe.text()).toBe(
      [`cadlens batch: ${describeBatch(running)}`, `cadlens batch: ${describeBatch(running)}`, `cadlens batch: ${describeBatch(finished)}`, ''].join('\n'),
    );
  });
});
