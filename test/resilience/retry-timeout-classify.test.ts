import { describe, expect, it, vi } from 'vitest';
import {
  CadlensError,
  classify,
  classifyError,
  createManualClock,
  isCadlensError,
  toCadlensError,
  withRetry,
  withTimeout,
  type RetryAttempt,
} from 'cadlens';

const T0 = Date.parse('2026-05-01T10:00:00.000Z');
const nodeError = (code: string, message = code) => Object.assign(new Error(message), { code });

describe('classifyError', () => {
  it.each([
    [new CadlensError('OCCT_TIMEOUT', 'x'), 'transient'],
    [new CadlensError('STEP_BAD_MAGIC', 'x'), 'permanent'],
    [new CadlensError('MODEL_LOAD_FAILED', 'x'), 'systemic'],
    [new CadlensError('BREAKER_OPEN', 'x'), 'systemic'],
    [new CadlensError('STORE_UNAVAILABLE', 'x'), 'systemic'],
    [nodeError('ETIMEDOUT'), 'transient'],
    [nodeError('ECONNRESET'), 'transient'],
    [nodeError('ENOMEM'), 'transient'],
    [nodeError('EMFILE'), 'transient'],
    [nodeError('ENOENT'), 'permanent'],
    [nodeError('40001', 'could not serialize access'), 'transient'],
    [nodeError('08006', 'connection failure'), 'transient'],
    [nodeError('42P01', 'relation does not exist'), 'systemic'],
    [new TypeError('fetch failed'), 'transient'],
    [new Error('Worker terminated unexpectedly'), 'transient'],
    [new RangeError('Array buffer allocation failed'), 'transient'],
    [new Error('operation timed out'), 'transient'],
    [Object.assign(new Error('x'), { name: 'AbortError' }), 'permanent'],
    [Object.assign(new Error('x'), { name: 'TimeoutError' }), 'transient'],
    [new Error('something odd'), 'systemic'],
    ['a string', 'systemic'],
    [undefined, 'systemic'],
  ] as const)('%s → %s', (value, kind) => {
    expect(classifyError(value)).toBe(kind);
  });

  it('user rules run first and can override built-ins', () => {
    const rules = [
      { id: 'gpu', classify: (e: unknown) => (String((e as Error).message).includes('CUDA') ? ('transient' as const) : undefined) },
      { id: 'strict-timeouts', classify: (e: unknown) => (isCadlensError(e) && e.code === 'OCCT_TIMEOUT' ? { kind: 'permanent' as const } : undefined) },
    ];
    expect(classifyError(new Error('CUDA busy'), rules)).toBe('transient');
    expect(classifyError(new CadlensError('OCCT_TIMEOUT', 'x'), rules)).toBe('permanent');
    expect(classify(new CadlensError('OCCT_TIMEOUT', 'x'), rules)).toEqual({ kind: 'permanent', code: 'OCCT_TIMEOUT' });
  });

  it('toCadlensError wraps with the classified code, keeps the cause, redacts the message', () => {
    const raw = nodeError('ECONNREFUSED', 'connect ECONNREFUSED postgres://app:s3cretpw@db:5432/x');
    const e = toCadlensError(raw, { stage: 'storage' });
    expect(e).toMatchObject({ code: 'NETWORK', kind: 'transient', stage: 'storage' });
    expect(e.cause).toBe(raw);
    expect(e.message).not.toContain('s3cretpw');
    const same = new CadlensError('TIMEOUT', 't');
    expect(toCadlensError(same)).toBe(same);
  });
});

