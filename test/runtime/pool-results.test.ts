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
});
