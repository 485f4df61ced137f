import { createServer } from 'node:http';
import { availableParallelism } from 'node:os';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { loadConfig, secretValues, type CadlensConfig, type StoreKind } from '../../../config/index.js';
import { CadlensError, isCadlensError } from '../../../errors/index.js';
import { redactSecrets } from '../../../resilience/redact-secrets.js';
import { provideStaticZod } from '../../../deferred-packages/static-zod.js';
import type { CadlensStores } from '../../../storage/stores.js';
import { createCadlensService } from '../http/create-cadlens-service.js';
import { createHttpHandler, type HttpLogger } from '../http/create-http-handler.js';
import { SERVE_HELP } from './help-text.js';
import type { CliIo } from './main.js';

/** Default port of `cadlens serve`. */
export const DEFAULT_SERVE_PORT = 5000;

/** Options of {@link runServe} beyond the CLI's streams (tests, embedding). */
export interface ServeHooks {
  /** Resolves with the bound URL once the server listens. */
  onListening?: (url: string) => void;
  /** Stop the server when this aborts (besides SIGTERM / SIGINT). */
  signal?: AbortSignal;
  /** Node's `headersTimeout` (slowloris guard). @defaultValue 20_000 */
  headersTimeoutMs?: number;
  /** Node's `requestTimeout`. @defaultValue 300_000 */
  requestTimeoutMs?: number;
  /** How long the start-up read of the stores may take before `serve` gives up (exit 1). @defaultValue 10_000 */
  storeProbeTimeoutMs?: number;
}

/** JSON lines on stdout, pino's shape (`level`, `time`, `msg`, fields), with secrets redacted. */
function jsonLogger(out: NodeJS.WritableStream, secrets: readonly string[]): HttpLogger {
  const line = (level: number) => (fields: Record<string, unknown>, msg?: string) => {
    out.write(`${JSON.stringify(redactSecrets({ level, time: Date.now(), ...fields, msg }, { secrets }))}\n`);
  };
  return { info: line(30), warn: line(40), error: line(50) };
}

/** Which store: `CADLENS_STORE` if set, else Postgres from `DATABASE_URL`, Supabase from its two variables, else the file store. */
function pickStore(env: NodeJS.ProcessEnv): StoreKind {
  if (env.CADLENS_STORE?.trim()) return env.CADLENS_STORE.trim() as StoreKind;
  if (env.DATABASE_URL?.trim()) return 'postgres';
  if (env.SUPABASE_URL?.trim() && env.SUPABASE_SERVICE_ROLE_KEY?.trim()) return 'supabase';
  return 'file';
}

/**
 * Opens the configured stores. Adapters are loaded only now and through their public entries (as
 * `cadlens migrate` does), so `pg` and `@supabase/supabase-js` stay optional.
 */
async function openStores(config: CadlensConfig, env: NodeJS.ProcessEnv): Promise<CadlensStores> {
  switch (config.store) {
    case 'memory':
      return (await import('cadlens/adapters/memory')).createMemoryStores();
    case 'postgres':
      return (await import('cadlens/adapters/postgres')).createPostgresStores({
        connectionString: config.databaseUrl!,
        ...(env.CADLENS_PG_SCHEMA ? { schema: env.CADLENS_PG_SCHEMA } : {}),
      });
    case 'supabase':
      return (await import('cadlens/adapters/supabase')).createSupabaseStores({ url: config.supabaseUrl!, serviceRoleKey: config.supabaseServiceRoleKey! });
    default:
      return (await import('cadlens/adapters/file')).createFileStores({ dir: config.storeDir ?? '.cadlens' });
  }
}

/**
 * Adapters connect lazily, so an unreachable database would only show on the first request. One read
 * of the breaker state (every adapter has it) proves the stores answer before the port opens.
 * @throws CadlensError `STORE_UNAVAILABLE` (closing the stores) when the read fails or takes longer than `timeoutMs`
 */
