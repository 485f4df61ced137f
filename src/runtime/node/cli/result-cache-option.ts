import type { ResultCache } from '../../../storage/result-cache.js';
import type { ResultCacheConfig } from '../../../analyze/result-cache-use.js';
import { isCadlensError } from '../../../errors/index.js';
import { withTimeout } from '../../../resilience/with-timeout.js';

/** A key no analysis writes (result keys are hashes): read once to learn whether the Redis answers. */
const PROBE_KEY = 'cadlens-cli-probe';

/** The Redis URL the CLI caches results in: `--redis-url`, else `CADLENS_REDIS_URL`; `undefined` for none. */
export function redisUrlOption(flag: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  // Not the generic REDIS_URL: platforms set it for the app's own Redis, and a CLI run should not start
  // reading and writing a shared cache there unless asked to.
  const url = flag ?? env.CADLENS_REDIS_URL;
  return url?.trim() ? url.trim() : undefined;
}

/** `redis://` or `rediss://` with a host; anything else is a usage error (the URL itself is never printed). */
export function isRedisUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (parsed.protocol === 'redis:' || parsed.protocol === 'rediss:') && parsed.hostname !== '';
  } catch {
    return false;
  }
}

/**
 * The analyzer's result cache on Redis (`cadlens/adapters/redis`, loaded only when asked for), and its closing.
 * A cache that fails is a miss (the analysis goes on): `warn` is told once per run, with the error code only,
 * since the message could carry where it tried to connect.
 */
export async function createCliResultCache(
  url: string,
  warn: (line: string) => void,
): Promise<{ cache: ResultCacheConfig; probe: () => Promise<void>; close: () => Promise<void> }> {
  const { createRedisResultCache } = await import('cadlens/adapters/redis');
  const store: ResultCache = createRedisResultCache({ url });
  let warned = false;
  const onError = (error: unknown, operation: 'get' | 'set') => {
    if (warned) return;
    warned = true;
    const code = isCadlensError(error) ? error.code : 'UNKNOWN';
    const errno = (error as { cause?: { code?: unknown } })?.cause?.code;
    warn(`cadlens: the Redis result cache failed (${operation}: ${code}${typeof errno === 'string' ? `, ${errno}` : ''}); analysing without it`);
  };
  return {
    cache: { store, onError },
    // One read of a key no analysis writes, with the analyzer's own deadline (1 s): warns as a failing lookup would.
    probe: async () => {
      try {
        await withTimeout((signal) => store.get(PROBE_KEY, { signal }), 1000);
      } catch (e) {
        onError(e, 'get');
      }
    },
    close: async () => {
      await store.close?.();
    },
  };
}