describe('withRetry', () => {
  it('retries transient failures with capped exponential backoff and records attempts', async () => {
    const clock = createManualClock(T0);
    const attempts: RetryAttempt[] = [];
    let calls = 0;
    const p = withRetry(
      async () => {
        calls++;
        clock.advance(5);
        if (calls < 4) throw new CadlensError('OCCT_TIMEOUT', `slow ${calls}`);
        return 'done';
      },
      { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 250, jitter: 'none', clock, attempts },
    );
    await vi.waitFor(() => expect(clock.pendingSleeps).toBe(1));
    clock.advance(100);
    await vi.waitFor(() => expect(calls).toBe(2));
    await vi.waitFor(() => expect(clock.pendingSleeps).toBe(1));
    clock.advance(200);
    await vi.waitFor(() => expect(calls).toBe(3));
    await vi.waitFor(() => expect(clock.pendingSleeps).toBe(1));
    clock.advance(250);
    await expect(p).resolves.toBe('done');
    expect(attempts.map((a) => [a.attempt, a.ok, a.nextDelayMs, a.durationMs])).toEqual([
      [1, false, 100, 5],
      [2, false, 200, 5],
      [3, false, 250, 5],
      [4, true, undefined, 5],
    ]);
    expect(attempts[0]).toMatchObject({
      at: new Date(T0).toISOString(),
      error: { code: 'OCCT_TIMEOUT', kind: 'transient', message: 'slow 1' },
    });
  });

  it('does not retry permanent or systemic errors', async () => {
    for (const err of [new CadlensError('STEP_BAD_MAGIC', 'bad'), new CadlensError('MODEL_CORRUPT', 'bad')]) {
      const fn = vi.fn(() => Promise.reject(err));
      await expect(withRetry(fn, { maxAttempts: 5, clock: createManualClock(T0) })).rejects.toBe(err);
      expect(fn).toHaveBeenCalledTimes(1);
    }
  });

  it('rethrows the last error unchanged after maxAttempts', async () => {
    const clock = createManualClock(T0);
    let n = 0;
    const p = withRetry(() => Promise.reject(new CadlensError('TIMEOUT', `t${++n}`)), {
      maxAttempts: 2,
      baseDelayMs: 10,
      jitter: 'none',
      clock,
    });
    await vi.waitFor(() => expect(clock.pendingSleeps).toBe(1));
    clock.advance(10);
    await expect(p).rejects.toMatchObject({ code: 'TIMEOUT', message: 't2' });
  });

  it('full and equal jitter stay inside their ranges', async () => {
    for (const [jitter, r, expected] of [
      ['full', 0.5, 200],
      ['full', 0, 0],
      ['equal', 0, 200],
      ['equal', 0.999, 400],
    ] as const) {
      const attempts: RetryAttempt[] = [];
      const slept: number[] = [];
      const clock = { now: () => T0, sleep: async (ms: number) => void slept.push(ms) };
      let n = 0;
      const p = withRetry(
        async () => {
          if (++n === 1 || n === 2) throw new CadlensError('TIMEOUT', 't');
          return 1;
        },
        { maxAttempts: 3, baseDelayMs: 200, jitter, random: () => r, clock, attempts },
      );
      await p;
      expect(attempts[1]!.nextDelayMs).toBe(expected);
      expect(slept[1]).toBe(expected);
    }
  });

  it('aborting during a backoff delay rejects with ABORTED and stops retrying', async () => {
    const clock = createManualClock(T0);
    const controller = new AbortController();
    const fn = vi.fn(() => Promise.reject(new CadlensError('NETWORK', 'blip')));
    const p = withRetry(fn, { maxAttempts: 10, clock, signal: controller.signal });
    await vi.waitFor(() => expect(clock.pendingSleeps).toBe(1));
    controller.abort();
    await expect(p).rejects.toMatchObject({ code: 'ABORTED' });
    clock.advance(100_000);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('passes the signal to fn and does not retry after fn saw an abort', async () => {
    const controller = new AbortController();
    const fn = vi.fn(async ({ signal }: { signal?: AbortSignal }) => {
      expect(signal).toBe(controller.signal);
      controller.abort();
      throw new CadlensError('TIMEOUT', 'x');
    });
    await expect(withRetry(fn, { signal: controller.signal })).rejects.toMatchObject({ code: 'ABORTED' });
    expect(fn).toHaveBeenCalledTimes(1);
  });
});

describe('withTimeout', () => {
  it('rejects with transient TIMEOUT at the deadline and aborts fn', async () => {
    const clock = createManualClock(T0);
    let seen: AbortSignal | undefined;
    const p = withTimeout(
      (signal) => {
        seen = signal;
        return new Promise(() => {});
      },
      500,
      { clock },
    );
    clock.advance(499);
    expect(seen?.aborted).toBe(false);
    clock.advance(1);
    await expect(p).rejects.toMatchObject({ code: 'TIMEOUT', kind: 'transient', details: { timeoutMs: 500 } });
    expect(seen?.aborted).toBe(true);
  });

  it('resolves when fn is faster and cancels the timer', async () => {
    const clock = createManualClock(T0);
    await expect(withTimeout(async () => 42, 500, { clock })).resolves.toBe(42);
    expect(clock.pendingSleeps).toBe(0);
  });

  it('caller abort rejects with ABORTED', async () => {
    const controller = new AbortController();
    const p = withTimeout(() => new Promise(() => {}), 10_000, { signal: controller.signal });
    controller.abort();
    await expect(p).rejects.toMatchObject({ code: 'ABORTED' });
  });
});
