import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { basename } from 'node:path';
import { CadlensError, isCadlensError, type ErrorKind } from '../../../errors/index.js';
import type { AnalysisResult } from '../../../result/index.js';
import type { AuditTrail } from '../../../resilience/audit-trail.js';
import type { CircuitBreaker } from '../../../resilience/circuit-breaker.js';
import type { DeadLetterQueue } from '../../../resilience/dead-letter-queue.js';
import type { Metrics } from '../../../resilience/metrics.js';
import { fromBase64 } from '../../../resilience/bytes.js';
import { redactSecrets } from '../../../resilience/redact-secrets.js';
import type { DeadLetterRecord } from '../../../storage/dead-letter-store.js';
import { requireAdmin } from './admin-token.js';
import { createAnalysisJobs, type AnalysisJobs, type AnalysisJobsOptions } from './analysis-jobs.js';
import { errorResponse, httpError, resultStatus, sendJson } from './http-errors.js';
import { loadMultipartParser, readJsonBody, readMultipartFile, readRawBody, type BodyLimits } from './read-body.js';

/**
 * What the handler analyses with: `createNodeAnalyzer()` has this surface, and so does the worker
 * pool. Any object with this `analyze` works.
 */
export interface HttpAnalyzer {
  analyze(input: Uint8Array, options?: { name?: string; requestId?: string; signal?: AbortSignal }): Promise<AnalysisResult>;
}

/**
 * The cadlens services the HTTP handler serves, bundled in one plain object. Build it yourself from
 * the resilience factories, or with `createCadlensService({ stores })`, which wires them together
 * (the analyzer records into `deadLetters`, `metrics` and `audit`, and Tier 1 runs behind `breaker`).
 */
export interface CadlensService {
  /** Runs `POST /analyze` and `POST /dlq/:id/reprocess`. */
  analyzer: HttpAnalyzer;
  /** `GET /health`, `GET /metrics`. */
  metrics: Metrics;
  /** The Tier 1 breaker: `GET /circuit-breaker`, `POST /circuit-breaker/reset`. */
  breaker: Pick<CircuitBreaker, 'snapshot' | 'reset' | 'refresh'>;
  /** `GET /dlq/failures`, `GET /dlq/stats`, `POST /dlq/:id/reprocess`. */
  deadLetters: DeadLetterQueue;
  /**
   * The audit trail the breaker and the queue write to. The handler does not call it itself: a manual
   * reset is audited by the breaker (`circuit_breaker_closed`, reason `reset`) and a reprocess by the
   * queue (`reprocessed`) when they were built with it, as `createCadlensService` does.
   */
  audit?: AuditTrail;
}

/** pino-compatible structured logger: `logger.info({ ...fields }, 'message')`. */
export interface HttpLogger {
  info(fields: Record<string, unknown>, message?: string): void;
  warn(fields: Record<string, unknown>, message?: string): void;
  error(fields: Record<string, unknown>, message?: string): void;
}

/** Options of {@link createHttpHandler}. */
export interface HttpHandlerOptions {
  /**
   * Bearer token of the admin routes. @defaultValue `env.CADLENS_ADMIN_TOKEN`; without one, admin routes answer 403.
   * `undefined` is accepted as "not given" (`process.env.X` under `exactOptionalPropertyTypes`).
   */
  adminToken?: string | undefined;
  /** Add error stacks to error bodies and logs. @defaultValue `env.DEBUG === 'true'` (or `1`) */
  debug?: boolean;
  /** Largest accepted upload in bytes. @defaultValue `MAX_FILE_SIZE_MB` (100) MB */
  maxBodyBytes?: number;
  /** Deadline for a request body to arrive (slow uploads get 408). @defaultValue 30_000 */
  bodyTimeoutMs?: number;
  /** Strip this prefix from request paths (e.g. `'/cadlens'` when mounted under it in Fastify or Hono). */
  basePath?: string;
  /** Structured request and error logs. @defaultValue silent */
  logger?: HttpLogger;
  /** Values that must never appear in a response or log (keys, database URL, its password); the admin token is always added. */
  secrets?: readonly string[];
  /** Background analyses (`?async=1` / `Prefer: respond-async`). */
  jobs?: AnalysisJobsOptions;
  /** Where defaults are read from. @defaultValue `process.env` */
  env?: Readonly<Record<string, string | undefined>>;
}

/**
 * A `node:http` request listener. The optional `next` makes it Express/Connect middleware: an
 * unknown route is passed on instead of answered with 404.
 */
export interface HttpHandler {
  (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void): void;
  /** Resolves when every background analysis has finished (call before closing the stores). */
  drain(): Promise<void>;
}

