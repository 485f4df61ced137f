import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { createAuditTrail, createDeadLetterQueue, createMetrics } from 'cadlens';
import { createRedisResultCache } from '../../adapters/redis/index.js';
import { createMemoryStores } from '../../adapters/memory/index.js';
import { createNodeAnalyzer } from '../../src/runtime/node/analyze-file.js';
import { closedPort, REDIS_URL, redisSkipReason, testKeyPrefix } from './helpers/redis.js';

const skip = await redisSkipReason();
const cube = new Uint8Array(readFileSync(fileURLToPath(new URL('../fixtures/step/cube.step', import.meta.url))));
const prefix = testKeyPrefix('redis');
let admin: Redis;

beforeAll(() => {
  if (skip) return;
  admin = new Redis(REDIS_URL, { lazyConnect: false });
});
afterAll(async () => {
  if (skip) return;
  const keys = await admin.keys(`${prefix}*`);
  if (keys.length) await admin.del(...keys);
  await admin.quit();
});

describe.skipIf(skip)(`redis result cache against the real Redis${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it('round-trips a real analysis result between two analyzers (two "instances") through Redis', async () => {
    const cacheA = createRedisResultCache({ url: REDIS_URL, keyPrefix: prefix });
    const cacheB = createRedisResultCache({ url: REDIS_URL, keyPrefix: prefix });
    const a = createNodeAnalyzer({ recognizers: [], cache: cacheA });
    const b = createNodeAnalyzer({ recognizers: [], cache: cacheB });
    try {
      const first = await a.analyze(cube, { name: 'cube.step' });
      expect(first.cache).toMatchObject({ hit: false, stored: true });
      const raw = await admin.get(prefix + first.cache!.key);
      expect(JSON.parse(raw!).input.sha256).toBe(first.input.sha256);
      const ttl = await admin.pttl(prefix + first.cache!.key);
      expect(ttl).toBeGreaterThan(86_000_000); // the 24 h default
      const second = await b.analyze(cube, { name: 'other-instance.step' });
      expect(second.cache).toEqual({ hit: true, key: first.cache!.key });
      expect(second.part).toEqual(first.part);
      expect(second.stages).toEqual(first.stages);
    } finally {
      await a.dispose();
      await b.dispose();
      await cacheA.close!();
      await cacheB.close!();
    }
  });

  it('get/set with TTL/delete; a passed-in client is used and not closed; garbage is STORE_CORRUPT', async () => {
    const client = new Redis(REDIS_URL);
    const cache = createRedisResultCache({ client, keyPrefix: prefix, defaultTtlMs: 60_000 });
    try {
      const analyzer = createNodeAnalyzer({ recognizers: [] });
      const result = await analyzer.analyze(cube);
      await analyzer.dispose();
      // The TTL reaches Redis as given (read back with PTTL); a short one then expires. No timing window
      // between set and get: on a loaded CI machine 50 ms could pass before the first read.
      await cache.set('k1', result, { ttlMs: 5_000 });
      expect((await cache.get('k1'))?.requestId).toBe(result.requestId);
      const k1Ttl = await admin.pttl(prefix + 'k1');
      expect(k1Ttl).toBeGreaterThan(0);
      expect(k1Ttl).toBeLessThanOrEqual(5_000);
      await cache.set('k1', result, { ttlMs: 1 });
      await new Promise((r) => setTimeout(r, 50));
      expect(await cache.get('k1')).toBeUndefined();
      await cache.set('k2', result);
      expect(await admin.pttl(prefix + 'k2')).toBeGreaterThan(50_000);
      expect(await cache.delete('k2')).toBe(true);
      expect(await cache.delete('k2')).toBe(false);
      await admin.set(prefix + 'bad', '{not json');
      await expect(cache.get('bad')).rejects.toMatchObject({ code: 'STORE_CORRUPT' });
      await expect(cache.set('k3', result, { ttlMs: 0 })).rejects.toMatchObject({ code: 'USAGE' });
      await cache.close!();
      expect(await client.ping()).toBe('PONG'); // not ours to close
    } finally {
      await client.quit();
    }
  });
});

describe('redis result cache when Redis is down (a closed loopback port, nothing mocked)', () => {
  it('calls reject with STORE_UNAVAILABLE quickly', async () => {
    const cache = createRedisResultCache({ url: `redis://127.0.0.1:${await closedPort()}`, keyPrefix: prefix });
    try {
      const t = Date.now();
      await expect(cache.get('x')).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE', kind: 'systemic' });
      expect(Date.now() - t).toBeLessThan(3000);
      await expect(cache.get('x')).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    } finally {
      await cache.close!();
    }
  });

  it('costs only a miss: the analysis succeeds, nothing is dead-lettered, the error is counted', async () => {
    const cache = createRedisResultCache({ url: `redis://127.0.0.1:${await closedPort()}`, keyPrefix: prefix });
    const stores = createMemoryStores();
    const deadLetters = createDeadLetterQueue({ store: stores.deadLetters, audit: createAuditTrail({ store: stores.audit }) });
    const metrics = createMetrics({ store: stores.metrics, dlq: deadLetters });
    const errors: string[] = [];
    const analyzer = createNodeAnalyzer({ recognizers: [], metrics, deadLetters, cache: { store: cache, onError: (_e, op) => errors.push(op) } });
    try {
      const result = await analyzer.analyze(cube, { name: 'cube.step' });
      expect(result.error).toBeUndefined();
      expect(result.stages.every((s) => s.passed)).toBe(true);
      expect(result.cache).toMatchObject({ hit: false, stored: false });
      expect(errors).toEqual(['get', 'set']);
      expect(await deadLetters.list()).toEqual([]);
      expect((await metrics.snapshot()).cache).toEqual({ hits: 0, misses: 1, errors: 2, hit_rate: 0 });
    } finally {
      await analyzer.dispose();
      await cache.close!();
    }
  });
});
