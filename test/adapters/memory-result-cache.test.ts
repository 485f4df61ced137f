import { describe, expect, it } from 'vitest';
import { analysisResultSchema, type AnalysisResult } from 'cadlens';
import { createMemoryResultCache } from '../../adapters/memory/index.js';

const cubeResult = (name: string): AnalysisResult => ({
  schemaVersion: '1.0.0',
  cadlensVersion: '0.1.0',
  requestId: `req-${name}`,
  input: { name, sizeBytes: 3, sha256: 'ab'.repeat(32), format: 'step' },
  stages: (['input', 'format', 'parse', 'geometry', 'quality'] as const).map((n) => ({ name: n, passed: true, findings: [], durationMs: 1 })),
  quality: { score: 1 },
  part: null,
  aag: null,
  recognition: null,
  healing: null,
  timings: { total: 5 },
});

describe('createMemoryResultCache (lru-cache)', () => {
  it('the fixture is a valid result (control)', () => {
    expect(analysisResultSchema.safeParse(cubeResult('a')).success).toBe(true);
  });

  it('evicts the least recently used entry beyond maxEntries', async () => {
    const cache = createMemoryResultCache({ maxEntries: 2 });
    await cache.set('a', cubeResult('a'));
    await cache.set('b', cubeResult('b'));
    expect((await cache.get('a'))?.input.name).toBe('a'); // a is now the most recently used
    await cache.set('c', cubeResult('c'));
    expect(cache.size).toBe(2);
    expect(await cache.get('b')).toBeUndefined();
    expect((await cache.get('a'))?.input.name).toBe('a');
    expect((await cache.get('c'))?.input.name).toBe('c');
  });

  it('expires entries after their TTL (per set, or the default)', async () => {
    // TTLs of several hundred ms: a loaded CI machine must not expire 'short' before the first read.
    const cache = createMemoryResultCache({ maxEntries: 10, defaultTtlMs: 500 });
    await cache.set('short', cubeResult('short'), { ttlMs: 400 });
    await cache.set('default', cubeResult('default'));
    await cache.set('long', cubeResult('long'), { ttlMs: 60_000 });
    expect(await cache.get('short')).toBeDefined();
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await cache.get('short')).toBeUndefined();
    expect(await cache.get('default')).toBeUndefined();
    expect(await cache.get('long')).toBeDefined();
  });

  it('hands out copies: mutating a stored or returned result never changes the cache', async () => {
    const cache = createMemoryResultCache();
    const original = cubeResult('x');
    await cache.set('k', original);
    original.input.name = 'mutated';
    const got = (await cache.get('k'))!;
    expect(got.input.name).toBe('x');
    got.quality.score = 0;
    expect((await cache.get('k'))!.quality.score).toBe(1);
  });

  it('deletes, rejects a bad maxEntries and an aborted signal with typed errors', async () => {
    const cache = createMemoryResultCache();
    await cache.set('k', cubeResult('k'));
    expect(await cache.delete('k')).toBe(true);
    expect(await cache.delete('k')).toBe(false);
    expect(() => createMemoryResultCache({ maxEntries: 0 })).toThrow(expect.objectContaining({ code: 'USAGE' }));
    await expect(cache.get('k', { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'ABORTED' });
  });
});