const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
const ERROR_KINDS = new Set<ErrorKind>(['transient', 'permanent', 'systemic']);
/** Accepted raw upload types; `multipart/form-data` is handled apart. A missing type counts as octet-stream. */
const RAW_TYPES = new Set(['application/octet-stream', 'application/step', 'application/p21', 'application/iges', 'application/sla', 'text/plain']);

const silent: HttpLogger = { info() {}, warn() {}, error() {} };

const isTrue = (v: string | undefined) => v !== undefined && ['1', 'true', 'yes', 'on'].includes(v.trim().toLowerCase());

/** A dead letter without its input bytes (kept for reprocessing, too large and too sensitive to send). */
function publicRecord(record: DeadLetterRecord): DeadLetterRecord {
  const { bytes: _bytes, ...input } = record.input;
  return { ...record, input };
}

/**
 * Creates the cadlens HTTP handler: the seed's monitoring and admin endpoints plus `POST /analyze`,
 * for `node:http` and every framework that can mount a Node request listener (docs/service.md).
 *
 * | Route | Answer |
 * | --- | --- |
 * | `GET /health` | `metrics.health()`; 503 when `unhealthy` |
 * | `GET /metrics` | `metrics.snapshot()` JSON; Prometheus text with `Accept: text/plain` |
 * | `GET /metrics/prometheus` | Prometheus text |
 * | `GET /circuit-breaker` | the breaker's snapshot |
 * | `POST /circuit-breaker/reset` | admin: reset to CLOSED |
 * | `GET /dlq/failures?limit=&error_type=` | dead letters, newest first |
 * | `GET /dlq/stats` | `deadLetters.stats()` |
 * | `POST /dlq/:id/reprocess` | admin: re-run a dead letter |
 * | `POST /analyze` | analyse a raw or multipart upload; 202 + id with `?async=1` or `Prefer: respond-async` |
 * | `GET /analyses/:id` | a background analysis |
 *
 * Errors are `{ "error": { "code", "message", "requestId" } }` with a `CadlensError` code; every
 * answer carries `x-request-id` (the client's, if valid, else a new UUID).
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { createMemoryStores } from 'cadlens/adapters/memory';
 * import { createCadlensService, createHttpHandler } from 'cadlens/node';
 * const service = createCadlensService({ stores: createMemoryStores() });
 * createServer(createHttpHandler(service, { adminToken: process.env.CADLENS_ADMIN_TOKEN })).listen(5000);
 * ```
 */
