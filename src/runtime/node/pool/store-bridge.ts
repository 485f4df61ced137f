/**
 * Lets pool workers use the host's stores. Stores hold clients, sockets and in-memory maps that cannot
 * cross a thread boundary, so each worker gets stand-ins that forward every call over a
 * `BroadcastChannel` to the host thread, which runs it on the real store and answers. The worker's
 * breaker, dead-letter queue, audit trail and metrics then write to the same stores as the host's
 * (one breaker state, one DLQ), whatever the adapter (memory included).
 * @internal
 */
import { BroadcastChannel, threadId } from 'node:worker_threads';
import { CadlensError } from '../../../errors/index.js';
import type { CadlensStores } from '../../../storage/stores.js';
import { deserializeError, serializeError, type SerializedError } from './pool-protocol.js';

/** The stores a pool's workers share with their host. */
export type PoolSharedStores = Pick<CadlensStores, 'deadLetters' | 'audit' | 'metrics' | 'breakerState'>;

type StoreName = keyof PoolSharedStores;

/** The methods forwarded per store (the port interfaces' async methods). */
const METHODS: Record<StoreName, readonly string[]> = {
  deadLetters: ['put', 'get', 'list', 'update', 'purge'],
  audit: ['append', 'query', 'purge'],
  metrics: ['record', 'query', 'purge'],
  breakerState: ['get', 'compareAndSet', 'acquireProbeLease', 'releaseProbeLease'],
};

interface CallMessage {
  type: 'call';
  id: string;
  store: StoreName;
  method: string;
  args: unknown[];
}
interface ReplyMessage {
  type: 'reply';
  id: string;
  ok: boolean;
  value?: unknown;
  error?: SerializedError;
}

/** Options objects lose their `signal` (not clone-able); the call is bounded on the host's side. */
function cloneableArgs(args: readonly unknown[]): unknown[] {
  return args.map((a) => {
    if (a && typeof a === 'object' && !Array.isArray(a) && !(a instanceof Uint8Array) && 'signal' in a) {
      const { signal: _signal, ...rest } = a as Record<string, unknown>;
      return rest;
    }
    return a;
  });
}

/**
 * Host side: answers the workers' store calls on `channelName` with `stores`. Never keeps the process
 * alive. @internal
 */
export function serveStoresToWorkers(stores: PoolSharedStores, channelName: string): { close(): void } {
  const channel = new BroadcastChannel(channelName);
  channel.unref();
  channel.onmessage = (event: unknown) => {
    const message = (event as { data: CallMessage }).data;
    if (message?.type !== 'call') return;
    const reply = (r: Omit<ReplyMessage, 'type' | 'id'>) => channel.postMessage({ type: 'reply', id: message.id, ...r } satisfies ReplyMessage);
    const store = stores[message.store] as unknown as Record<string, unknown> | undefined;
    const fn = store?.[message.method];
    if (!METHODS[message.store]?.includes(message.method) || typeof fn !== 'function') {
      reply({ ok: false, error: serializeError(new CadlensError('INTERNAL', `the shared ${message.store} store has no ${message.method}()`, { kind: 'systemic', stage: 'storage' })) });
      return;
    }
    Promise.resolve()
      .then(() => (fn as (...args: unknown[]) => Promise<unknown>).apply(store, message.args))
      .then(
        (value) => reply({ ok: true, value }),
        (error: unknown) => reply({ ok: false, error: serializeError(error) }),
      );
  };
  return { close: () => channel.close() };
}

/**
 * Worker side: stand-ins for the host's stores on `channelName` (see {@link serveStoresToWorkers}).
 * A host that stops answering is a store outage: the call rejects with `STORE_UNAVAILABLE` after
 * `timeoutMs`, and the breaker and the queue degrade as they do for any store. @internal
 */
export function bridgedStores(channelName: string, timeoutMs = 10_000): PoolSharedStores & { close(): void } {
  const channel = new BroadcastChannel(channelName);
  channel.unref();
  const waiting = new Map<string, { resolve: (v: unknown) => void; reject: (e: unknown) => void; timer: ReturnType<typeof setTimeout> }>();
  let next = 0;
  channel.onmessage = (event: unknown) => {
    const message = (event as { data: ReplyMessage }).data;
    if (message?.type !== 'reply') return;
    const call = waiting.get(message.id);
    if (!call) return; // another worker's answer
    waiting.delete(message.id);
    clearTimeout(call.timer);
    if (message.ok) call.resolve(message.value);
    else call.reject(deserializeError(message.error!));
  };
  const call = (store: StoreName, method: string, args: unknown[]) =>
    new Promise<unknown>((resolve, reject) => {
      const id = `${threadId}:${next++}`;
      const timer = setTimeout(() => {
        waiting.delete(id);
        reject(new CadlensError('STORE_UNAVAILABLE', `the pool's host did not answer ${store}.${method}() within ${timeoutMs} ms`, { kind: 'systemic', stage: 'storage' }));
      }, timeoutMs);
      timer.unref();
      waiting.set(id, { resolve, reject, timer });
      channel.postMessage({ type: 'call', id, store, method, args: cloneableArgs(args) } satisfies CallMessage);
    });
  const stub = (store: StoreName) => {
    const methods: Record<string, unknown> = { id: `pool-bridge:${store}` };
    for (const method of METHODS[store]) methods[method] = (...args: unknown[]) => call(store, method, args);
    return methods;
  };
  return {
    deadLetters: stub('deadLetters') as unknown as PoolSharedStores['deadLetters'],
    audit: stub('audit') as unknown as PoolSharedStores['audit'],
    metrics: stub('metrics') as unknown as PoolSharedStores['metrics'],
    breakerState: stub('breakerState') as unknown as PoolSharedStores['breakerState'],
    close: () => channel.close(),
  };
}
