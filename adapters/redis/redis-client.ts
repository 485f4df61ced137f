import { CadlensError } from 'cadlens';

/**
 * The part of an ioredis client the adapter uses (structural, so ioredis types are not required).
 * Pass your own `new Redis(...)` (ioredis 5), or a wrapper with these methods around another client.
 */
export interface RedisClientLike {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<unknown>;
  set(key: string, value: string, mode: 'PX', ttlMs: number): Promise<unknown>;
  del(key: string): Promise<number>;
  /** ioredis connection state; `wait` means "lazy, not connected yet". */
  readonly status?: string;
  connect?(): Promise<unknown>;
  quit?(): Promise<unknown>;
  disconnect?(): void;
  on?(event: 'error', listener: (err: Error) => void): unknown;
}

/** How to reach Redis: an existing client (not closed by cadlens) or a URL. */
export type RedisConnectionOptions =
  | { client: RedisClientLike; url?: never }
  | {
      client?: never;
      /** `redis://[:password@]host:6379[/db]`. Never logged or put into errors. */
      url: string;
      /** Connect deadline of the client cadlens creates (ms). @defaultValue 1000 */
      connectTimeoutMs?: number;
    };

/** @internal a client plus whether cadlens owns (and must close) it. */
export interface ResolvedRedis {
  client: RedisClientLike;
  owned: boolean;
}

type IoRedisCtor = new (url: string, options: Record<string, unknown>) => RedisClientLike;

/**
 * Loads ioredis lazily (an optional peer dependency) and builds a client, or uses the given one.
 *
 * @throws CadlensError `CONFIG_INVALID` when neither option is given or ioredis is not installed.
 * @internal
 */
export async function resolveRedis(options: RedisConnectionOptions): Promise<ResolvedRedis> {
  if (options.client) return { client: options.client, owned: false };
  if (typeof options.url !== 'string' || options.url === '') {
    throw new CadlensError('CONFIG_INVALID', 'redis adapter needs `client` or `url`', { kind: 'permanent', stage: 'config' });
  }
  let Redis: IoRedisCtor;
  try {
    const mod = (await import('ioredis')) as unknown as { default?: IoRedisCtor; Redis?: IoRedisCtor };
    Redis = (mod.Redis ?? mod.default)!;
  } catch (e) {
    throw new CadlensError('CONFIG_INVALID', 'the redis adapter needs the optional peer dependency `ioredis` (npm install ioredis)', {
      kind: 'systemic',
      stage: 'config',
      cause: e,
    });
  }
  const client = new Redis(options.url, {
    lazyConnect: true,
    connectTimeout: options.connectTimeoutMs ?? 1000,
    // A cache must answer fast or not at all: no queueing while disconnected, one try per command,
    // and reconnects in the background with a capped back-off.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    retryStrategy: (times: number) => Math.min(times * 200, 5000),
  });
  // Without a listener a refused connection would be an unhandled 'error' event (ioredis then logs to
  // the console). Failures surface as STORE_UNAVAILABLE on the calls instead.
  client.on?.('error', () => undefined);
  return { client, owned: true };
}