export function createHttpHandler(cadlens: CadlensService, options: HttpHandlerOptions = {}): HttpHandler {
  // Loaded now rather than with cadlens/node; a failure shows at the first upload.
  void loadMultipartParser().catch(() => undefined);
  const env = options.env ?? process.env;
  const adminToken = options.adminToken ?? (env.CADLENS_ADMIN_TOKEN?.trim() || undefined);
  const debug = options.debug ?? isTrue(env.DEBUG);
  const maxMb = Number(env.MAX_FILE_SIZE_MB);
  const maxBodyBytes = options.maxBodyBytes ?? Math.floor((Number.isFinite(maxMb) && maxMb > 0 ? maxMb : 100) * 1024 * 1024);
  const upload: BodyLimits = { maxBytes: maxBodyBytes, timeoutMs: options.bodyTimeoutMs ?? 30_000 };
  const adminBody: BodyLimits = { maxBytes: 64 * 1024, timeoutMs: upload.timeoutMs };
  const logger = options.logger ?? silent;
  const secrets = [...(options.secrets ?? []), ...(adminToken ? [adminToken] : [])];
  const basePath = options.basePath?.replace(/\/+$/, '') ?? '';
  const jobs: AnalysisJobs = createAnalysisJobs(options.jobs);
  const safe = <T>(value: T): T => redactSecrets(value, { secrets });

  async function analyzeRequest(req: IncomingMessage, res: ServerResponse, requestId: string, url: URL): Promise<void> {
    const type = (req.headers['content-type'] ?? 'application/octet-stream').split(';')[0]!.trim().toLowerCase();
    let bytes: Uint8Array;
    let name: string | undefined;
    if (type === 'multipart/form-data') ({ bytes, name } = await readMultipartFile(req, upload));
    else if (RAW_TYPES.has(type) || type.startsWith('model/')) bytes = await readRawBody(req, upload);
    else throw httpError('HTTP_UNSUPPORTED_MEDIA_TYPE', `POST /analyze takes a raw file (application/octet-stream, model/*) or multipart/form-data, not ${type.slice(0, 80)}`);
    // The client's file name is only a label: keep its base name, printable, bounded.
    const label = (name ?? url.searchParams.get('name') ?? 'upload').replace(/[^\x20-\x7e]/g, '_');
    const fileName = basename(label.replace(/\\/g, '/')).slice(0, 200) || 'upload';
    const prefer = String(req.headers.prefer ?? '').toLowerCase();
    if (isTrue(url.searchParams.get('async') ?? undefined) || prefer.includes('respond-async')) {
      const job = jobs.start(() => cadlens.analyzer.analyze(bytes, { name: fileName, requestId }));
      sendJson(res, 202, { id: job.id, status: job.status, location: `${basePath}/analyses/${job.id}` }, { location: `${basePath}/analyses/${job.id}` });
      return;
    }
    // Abort the analysis when the client goes away before the answer.
    const controller = new AbortController();
    const onClose = () => {
      if (!res.writableEnded) controller.abort(new CadlensError('ABORTED', 'the client went away', { kind: 'transient' }));
    };
    res.on('close', onClose);
    try {
      const result = await cadlens.analyzer.analyze(bytes, { name: fileName, requestId, signal: controller.signal });
      // A file that could not be analysed is a typed 4xx/5xx whose body is still the whole result.
      sendJson(res, resultStatus(result.error), result);
    } finally {
      res.off('close', onClose);
    }
  }

  async function reprocess(id: string, requestId: string): Promise<unknown> {
    try {
      const outcome = await cadlens.deadLetters.reprocess(id, async (record, { signal }) => {
        if (!record.input.bytes) {
          throw new CadlensError('USAGE', 'this dead letter has no input bytes to re-run (the queue keeps them with includeInputBytes)');
        }
        const result = await cadlens.analyzer.analyze(fromBase64(record.input.bytes), { name: record.input.name, requestId, ...(signal ? { signal } : {}) });
        if (result.error) throw new CadlensError(result.error.code as never, result.error.message, { kind: result.error.kind });
        return result;
      });
      return {
        id: outcome.id,
        outcome: outcome.outcome,
        record: publicRecord(outcome.record),
        ...(outcome.error
          ? { error: isCadlensError(outcome.error) ? { code: outcome.error.code, message: outcome.error.message } : { code: 'INTERNAL', message: 'internal error' } }
          : {}),
      };
    } catch (error) {
      if (isCadlensError(error) && error.code === 'USAGE') throw httpError('HTTP_CONFLICT', error.message);
      throw error;
    }
  }

  async function route(req: IncomingMessage, res: ServerResponse, requestId: string, next?: (error?: unknown) => void): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://cadlens.invalid');
    let path = url.pathname;
    if (basePath) {
      if (path !== basePath && !path.startsWith(`${basePath}/`)) return notFound(next);
      path = path.slice(basePath.length) || '/';
    }
    const method = req.method ?? 'GET';
    const allow = (...methods: string[]) => {
      if (!methods.includes(method)) throw httpError('HTTP_METHOD_NOT_ALLOWED', `${method} is not allowed on ${path}`, { allow: methods });
    };
    const parts = path.split('/').slice(1);

    if (path === '/health') {
      allow('GET', 'HEAD');
      const health = await cadlens.metrics.health();
      return sendJson(res, health.status === 'unhealthy' ? 503 : 200, health);
    }
    if (path === '/metrics' || path === '/metrics/prometheus') {
      allow('GET', 'HEAD');
      const accept = String(req.headers.accept ?? '');
      if (path === '/metrics/prometheus' || (/\btext\/plain\b/.test(accept) && !/application\/json/.test(accept))) {
        const { contentType, body } = await cadlens.metrics.prometheus().catch((error: unknown) => {
          // prom-client (an optional peer) is not installed: the server cannot speak Prometheus, which is not a fault
          if (isCadlensError(error) && error.code === 'USAGE') throw httpError('HTTP_NOT_IMPLEMENTED', `${error.message}; GET /metrics without Accept: text/plain answers JSON`);
          throw error;
        });
        res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' });
        res.end(body);
        return;
      }
      // `timestamp` first; a snapshot that carries its own wins.
      return sendJson(res, 200, { timestamp: new Date().toISOString(), ...(await cadlens.metrics.snapshot()) });
    }
    if (path === '/circuit-breaker') {
      allow('GET', 'HEAD');
      await cadlens.breaker.refresh();
      return sendJson(res, 200, cadlens.breaker.snapshot());
    }
    if (path === '/circuit-breaker/reset') {
      allow('POST');
      requireAdmin(req, adminToken);
      await readJsonBody(req, adminBody);
      await cadlens.breaker.reset();
      const snap = cadlens.breaker.snapshot();
      logger.warn({ requestId, event: 'circuit_breaker_reset' }, 'circuit breaker manually reset');
      return sendJson(res, 200, {
        status: 'reset',
        message: 'Circuit breaker manually reset to CLOSED state',
        new_state: { state: snap.state.toUpperCase(), failure_count: snap.failure_count },
      });
    }
    if (path === '/dlq/failures') {
      allow('GET', 'HEAD');
      const limitRaw = url.searchParams.get('limit');
      const limit = limitRaw === null || limitRaw === '' ? 50 : Number(limitRaw);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw httpError('HTTP_BAD_REQUEST', 'limit must be an integer from 1 to 1000');
      const kind = url.searchParams.get('error_type') ?? undefined;
      if (kind !== undefined && !ERROR_KINDS.has(kind as ErrorKind)) throw httpError('HTTP_BAD_REQUEST', 'error_type must be transient, permanent or systemic');
      const records = await cadlens.deadLetters.list({ limit, ...(kind ? { kind: kind as ErrorKind } : {}) });
      return sendJson(res, 200, { failures: records.map(publicRecord), count: records.length });
    }
    if (path === '/dlq/stats') {
      allow('GET', 'HEAD');
      return sendJson(res, 200, await cadlens.deadLetters.stats());
    }
    if (parts.length === 3 && parts[0] === 'dlq' && parts[2] === 'reprocess') {
      allow('POST');
      const id = validId(parts[1]!);
      requireAdmin(req, adminToken);
      await readJsonBody(req, adminBody);
      const body = await reprocess(id, requestId);
      logger.warn({ requestId, event: 'dlq_reprocess', deadLetterId: id }, 'dead letter reprocessed by an admin');
      return sendJson(res, 200, body);
    }
    if (path === '/analyze') {
      allow('POST');
      return analyzeRequest(req, res, requestId, url);
    }
    if (parts.length === 2 && parts[0] === 'analyses') {
      allow('GET', 'HEAD');
      const job = jobs.get(validId(parts[1]!));
      if (!job) throw httpError('HTTP_NOT_FOUND', 'no such analysis (finished ones are kept for an hour)');
      return sendJson(res, 200, job);
    }
    return notFound(next);
  }

  function notFound(next?: (error?: unknown) => void): void {
    if (next) return next();
    throw httpError('HTTP_NOT_FOUND', 'no such route');
  }

  function validId(raw: string): string {
    if (!ID.test(raw)) throw httpError('HTTP_INVALID_ID', 'ids are 1–128 characters of A–Z a–z 0–9 . _ : -');
    return raw;
  }

  const handler = ((req, res, next) => {
    const started = performance.now();
    const given = req.headers['x-request-id'];
    const validGiven = typeof given === 'string' && ID.test(given);
    const requestId = validGiven ? given : randomUUID();
    res.setHeader('x-request-id', requestId);
    const path = (req.url ?? '/').split('?')[0]!.slice(0, 200);
    res.on('finish', () =>
      logger.info(safe({ requestId, method: req.method, path, status: res.statusCode, durationMs: Math.round(performance.now() - started) }), 'request'),
    );
    const run = async () => {
      if (given !== undefined && !validGiven) throw httpError('HTTP_INVALID_ID', 'x-request-id must be 1–128 characters of A–Z a–z 0–9 . _ : -');
      await route(req, res, requestId, next);
    };
    run().catch((error: unknown) => {
      const { status, body } = errorResponse(error, requestId, { debug, secrets });
      const fields = { requestId, method: req.method, path, status, code: body.error.code, message: body.error.message, ...(body.error.stack ? { stack: body.error.stack } : {}) };
      if (status >= 500) logger.error(safe(fields), 'request failed');
      else logger.warn(safe(fields), 'request rejected');
      const headers: Record<string, string> = {};
      if (isCadlensError(error) && Array.isArray(error.details.allow)) headers.allow = (error.details.allow as string[]).join(', ');
      // Unavailable for now (breaker open, store down, queue full): tell clients when to come back.
      if (status === 503) {
        const after = isCadlensError(error) ? Number(error.details.retryAfterSeconds) : NaN;
        headers['retry-after'] = String(Number.isFinite(after) && after > 0 ? Math.ceil(after) : 1);
      }
      // The body was not (fully) read: close the connection after the answer and drop what is still
      // coming, with a bound, so an oversized or stalled upload cannot hold the socket.
      if (!req.complete) {
        headers.connection = 'close';
        req.resume();
        res.once('finish', () => setTimeout(() => req.socket?.destroy(), 2_000).unref());
      }
      sendJson(res, status, body, headers);
    });
  }) as HttpHandler;
  handler.drain = () => jobs.drain();
  return handler;
}
