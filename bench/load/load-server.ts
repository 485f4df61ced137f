/**
 * The service under test of the load/fault benchmark, run as its own process (`node --import tsx`):
 * memory stores, `createCadlensService({ workers })` (a worker pool sharing the stores), the Tier 1
 * fault injector (`tier1-fault.mjs`, a pool recognizers module, active in a wall-clock window), and
 * `createHttpHandler` on `node:http` bound to 127.0.0.1. Prints one JSON line `{ "url" }` when it
 * listens. On SIGTERM: stops accepting, lets open requests finish, closes the pool (running jobs
 * finish within the grace period; anything cut short is dead-lettered), then writes its ledger —
 * every `/analyze` request it logged, every dead letter, the breaker's audit events, the pool's
 * counters — to the file given as `--ledger`, and exits 0.
 *
 * Flags: --workers N --max-queue N --fault-switch PATH (Tier 1 fails while that file exists)
 *        --breaker-threshold N --breaker-timeout-s S --ledger PATH
 */
import { createServer } from 'node:http';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createMemoryStores } from '../../adapters/memory/index.js';
import { loadConfig } from '../../src/config/index.js';
import { createCadlensService, createHttpHandler, type HttpLogger } from '../../src/node.js';

const { values } = parseArgs({
  options: {
    workers: { type: 'string', default: '2' },
    'max-queue': { type: 'string', default: '64' },
    'fault-switch': { type: 'string' },
    'breaker-threshold': { type: 'string', default: '5' },
    'breaker-timeout-s': { type: 'string', default: '3' },
    ledger: { type: 'string' },
  },
});
if (!values.ledger) throw new Error('--ledger PATH is required');

export interface LedgerRequest {
  requestId: string;
  status: number;
  method: string;
  path: string;
}
export interface Ledger {
  requests: LedgerRequest[];
  deadLetters: { requestId: string | null; code: string; kind: string; stage: string; tier: string | null }[];
  breakerEvents: { time: string; type: string }[];
  pool: { workers: number };
}

const requests: LedgerRequest[] = [];
const record = (fields: Record<string, unknown>) => {
  if (fields.path === '/analyze' && typeof fields.requestId === 'string' && typeof fields.status === 'number')
    requests.push({ requestId: fields.requestId, status: fields.status, method: String(fields.method), path: '/analyze' });
};
// The handler logs one `request` line per answered request (status, id); that is the server's ledger.
const logger: HttpLogger = { info: record, warn() {}, error() {} };

const stores = createMemoryStores();
const config = loadConfig(
  { CIRCUIT_BREAKER_THRESHOLD: values['breaker-threshold'], CIRCUIT_BREAKER_TIMEOUT_S: values['breaker-timeout-s'] },
  { store: 'memory' },
);
const workers = Number(values.workers);
const service = createCadlensService({
  stores,
  config,
  workers: {
    workers,
    maxQueue: Number(values['max-queue']),
    ...(values['fault-switch']
      ? { recognizers: { module: fileURLToPath(new URL('./tier1-fault.mjs', import.meta.url)), options: { switchFile: values['fault-switch'] } } }
      : {}),
  },
});
const handler = createHttpHandler(service, { logger, bodyTimeoutMs: 60_000 });
const server = createServer({ requestTimeout: 0, keepAliveTimeout: 30_000 }, handler);
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as { port: number };
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}` })}\n`);
});

process.once('SIGTERM', () => {
  void (async () => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await closed;
    await handler.drain();
    await service.dispose();
    const letters = await stores.deadLetters.list({ order: 'asc' });
    const events = await stores.audit.query({ type: ['circuit_breaker_opened', 'circuit_breaker_half_open', 'circuit_breaker_closed'] });
    const ledger: Ledger = {
      requests,
      deadLetters: letters.map((l) => ({ requestId: l.requestId ?? null, code: l.error.code, kind: l.error.kind, stage: l.stage, tier: l.tier })),
      breakerEvents: events.map((e) => ({ time: e.time, type: e.type })),
      pool: { workers },
    };
    writeFileSync(values.ledger!, JSON.stringify(ledger));
    await stores.close();
    process.exit(0);
  })();
});
