import { afterAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { runCliProcess } from '../support/cli-process.js';
import { closedPort, REDIS_URL, redisSkipReason } from '../adapters/helpers/redis.js';
import { resultCacheAdmin } from '../support/result-cache-admin.js';

const skip = await redisSkipReason();
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/step/${name}`, import.meta.url));

interface CachedEntry {
  input: { name: string };
  cache?: { hit: boolean; key: string; stored?: boolean };
}

describe.skipIf(skip)(`cadlens analyze --redis-url: the result cache on the real Redis (real CLI processes)${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const admin = skip ? undefined : resultCacheAdmin();
  afterAll(async () => {
    await admin?.close();
  });
  const files = [fixture('cube.step'), fixture('plate-hole.step')];

  it('two files: stored on a miss, served on the next run (flag or CADLENS_REDIS_URL), marked in the summary', async () => {
    const first = await runCliProcess(['analyze', '--json', '--redis-url', REDIS_URL, ...files]);
    expect(first.code).toBe(0);
    const keys = (JSON.parse(first.stdout) as CachedEntry[]).map((r) => r.cache!.key);
    expect(keys).toHaveLength(2);
    for (const k of keys) admin!.track(k);
    // Start from a known state: whatever an earlier run left under these keys is removed.
    await admin!.redis.del(...keys.map(admin!.redisKey));

    const miss = await runCliProcess(['analyze', '--json', '--redis-url', REDIS_URL, ...files]);
    expect(miss.code).toBe(0);
    expect((JSON.parse(miss.stdout) as CachedEntry[]).map((r) => r.cache)).toEqual(keys.map((key) => ({ hit: false, key, stored: true })));
    for (const k of keys) expect(JSON.parse((await admin!.redis.get(admin!.redisKey(k)))!).input.sha256).toMatch(/^[0-9a-f]{64}$/);

    const hit = await runCliProcess(['analyze', '--json', ...files], { env: { CADLENS_REDIS_URL: REDIS_URL } });
    expect(hit.code).toBe(0);
    const served = JSON.parse(hit.stdout) as CachedEntry[];
    expect(served.map((r) => r.cache)).toEqual(keys.map((key) => ({ hit: true, key })));
    expect(served.map((r) => r.input.name)).toEqual(['cube.step', 'plate-hole.step']);

    const summary = await runCliProcess(['analyze', '--redis-url', REDIS_URL, files[0]!]);
    expect(summary.stdout).toMatch(/^cube\.step {2}\[OK\] .*\(step, [\d.]+ KiB, from the result cache\)$/m);
    // Without the flag and the variable, no cache is asked (the generic REDIS_URL is not read).
    const none = await runCliProcess(['analyze', '--json', files[0]!], { env: { REDIS_URL, CADLENS_REDIS_URL: '' } });
    expect((JSON.parse(none.stdout) as CachedEntry).cache).toBeUndefined();
  });

  it('a Redis that is down costs only the cache: one warning on stderr, every file analysed, exit 0; a bad URL is a usage error', async () => {
    const down = await runCliProcess(['analyze', '--json', '--redis-url', `redis://:pw-SECRET@127.0.0.1:${await closedPort()}`, ...files]);
    expect(down.code).toBe(0);
    const results = JSON.parse(down.stdout) as CachedEntry[];
    expect(results.map((r) => r.cache?.hit)).toEqual([false, false]);
    expect(down.stderr.match(/the Redis result cache failed \(get: STORE_UNAVAILABLE[^)]*\); analysing without it/g)).toHaveLength(1);
    expect(down.stderr).not.toContain('pw-SECRET');

    const bad = await runCliProcess(['analyze', '--redis-url', 'http://127.0.0.1:6379', files[0]!]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--redis-url (or CADLENS_REDIS_URL) must be a redis:// or rediss:// URL');
  });
});
