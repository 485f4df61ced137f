/**
 * Repro (issue 10, defect 9): `cadlens --help` said the OpenCascade import deadline defaults to 120 s
 * while the worker tessellator used 60 s, so the project's valid 50 MB file (209 solids, 87 s in
 * occt-import-js alone) ended as OCCT_TIMEOUT. One constant now feeds both.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../src/runtime/node/cli/main.js';
import { createOcctWorkerTessellator } from '../../src/runtime/node/index.js';
import { DEFAULT_OCCT_DEADLINE_MS } from '../../src/tessellation/index.js';
import { isCadlensError } from '../../src/errors/index.js';

const cube = fileURLToPath(new URL('../fixtures/step/cube.step', import.meta.url));

describe('the OpenCascade import deadline: one default, stated and used', () => {
  afterEach(() => vi.useRealTimers());

  it('is 120 s, long enough for the 87 s the 50 MB realworld file needs', () => {
    expect(DEFAULT_OCCT_DEADLINE_MS).toBe(120_000);
  });

  it('`cadlens analyze --help` states it', async () => {
    let out = '';
    const sink = { write: (s: string) => ((out += s), true) } as unknown as NodeJS.WriteStream;
    expect(await runCli(['analyze', '--help'], { stdout: sink, stderr: sink, env: {} })).toBe(0);
    expect(out).toMatch(new RegExp(`--timeout-s N .*\\(default ${DEFAULT_OCCT_DEADLINE_MS / 1000}\\)`));
  });

  it('the worker tessellator (real worker, fake clock) gives up exactly at it, not before', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const tess = createOcctWorkerTessellator();
    try {
      let settled: unknown = 'pending';
      const job = tess.tessellate(new Uint8Array(readFileSync(cube)), 'step').then(
        () => (settled = 'resolved'),
        (e: unknown) => (settled = e),
      );
      // The deadline timer starts when the file is handed to a worker (start-up included): wait for it.
      while (vi.getTimerCount() === 0) await new Promise((r) => setImmediate(r));
      vi.advanceTimersByTime(DEFAULT_OCCT_DEADLINE_MS - 1);
      await new Promise((r) => setImmediate(r));
      expect(settled).toBe('pending');
      vi.advanceTimersByTime(1);
      await job;
      expect(isCadlensError(settled) && settled.code).toBe('OCCT_TIMEOUT');
      expect((settled as Error).message).toContain(`${DEFAULT_OCCT_DEADLINE_MS} ms`);
    } finally {
      await tess.close();
    }
  });
});
