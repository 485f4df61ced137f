import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { runCli, type CliIo } from '../../src/runtime/node/cli/main.js';
import { inInputOrder } from '../../src/runtime/node/cli/in-input-order.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/step/${name}`, import.meta.url));

async function cli(args: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough() as unknown as NodeJS.WriteStream;
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  (stderr as unknown as PassThrough).on('data', (d: Buffer) => (err += d.toString()));
  const io: CliIo = { stdout, stderr, env: {} };
  const code = await runCli(args, io);
  return { code, out, err };
}

describe('inInputOrder', () => {
  it('yields in input order whatever the finishing order, with at most `window` calls in flight', async () => {
    const delays = [60, 5, 30, 1, 20];
    let inFlight = 0;
    let maxInFlight = 0;
    const finished: number[] = [];
    const run = async (ms: number, i: number) => {
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      await new Promise((r) => setTimeout(r, ms));
      inFlight--;
      finished.push(i);
      if (i === 3) throw new Error('item 3 fails');
      return i * 10;
    };
    const seen: unknown[] = [];
    for await (const o of inInputOrder(delays, run, 2)) seen.push(o.ok ? o.value : `error ${o.index}`);
    expect(seen).toEqual([0, 10, 20, 'error 3', 40]);
    expect(maxInFlight).toBe(2);
    expect(finished).not.toEqual([0, 1, 2, 3, 4]); // they did finish out of order
  });
});

describe('cadlens analyze with several files runs on the worker pool (real workers)', () => {
  it('--concurrency 2 --ndjson: one line per file in input order, same results as one file at a time', async () => {
    const files = ['plate-hole.step', 'cube.step', 'block-pocket.step'].map(fixture);
    const pooled = await cli(['analyze', '--ndjson', '--concurrency', '2', ...files]);
    expect(pooled.err).toBe('');
    expect(pooled.code).toBe(0);
    const lines = pooled.out.trim().split('\n').map((l) => JSON.parse(l) as { input: { name: string }; part: { faces: unknown[] } });
    expect(lines.map((r) => r.input.name)).toEqual(['plate-hole.step', 'cube.step', 'block-pocket.step']);
    const single = await cli(['analyze', '--ndjson', files[1]!]);
    const one = JSON.parse(single.out) as { part: unknown; recognition: { faces: unknown[] } };
    expect(lines[1]!.part).toEqual(one.part);
  });

  it('--concurrency must be a positive whole number', async () => {
    for (const bad of ['0', '1.5', 'many']) {
      const run = await cli(['analyze', '--concurrency', bad, fixture('cube.step')]);
      expect([run.code, run.err.split('\n')[0]]).toEqual([2, 'cadlens: --concurrency must be a positive whole number']);
    }
  });

  it('--json with several files: a file that failed after its retry is in the array, with its typed error, in input order', async () => {
    // A 50 ms job deadline is shorter than a fresh worker's start-up (OpenCascade, ONNX), so every
    // job passes it, its worker is replaced, the retry passes it too, and the file fails for real.
    const files = ['cube.step', 'plate-hole.step', 'block-pocket.step'].map(fixture);
    const run = await cli(['analyze', '--json', '--concurrency', '2', '--job-timeout-s', '0.05', ...files]);
    expect(run.code).toBe(1);
    const entries = JSON.parse(run.out) as { input: { name: string; path: string }; error: { code: string; kind: string; message: string } }[];
    expect(entries.map((e) => e.input.name)).toEqual(['cube.step', 'plate-hole.step', 'block-pocket.step']);
    expect(entries.map((e) => e.input.path)).toEqual(files);
    for (const e of entries) expect(e.error).toMatchObject({ code: 'TIMEOUT', kind: 'transient' });
    expect(run.err.trim().split('\n')).toHaveLength(3); // one stderr line per failed file as well
  });

  it('--ndjson: a failed file is one line too, between the good ones', async () => {
    const files = ['cube.step', 'plate-hole.step'].map(fixture);
    const run = await cli(['analyze', '--ndjson', '--concurrency', '2', '--job-timeout-s', '0.05', ...files]);
    const lines = run.out.trim().split('\n').map((l) => JSON.parse(l) as { input: { name: string }; error?: { code: string } });
    expect(lines.map((l) => [l.input.name, l.error?.code])).toEqual([
      ['cube.step', 'TIMEOUT'],
      ['plate-hole.step', 'TIMEOUT'],
    ]);
  });

  it('--job-timeout-s must be a positive number', async () => {
    const run = await cli(['analyze', '--job-timeout-s', '0', fixture('cube.step')]);
    expect([run.code, run.err.split('\n')[0]]).toEqual([2, 'cadlens: --job-timeout-s must be a positive number']);
  });
});
