import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAnalyzerPool } from '../../src/runtime/node/pool/index.js';
import { TEST_FAULT_PREFIX } from '../../src/runtime/node/pool/pool-protocol.js';
import { withRetry, type RetryAttempt } from '../../src/resilience/index.js';
import { isCadlensError } from '../../src/errors/index.js';

const fixture = fileURLToPath(new URL('../fixtures/step/plate-hole.step', import.meta.url));
const fault = (line: string, rest: Uint8Array = new Uint8Array(0)) => {
  const head = new TextEncoder().encode(`${TEST_FAULT_PREFIX}${line}\n`);
  const bytes = new Uint8Array(head.length + rest.length);
  bytes.set(head);
  bytes.set(rest, head.length);
  return bytes;
};

// The faults are real (a worker thread that exits, loops forever, or runs out of heap); they are injected
// through an explicit test-only option (`testFaults`) and a magic first input line.
describe('createAnalyzerPool: crashed, hung and out-of-memory workers are replaced (real worker threads)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cadlens-pool-'));
  // Healthy jobs get a generous deadline: on this loaded machine a fresh worker's first job (occt wasm
  // and ONNX session load) can take seconds. The hang test has its own short-deadline pool.
  const pool = createAnalyzerPool({ workers: 1, jobTimeoutMs: 90_000, maxWorkerHeapMb: 256, testFaults: true });
  afterAll(async () => {
    await pool.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a worker that exits mid-job gives transient WORKER_CRASHED; the next job succeeds on a replacement', async () => {
    const error = await pool.analyze(fault('exit')).catch((e: unknown) => e);
    expect(isCadlensError(error) && [error.code, error.kind]).toEqual(['WORKER_CRASHED', 'transient']);
    const result = await pool.analyzeFile(fixture);
    expect(result.error).toBeUndefined();
    expect(result.part?.faces.length).toBe(7);
    expect(pool.stats()).toMatchObject({ completed: 1, failed: 1, workersReplaced: 1 });
  });

  it('withRetry runs the same call again after a crash, and the fresh worker answers', async () => {
    const attempts: RetryAttempt[] = [];
    const input = fault(`exit-once=${join(dir, 'crashed-once')}`, new Uint8Array(readFileSync(fixture)));
    const result = await withRetry(() => pool.analyze(input, { name: 'plate-hole.step' }), { attempts, baseDelayMs: 1, maxAttempts: 3 });
    expect(attempts.map((a) => [a.ok, a.error?.code])).toEqual([
      [false, 'WORKER_CRASHED'],
      [true, undefined],
    ]);
    expect(result.part?.faces.length).toBe(7);
  });

  it('a worker that hangs is terminated at the job deadline: transient TIMEOUT, and the worker is replaced', async () => {
    const hangPool = createAnalyzerPool({ workers: 1, jobTimeoutMs: 3_000, testFaults: true });
    try {
      const t = performance.now();
      const error = await hangPool.analyze(fault('hang')).catch((e: unknown) => e);
      expect(isCadlensError(error) && [error.code, error.kind, error.details.jobTimeoutMs]).toEqual(['TIMEOUT', 'transient', 3_000]);
      expect(performance.now() - t).toBeGreaterThanOrEqual(2_900);
      expect(hangPool.stats()).toMatchObject({ failed: 1, workersReplaced: 1, running: 0 });
    } finally {
      await hangPool.close();
    }
  });

  it('a worker past its heap limit gives transient RESOURCE_EXHAUSTED, then a replacement works', async () => {
    const error = await pool.analyze(fault('oom')).catch((e: unknown) => e);
    expect(isCadlensError(error) && [error.code, error.kind]).toEqual(['RESOURCE_EXHAUSTED', 'transient']);
    expect((await pool.analyzeFile(fixture)).part?.faces.length).toBe(7);
  });

  it('without testFaults the magic line is just bad input (a result, no crash)', async () => {
    const plain = createAnalyzerPool({ workers: 1 });
    try {
      const result = await plain.analyze(fault('exit'));
      expect(result.error?.code).toBe('INTAKE_UNKNOWN_FORMAT');
    } finally {
      await plain.close();
    }
  });

  it('a caller abort of a running job gives ABORTED and replaces the worker', async () => {
    const controller = new AbortController();
    const running = pool.analyze(fault('hang'), { signal: controller.signal }).catch((e: unknown) => e);
    const sub = pool.onProgress((e) => e.type === 'started' && controller.abort());
    const error = await running;
    sub.dispose();
    expect(isCadlensError(error) && error.code).toBe('ABORTED');
    expect((await pool.analyzeFile(fixture)).part?.faces.length).toBe(7);
  });
});
