import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createAnalyzerPool } from '../../src/runtime/node/pool/index.js';
import { createNodeAnalyzer } from '../../src/runtime/node/analyze-file.js';
import { comparable } from '../support/comparable-result.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/step/${name}`, import.meta.url));

describe('createAnalyzerPool: real worker threads give the in-thread analyzer\'s results', () => {
  const pool = createAnalyzerPool({ workers: 2 });
  const inThread = createNodeAnalyzer();
  afterAll(async () => {
    await pool.close();
    await inThread.dispose();
  });

  it('analyses files and bytes on two workers, equal to createNodeAnalyzer, with progress events', async () => {
    const events: string[] = [];
    const usages: { wallMs: number; threadCpuMs?: number }[] = [];
    const sub = pool.onProgress((e) => {
      events.push(`${e.jobId}:${e.type}${e.type === 'step' ? `:${e.step}` : ''}`);
      if (e.type === 'completed' && e.usage) usages.push(e.usage);
    });
    const steps: string[] = [];
    const names = ['plate-hole.step', 'block-pocket.step'];
    const [a, b] = await Promise.all([
      pool.analyzeFile(fixture(names[0]!), { onProgress: (s) => steps.push(s) }),
      pool.analyze(new Uint8Array(readFileSync(fixture(names[1]!))), { name: names[1]!, requestId: 'req-b' }),
    ]);
    sub.dispose();
    expect(b.requestId).toBe('req-b');
    const expectedA = await inThread.analyzeFile(fixture(names[0]!));
    const expectedB = await inThread.analyze(new Uint8Array(readFileSync(fixture(names[1]!))), { name: names[1]! });
    expect(comparable(a)).toEqual(comparable(expectedA));
    expect(comparable(b)).toEqual(comparable(expectedB));
    expect(a.recognition?.faces.length).toBeGreaterThan(0); // the tiers ran in the worker
    expect(steps).toEqual(['format', 'parse', 'tessellate', 'geometry', 'recognize']);
    for (const id of [1, 2]) {
      const mine = events.filter((e) => e.startsWith(`${id}:`)).map((e) => e.slice(String(id).length + 1));
      expect(mine[0]).toBe('queued');
      expect(mine[1]).toBe('started');
      expect(mine).toContain('step:recognize');
      expect(mine.at(-1)).toBe('completed');
    }
    expect(pool.stats()).toMatchObject({ completed: 2, failed: 0, running: 0, queued: 0, workersReplaced: 0 });
    // Each completion says what the job cost its worker thread (CPU time where /proc/thread-self exists).
    expect(usages).toHaveLength(2);
    for (const u of usages) {
      expect(u.wallMs).toBeGreaterThan(0);
      if (process.platform === 'linux') expect(u.threadCpuMs).toBeGreaterThan(0);
    }
  });

  it('bad input is a result with an error, not a rejection (as in-thread)', async () => {
    const bad = new TextEncoder().encode('not a CAD file at all');
    const [got, want] = await Promise.all([pool.analyze(bad, { name: 'bad.bin' }), inThread.analyze(bad, { name: 'bad.bin' })]);
    expect(got.error?.code).toBe(want.error?.code);
    expect(comparable(got)).toEqual(comparable(want));
  });

  // Input the host thread cannot read at all: before, pool.analyze(null) and a stream past the size limit rejected
  // (INTAKE_UNSUPPORTED_INPUT, INTAKE_TOO_LARGE) and pool.analyzeFile(42) threw a TypeError from `basename`, where
  // createNodeAnalyzer gives a result.
  it('input that cannot be read is a result too, as in-thread: not bytes at all, a non-string path, a stream past the size limit', async () => {
    const cases: [string, () => unknown][] = [
      ['null', () => null],
      ['a string', () => 'part.step'],
      ['a plain object', () => ({})],
    ];
    for (const [what, input] of cases) {
      const [got, want] = await Promise.all([pool.analyze(input() as never, { name: 'x.step' }), inThread.analyze(input() as never, { name: 'x.step' })]);
      expect(got.error?.code, what).toBe('INTAKE_UNSUPPORTED_INPUT');
      expect(comparable(got), what).toEqual(comparable(want));
    }
    const [got, want] = await Promise.all([pool.analyzeFile(42 as never), inThread.analyzeFile(42 as never)]);
    expect(got.error?.code).toBe('INTAKE_UNSUPPORTED_INPUT');
    expect(comparable(got)).toEqual(comparable(want));

    await using small = createAnalyzerPool({ workers: 1, analyzer: { maxFileSizeMb: 0.001 } });
    const { Readable } = await import('node:stream');
    const big = () => Readable.from([new Uint8Array(1024), new Uint8Array(1024)]);
    const tooLarge = await small.analyze(big(), { name: 'big.step' });
    expect(tooLarge.error).toMatchObject({ code: 'INTAKE_TOO_LARGE', stage: 'input' });
    expect(tooLarge.input.name).toBe('big.step');
  });
});
