import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliPoolWorkers, ONE_WORKER_MAX_INPUT_BYTES } from '../../src/runtime/node/cli/pool-size.js';

/** Real files of the given sizes in a fresh folder. */
function files(...sizes: number[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'cadlens-pool-size-'));
  return sizes.map((size, i) => {
    const path = join(dir, `part-${i}.step`);
    writeFileSync(path, Buffer.alloc(size, 0x20));
    return path;
  });
}

describe('CLI pool size for several files (pool-size.ts)', () => {
  it('a batch of at most ONE_WORKER_MAX_INPUT_BYTES in all gets one worker; one byte more gets the cores', async () => {
    const half = ONE_WORKER_MAX_INPUT_BYTES / 2;
    expect(await cliPoolWorkers(files(half, half), undefined, 2)).toBe(1);
    expect(await cliPoolWorkers(files(half, half, 1), undefined, 2)).toBe(2);
    expect(await cliPoolWorkers(files(half, half, 1), undefined, 8)).toBe(3); // never more workers than files
  });

  it('--concurrency wins either way, bounded by the files; one core means one worker', async () => {
    const small = files(1000, 1000, 1000);
    expect(await cliPoolWorkers(small, 2, 2)).toBe(2);
    expect(await cliPoolWorkers(small, 8, 2)).toBe(3);
    expect(await cliPoolWorkers(files(ONE_WORKER_MAX_INPUT_BYTES, 1000), 1, 2)).toBe(1);
    expect(await cliPoolWorkers(files(ONE_WORKER_MAX_INPUT_BYTES, 1000), undefined, 1)).toBe(1);
  });

  it('a file that cannot be stat\'ed counts as large (the cores), not as small', async () => {
    const [a] = files(1000);
    expect(await cliPoolWorkers([a!, join(tmpdir(), 'cadlens-pool-size-missing', 'none.step')], undefined, 2)).toBe(2);
  });
});
