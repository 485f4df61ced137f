import { afterAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { createAnalyzerPool } from '../../src/runtime/node/pool/index.js';
import { REDIS_URL, redisSkipReason } from '../adapters/helpers/redis.js';
import { resultCacheAdmin } from '../support/result-cache-admin.js';

const skip = await redisSkipReason();
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/step/${name}`, import.meta.url));

interface Cached {
  cache?: { hit: boolean; key: string; stored?: boolean };
}

describe.skipIf(skip)(`createAnalyzerPool({ analyzer: { resultCache } }): every worker caches on the real Redis${skip ? ` (skipped: ${skip})` : ''}`, () => {
  // A namespace of its own, so that no earlier run's entries are served.
  const namespace = `pool-test-${process.pid}-${randomBytes(4).toString('hex')}`;
  const admin = skip ? undefined : resultCacheAdmin();
  afterAll(async () => {
    await admin?.close();
  });

  it('two workers store on a miss and serve the same results on the next run, from either worker', async () => {
    const names = ['plate-hole.step', 'block-pocket.step', 'cube.step'];
    const first = createAnalyzerPool({ workers: 2, analyzer: { mesh: 'never', resultCache: { redisUrl: REDIS_URL, namespace } } });
    let missed;
    try {
      missed = await Promise.all(names.map((n) => first.analyzeFile(fixture(n))));
    } finally {
      await first.close();
    }
    for (const r of missed) {
      const c = (r as Cached).cache!;
      admin!.track(c.key);
      expect(c).toEqual({ hit: false, key: c.key, stored: true });
      expect(await admin!.redis.exists(admin!.redisKey(c.key))).toBe(1);
    }
    // A fresh pool (fresh workers, fresh connections): every file is served from the cache.
    const second = createAnalyzerPool({ workers: 2, analyzer: { mesh: 'never', resultCache: { redisUrl: REDIS_URL, namespace } } });
    try {
      const served = await Promise.all(names.map((n) => second.analyzeFile(fixture(n))));
      expect(served.map((r) => (r as Cached).cache)).toEqual(missed.map((r) => ({ hit: true, key: (r as Cached).cache!.key })));
      expect(served.map((r) => r.recognition?.faces.map((f) => f.className))).toEqual(missed.map((r) => r.recognition?.faces.map((f) => f.className)));
    } finally {
      await second.close();
    }
  });
});
