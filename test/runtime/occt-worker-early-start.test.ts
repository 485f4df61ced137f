import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createOcctWorkerTessellator } from '../../src/runtime/node/index.js';

// Why: the worker tessellator used to await a wasm compile in this thread before starting its first worker, so
// a file's import began only when the caller's synchronous work (the STEP reader's B-Rep build) gave the event
// loop back — the early start under `mesh: 'always'` never overlapped anything on a first file. These tests
// check the order of events, not a speed: the import must begin while this thread is still blocked.
const FIXTURE = join(fileURLToPath(new URL('../fixtures/step/', import.meta.url)), 'plate-hole-pocket.step');

/** Blocks this thread (no event-loop turn) for `ms` and returns the epoch ms at which it let go. */
function blockThread(ms: number): number {
  const end = performance.now() + ms;
  let x = 0;
  while (performance.now() < end) x += Math.sqrt(x + 1);
  return performance.timeOrigin + performance.now() + (x < 0 ? 1 : 0);
}

describe('worker tessellator: the first import starts without this thread', () => {
  it('a fresh tessellator starts its worker and the import while the caller keeps its thread busy', async () => {
    const tess = createOcctWorkerTessellator();
    try {
      const pending = tess.tessellate(new Uint8Array(readFileSync(FIXTURE)), 'step');
      const released = blockThread(4000);
      const r = await pending;
      expect(r.meshes.length).toBeGreaterThan(0);
      expect(r.importStartedAtMs).toBeTypeOf('number');
      // Worker start, OpenCascade's compile and instantiation all happened on other threads meanwhile.
      expect(r.importStartedAtMs!).toBeLessThan(released);
    } finally {
      await tess.close();
    }
  });

  it('after warmUp() and a recycle (maxFilesPerWorker 1), the fresh worker also starts its import while the caller is busy, with the same triangles', async () => {
    const tess = createOcctWorkerTessellator({ maxFilesPerWorker: 1 });
    try {
      tess.warmUp?.();
      const bytes = readFileSync(FIXTURE);
      const first = await tess.tessellate(new Uint8Array(bytes), 'step');
      // maxFilesPerWorker 1: the second file runs on a fresh worker, started with the shared module.
      const pending = tess.tessellate(new Uint8Array(bytes), 'step');
      const released = blockThread(3000);
      const second = await pending;
      expect(second.importStartedAtMs!).toBeLessThan(released);
      expect(Array.from(second.meshes[0]!.indices)).toEqual(Array.from(first.meshes[0]!.indices));
    } finally {
      await tess.close();
    }
  });
});