async function probeStores(stores: CadlensStores, timeoutMs: number): Promise<void> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    await Promise.race([
      stores.breakerState.get('aagnet', { signal: controller.signal }),
      new Promise((_, reject) => controller.signal.addEventListener('abort', () => reject(new Error(`no answer within ${timeoutMs} ms`)), { once: true })),
    ]);
  } catch (error) {
    await stores.close().catch(() => undefined);
    throw isCadlensError(error) && error.code === 'STORE_UNAVAILABLE'
      ? error
      : new CadlensError('STORE_UNAVAILABLE', `the ${stores.id} stores do not answer: ${(error as Error).message}`, { cause: error });
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `cadlens serve`: the HTTP handler on `node:http` with the configured stores, until SIGTERM/SIGINT
 * (then: stop accepting, finish open requests and background analyses, close the stores, exit 0).
 * Resolves to the exit code: 0 after a clean shutdown, 2 for bad flags or configuration.
 */
export async function runServe(argv: readonly string[], io: CliIo, hooks: ServeHooks = {}): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string', default: '127.0.0.1' },
        workers: { type: 'string' },
        'max-queue': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    io.stderr.write(`cadlens: ${(error as Error).message}\n\n${SERVE_HELP}\n`);
    return 2;
  }
  if (values.help) {
    io.stdout.write(`${SERVE_HELP}\n`);
    return 0;
  }
  const portRaw = values.port ?? (io.env.PORT?.trim() || String(DEFAULT_SERVE_PORT));
  const port = Number(portRaw);
  if (!/^\d+$/.test(portRaw) || port > 65535) return fail(io, `--port (or PORT) must be an integer from 0 to 65535`);
  const workersRaw = values.workers ?? (io.env.CADLENS_WORKERS?.trim() || String(availableParallelism()));
  if (!/^\d+$/.test(workersRaw) || Number(workersRaw) > 256) return fail(io, '--workers (or CADLENS_WORKERS) must be an integer from 0 to 256');
  const workers = Number(workersRaw);
  const maxQueueRaw = values['max-queue'];
  if (maxQueueRaw !== undefined && !/^\d+$/.test(maxQueueRaw)) return fail(io, '--max-queue must be a whole number');
  const adminToken = io.env.CADLENS_ADMIN_TOKEN?.trim() || undefined;
  if (adminToken !== undefined && adminToken.length < 16) return fail(io, 'CADLENS_ADMIN_TOKEN must be at least 16 characters (or unset, which turns admin routes off)');

  let config: CadlensConfig;
  // `cadlens serve` runs behind an import(): zod comes in with it, as before loadConfig loaded it on demand.
  provideStaticZod();
  try {
    config = loadConfig(io.env, { store: pickStore(io.env) });
  } catch (error) {
    // CONFIG_INVALID names each variable and never echoes a value.
    return fail(io, isCadlensError(error) ? error.message : String(error));
  }
  const secrets = [...secretValues(config), ...(adminToken ? [adminToken] : [])];
  const logger = jsonLogger(io.stdout, secrets);

  let stores: CadlensStores;
  try {
    stores = await openStores(config, io.env);
    await probeStores(stores, hooks.storeProbeTimeoutMs ?? 10_000);
  } catch (error) {
    // For PostgreSQL also the cause and where it tried (host, port, database), as `cadlens migrate` gives it.
    const cause = config.store === 'postgres' ? (await import('cadlens/adapters/postgres')).describePostgresFailure(error, config.databaseUrl!) : undefined;
    logger.error({ code: isCadlensError(error) ? error.code : 'INTERNAL', message: (error as Error).message, store: config.store, ...(cause ? { cause } : {}) }, 'cannot open the stores');
    return 1;
  }
  const service = createCadlensService({
    stores,
    config,
    ...(workers > 0 ? { workers: { workers, ...(maxQueueRaw !== undefined ? { maxQueue: Number(maxQueueRaw) } : {}) } } : {}),
  });
  const handler = createHttpHandler(service, { ...(adminToken ? { adminToken } : {}), debug: config.debug, logger, secrets, env: io.env });
  // Node's own slow-client guards: the whole request, and the headers alone (slowloris).
  const headersTimeout = hooks.headersTimeoutMs ?? 20_000;
  const server = createServer(
    {
      requestTimeout: hooks.requestTimeoutMs ?? 300_000,
      headersTimeout,
      keepAliveTimeout: 5_000,
      // How often Node checks those deadlines (its default, 30 s, would let a short one overrun).
      connectionsCheckingInterval: Math.min(30_000, Math.max(100, Math.floor(headersTimeout / 4))),
    },
    handler,
  );

  const listening = await new Promise<boolean>((resolve) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      logger.error({ code: error.code, message: error.message }, 'cannot listen');
      resolve(false);
    });
    server.listen(port, values.host, () => resolve(true));
  });
  if (!listening) {
    await service.dispose();
    await stores.close();
    return 1;
  }
  const { port: bound } = server.address() as AddressInfo;
  const url = `http://${values.host.includes(':') ? `[${values.host}]` : values.host}:${bound}`;
  logger.info({ url, store: config.store, admin: adminToken !== undefined, workers }, 'cadlens serve listening');
  hooks.onListening?.(url);

  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      hooks.signal?.removeEventListener('abort', stop);
      resolve();
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
    if (hooks.signal?.aborted) stop();
    else hooks.signal?.addEventListener('abort', stop, { once: true });
  });
  logger.info({}, 'shutting down');
  // Stop accepting; idle keep-alive sockets go now, open requests get up to 10 s to finish.
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const force = setTimeout(() => server.closeAllConnections(), 10_000);
  force.unref();
  await closed;
  clearTimeout(force);
  await handler.drain();
  await service.dispose();
  await stores.close();
  logger.info({}, 'stopped');
  return 0;
}

function fail(io: CliIo, message: string): number {
  io.stderr.write(`cadlens serve: ${message}\nRun 'cadlens serve --help' for usage.\n`);
  return 2;
}
