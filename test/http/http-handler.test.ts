import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createCadlensService, createHttpHandler, type HttpLogger, type WiredCadlensService } from '../../src/node.js';
import { CadlensError } from '../../src/errors/index.js';
import { createMemoryStores } from '../../adapters/memory/index.js';

const cube = readFileSync(fileURLToPath(new URL('../fixtures/step/cube.step', import.meta.url)));
const ADMIN = 'admin-token-for-tests-0123456789';
const SERVICE_ROLE_KEY = 'sb-service-role-key-abcdefghijklmnopqrstuvwxyz';
const DB_PASSWORD = 'pg-Pa55word-never-shown';
const DATABASE_URL = `postgres://cadlens:${DB_PASSWORD}@127.0.0.1:5432/test`;
const SECRETS = [ADMIN, SERVICE_ROLE_KEY, DB_PASSWORD];

/** A logger that keeps every line, to check what the handler logs. */
function memoryLogger(): HttpLogger & { lines: string[] } {
  const lines: string[] = [];
  const keep = (level: string) => (fields: Record<string, unknown>, message?: string) => lines.push(JSON.stringify({ level, message, ...fields }));
  return { lines, info: keep('info'), warn: keep('warn'), error: keep('error') };
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Raw HTTP exchange for cases fetch cannot make (slow or endless bodies). */
function rawRequest(
  base: string,
  path: string,
  headers: Record<string, string>,
  write: (req: ReturnType<typeof request>) => void,
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, base);
    const req = request({ host: url.hostname, port: url.port, path: url.pathname + url.search, method: 'POST', headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on('error', reject);
    });
    // The server may close the socket while we still write: that is the point of the test.
    req.on('error', (error) => reject(error));
    write(req);
  });
}

describe('createHttpHandler on a real node:http server (memory stores, real Node analyzer)', () => {
  const stores = createMemoryStores();
  const logger = memoryLogger();
  let service: WiredCadlensService;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    service = createCadlensService({ stores });
    const handler = createHttpHandler(service, {
      adminToken: ADMIN,
      logger,
      maxBodyBytes: 256 * 1024,
      bodyTimeoutMs: 400,
      secrets: [SERVICE_ROLE_KEY, DATABASE_URL, DB_PASSWORD],
      env: {},
    });
    server = createServer(handler);
    base = await listen(server);
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await service.dispose();
  });

  const admin = { authorization: `Bearer ${ADMIN}` };

  it('GET /health answers metrics.health()', async () => {
    const res = await fetch(`${base}/health`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ status: 'healthy', circuit_breaker: 'closed', aagnet_available: true });
    expect(Date.parse(body.timestamp)).not.toBeNaN();
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('echoes a valid x-request-id and rejects an injected one', async () => {
    const ok = await fetch(`${base}/health`, { headers: { 'x-request-id': 'req-42.a:b' } });
    expect(ok.headers.get('x-request-id')).toBe('req-42.a:b');
    const bad = await fetch(`${base}/health`, { headers: { 'x-request-id': 'x"><script>' } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe('HTTP_INVALID_ID');
    expect(bad.headers.get('x-request-id')).not.toContain('script');
  });

  it('POST /analyze with a raw STEP body answers the result contract', async () => {
    const res = await fetch(`${base}/analyze?name=cube.step`, { method: 'POST', headers: { 'content-type': 'application/octet-stream', 'x-request-id': 'cube-raw' }, body: cube });
    expect(res.status).toBe(200);
    const result = await res.json();
    expect(result.requestId).toBe('cube-raw');
    expect(result.input).toMatchObject({ name: 'cube.step', sizeBytes: cube.length, format: 'step' });
    expect(result.error).toBeUndefined();
    expect(result.part.faces.length).toBe(6);
  });

  it('POST /analyze with multipart/form-data takes the file part and its name', async () => {
    const form = new FormData();
    form.append('note', 'ignored field');
    form.append('file', new Blob([cube]), '../../etc/cube.step');
    const res = await fetch(`${base}/analyze`, { method: 'POST', body: form });
    expect(res.status).toBe(200);
    const result = await res.json();
    expect(result.input.name).toBe('cube.step');
    expect(result.part.faces.length).toBe(6);
  });

  it('POST /analyze?async=1 answers 202 + id, and GET /analyses/:id the result', async () => {
    const res = await fetch(`${base}/analyze?async=1`, { method: 'POST', headers: { 'content-type': 'model/step' }, body: cube });
    expect(res.status).toBe(202);
    const { id, location } = await res.json();
    expect(location).toBe(`/analyses/${id}`);
    let job;
    for (let i = 0; i < 600; i++) {
      job = await (await fetch(`${base}/analyses/${id}`)).json();
      if (job.status !== 'running') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(job.status).toBe('done');
    expect(job.result.part.faces.length).toBe(6);
    const viaPrefer = await fetch(`${base}/analyze`, { method: 'POST', headers: { prefer: 'respond-async' }, body: cube });
    expect(viaPrefer.status).toBe(202);
    expect((await fetch(`${base}/analyses/no-such-job`)).status).toBe(404);
  });

  it('a malformed part is a typed 422 whose body is the result with error, dead-lettered; /dlq routes list, count and reprocess it', async () => {
    const bad = Buffer.from('ISO-10303-21;\nHEADER;\nENDSEC;\nDATA;\n#1=FOO(#99);\nENDSEC;\nEND-ISO-10303-21;\n');
    const res = await fetch(`${base}/analyze?name=bad.step`, { method: 'POST', body: bad });
    expect(res.status).toBe(422);
    const result = await res.json();
    expect(result.error.kind).toBe('permanent');
    expect(result.error.code).toMatch(/^[A-Z][A-Z0-9_]+$/);
    expect(result.stages.length).toBeGreaterThan(0); // still the whole result, findings included

    const list = await (await fetch(`${base}/dlq/failures?limit=10&error_type=permanent`)).json();
    const record = list.failures.find((f: { requestId: string }) => f.requestId === result.requestId);
    expect(record).toBeDefined();
    expect(record.input.bytes).toBeUndefined();
    expect(list.count).toBe(list.failures.length);
    expect((await (await fetch(`${base}/dlq/failures?error_type=transient`)).json()).failures).toEqual([]);
    expect((await fetch(`${base}/dlq/failures?limit=0`)).status).toBe(400);
    expect((await fetch(`${base}/dlq/failures?error_type=evil`)).status).toBe(400);

    const stats = await (await fetch(`${base}/dlq/stats`)).json();
    expect(stats.total_failures_24h).toBeGreaterThanOrEqual(1);
    expect(stats.by_error_type.permanent).toBeGreaterThanOrEqual(1);

    expect((await fetch(`${base}/dlq/${record.id}/reprocess`, { method: 'POST' })).status).toBe(401);
    const again = await fetch(`${base}/dlq/${record.id}/reprocess`, { method: 'POST', headers: admin });
    expect(again.status).toBe(200);
    const body = await again.json();
    expect(body).toMatchObject({ id: record.id, outcome: 'failed', record: { retryCount: 1, status: 'pending' } });
    expect(body.record.input.bytes).toBeUndefined();
    const missing = await fetch(`${base}/dlq/00000000-0000-7000-8000-000000000000/reprocess`, { method: 'POST', headers: admin });
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.code).toBe('DLQ_NOT_FOUND');
  });

  it('GET /metrics answers the snapshot JSON, or Prometheus text', async () => {
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    const m = await res.json();
    expect(Date.parse(m.timestamp)).not.toBeNaN();
    expect(m.circuit_breaker).toEqual({ state: 'closed', failure_count: 0, failure_threshold: 5 });
    expect(m.performance.requests_last_hour).toBeGreaterThanOrEqual(4);
    expect(Object.keys(m.dead_letter_queue.by_error_type).sort()).toEqual(['permanent', 'systemic', 'transient']);
    expect(Object.keys(m.quality).sort()).toEqual(['avg_quality_score', 'recognition_rate']);
    for (const req of [fetch(`${base}/metrics`, { headers: { accept: 'text/plain' } }), fetch(`${base}/metrics/prometheus`)]) {
      const prom = await req;
      expect(prom.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await prom.text()).toMatch(/^cadlens_requests_last_hour \d+$/m);
    }
  });

  it('GET /circuit-breaker and POST /circuit-breaker/reset (admin token, exact body)', async () => {
    await service.breaker.isolate();
    const snap = await (await fetch(`${base}/circuit-breaker`)).json();
    expect(snap).toEqual({ state: 'isolated', failure_count: 0, failure_threshold: 5, last_failure_time: null, retry_after_seconds: null });

    expect((await fetch(`${base}/circuit-breaker/reset`, { method: 'POST' })).status).toBe(401);
    const wrong = await fetch(`${base}/circuit-breaker/reset`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}x` } });
    expect(wrong.status).toBe(401);
    expect((await wrong.json()).error.code).toBe('HTTP_UNAUTHORIZED');
    const malformed = await fetch(`${base}/circuit-breaker/reset`, { method: 'POST', headers: { ...admin, 'content-type': 'application/json' }, body: '{"reason":' });
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error.code).toBe('HTTP_BAD_REQUEST');
    expect(service.breaker.state).toBe('isolated');

    const res = await fetch(`${base}/circuit-breaker/reset`, { method: 'POST', headers: { ...admin, 'content-type': 'application/json' }, body: '{"reason":"test"}' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: 'reset',
      message: 'Circuit breaker manually reset to CLOSED state',
      new_state: { state: 'CLOSED', failure_count: 0 },
    });
    expect(service.breaker.state).toBe('closed');
    const audited = await service.audit.query({ type: 'circuit_breaker_closed' });
    expect(audited.at(-1)?.details).toMatchObject({ reason: 'reset', from: 'isolated' });
  });

  it('Prometheus text without prom-client is 501 HTTP_NOT_IMPLEMENTED, JSON still served (stand-in metrics whose prometheus() fails as it does without prom-client: the package is installed here)', async () => {
    const withoutPromClient = {
      ...service,
      metrics: Object.assign(Object.create(service.metrics) as typeof service.metrics, {
        prometheus: async () => {
          throw new CadlensError('USAGE', 'prometheus() needs the optional dependency prom-client (npm install prom-client)', { kind: 'permanent' });
        },
      }),
    };
    const srv = createServer(createHttpHandler(withoutPromClient, { env: {} }));
    const url = await listen(srv);
    try {
      for (const res of [await fetch(`${url}/metrics`, { headers: { accept: 'text/plain' } }), await fetch(`${url}/metrics/prometheus`)]) {
        expect(res.status).toBe(501);
        const body = await res.json();
        expect(body.error.code).toBe('HTTP_NOT_IMPLEMENTED');
        expect(body.error.message).toMatch(/prom-client/);
      }
      const json = await fetch(`${url}/metrics`);
      expect(json.status).toBe(200);
      expect((await json.json()).circuit_breaker.state).toBeDefined();
    } finally {
      await new Promise((r) => srv.close(r));
    }
  });

  it('admin routes are off (403) when no token is configured', async () => {
    const srv = createServer(createHttpHandler(service, { env: {} }));
    const url = await listen(srv);
    try {
      const res = await fetch(`${url}/circuit-breaker/reset`, { method: 'POST', headers: { authorization: 'Bearer anything' } });
      expect(res.status).toBe(403);
      expect((await res.json()).error.code).toBe('HTTP_FORBIDDEN');
    } finally {
      await new Promise((r) => srv.close(r));
    }
  });

  describe('bad input: typed 4xx, nothing crashes', () => {
    it('unknown route 404, wrong method 405 with Allow', async () => {
      const res = await fetch(`${base}/nope`);
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ error: { code: 'HTTP_NOT_FOUND', message: 'no such route' } });
      const m = await fetch(`${base}/health`, { method: 'DELETE' });
      expect(m.status).toBe(405);
      expect(m.headers.get('allow')).toBe('GET, HEAD');
    });

    it("wrong content type 415 (JSON; curl --data-binary's default form type, as the README warns)", async () => {
      const res = await fetch(`${base}/analyze`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"file":"x"}' });
      expect(res.status).toBe(415);
      expect((await res.json()).error.code).toBe('HTTP_UNSUPPORTED_MEDIA_TYPE');
      const form = await fetch(`${base}/analyze`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: cube });
      expect(form.status).toBe(415);
      expect((await form.json()).error.code).toBe('HTTP_UNSUPPORTED_MEDIA_TYPE');
    });

    it('path injection in ids is refused with HTTP_INVALID_ID', async () => {
      for (const id of ['..%2F..%2Fetc%2Fpasswd', '%0d%0aset-cookie:x', 'a'.repeat(200), "1'%20or%201=1"]) {
        const res = await fetch(`${base}/dlq/${id}/reprocess`, { method: 'POST', headers: admin });
        expect(res.status, id).toBe(400);
        expect((await res.json()).error.code).toBe('HTTP_INVALID_ID');
        expect((await fetch(`${base}/analyses/${id}`)).status).toBe(400);
      }
    });

    it('a declared oversized body is refused with 413 before it is read', async () => {
      const res = await rawRequest(base, '/analyze', { 'content-type': 'application/octet-stream', 'content-length': String(10 * 1024 * 1024) }, (req) => {
        req.write(cube);
      });
      expect(res.status).toBe(413);
      expect(JSON.parse(res.body).error.code).toBe('HTTP_PAYLOAD_TOO_LARGE');
      expect(res.headers.connection).toBe('close');
    });

    it('a chunked body is cut off with 413 as soon as it passes the limit (while streaming)', async () => {
      let sent = 0;
      const res = await rawRequest(base, '/analyze', { 'content-type': 'application/octet-stream', 'transfer-encoding': 'chunked' }, (req) => {
        // Keep sending 64 KiB chunks until the answer arrives: the server must answer without the end.
        const chunk = Buffer.alloc(64 * 1024, 0x41);
        const pump = () => {
          if (req.destroyed || sent > 64 * 1024 * 1024) return;
          sent += chunk.length;
          if (req.write(chunk)) setImmediate(pump);
          else req.once('drain', pump);
        };
        pump();
      });
      expect(res.status).toBe(413);
      expect(sent).toBeLessThan(64 * 1024 * 1024);
    });

    it('a multipart file over the limit is 413; a multipart body without a file is 400', async () => {
      const big = new FormData();
      big.append('file', new Blob([Buffer.alloc(300 * 1024, 0x20)]), 'big.step');
      const res = await fetch(`${base}/analyze`, { method: 'POST', body: big });
      expect(res.status).toBe(413);
      const none = new FormData();
      none.append('field', 'value');
      const res2 = await fetch(`${base}/analyze`, { method: 'POST', body: none });
      expect(res2.status).toBe(400);
      expect((await res2.json()).error.code).toBe('HTTP_BAD_REQUEST');
      const broken = await fetch(`${base}/analyze`, { method: 'POST', headers: { 'content-type': 'multipart/form-data' }, body: 'x' });
      expect(broken.status).toBe(400);
    });

    it('a slow upload (slowloris) gets 408 after the body timeout', async () => {
      const started = Date.now();
      const res = await rawRequest(base, '/analyze', { 'content-type': 'application/octet-stream', 'content-length': '5000' }, (req) => {
        req.write('ISO-10303-21;');
        const trickle = setInterval(() => (req.destroyed ? clearInterval(trickle) : req.write('x')), 100);
        req.on('close', () => clearInterval(trickle));
      });
      expect(res.status).toBe(408);
      expect(JSON.parse(res.body).error.code).toBe('HTTP_REQUEST_TIMEOUT');
      expect(Date.now() - started).toBeLessThan(3_000);
    });

    it('the server is still healthy after all of it', async () => {
      expect((await fetch(`${base}/health`)).status).toBe(200);
    });
  });

  it('logs are structured, one per request, and carry no secret', () => {
    expect(logger.lines.length).toBeGreaterThan(20);
    const first = JSON.parse(logger.lines[0]!);
    expect(first).toMatchObject({ level: 'info', message: 'request', method: 'GET', path: '/health', status: 200 });
    for (const line of logger.lines) for (const secret of SECRETS) expect(line).not.toContain(secret);
  });
});

describe('createHttpHandler: secrets and stacks (an analyzer stub that throws, since a real one never leaks on purpose)', () => {
  const stores = createMemoryStores();
  const service = createCadlensService({
    stores,
    analyzer: {
      async analyze() {
        throw new CadlensError('STORE_UNAVAILABLE', `cannot reach ${DATABASE_URL} with key ${SERVICE_ROLE_KEY} (admin ${ADMIN})`, { kind: 'systemic' });
      },
    },
  });
  const crash = { ...service, analyzer: { analyze: async () => { throw new Error(`boom ${SERVICE_ROLE_KEY}`); } } };

  it.each([false, true])('no secret in any response or log (debug %s); stacks only with debug', async (debug) => {
    const logger = memoryLogger();
    const options = { adminToken: ADMIN, logger, debug, secrets: [SERVICE_ROLE_KEY, DATABASE_URL, DB_PASSWORD], env: {} };
    const servers = [createServer(createHttpHandler(service, options)), createServer(createHttpHandler(crash, options))];
    const [a, b] = await Promise.all(servers.map(listen));
    try {
      const bodies: string[] = [];
      const r1 = await fetch(`${a}/analyze`, { method: 'POST', body: cube });
      expect(r1.status).toBe(503);
      expect(r1.headers.get('retry-after')).toBe('1');
      bodies.push(await r1.text());
      const r2 = await fetch(`${b}/analyze`, { method: 'POST', body: cube });
      expect(r2.status).toBe(500);
      const crashBody = await r2.json();
      bodies.push(JSON.stringify(crashBody));
      expect(crashBody.error.code).toBe('INTERNAL');
      if (debug) expect(crashBody.error.stack).toContain('create-http-handler');
      else {
        expect(crashBody.error.message).toBe('internal error');
        expect(crashBody.error.stack).toBeUndefined();
      }
      bodies.push(await (await fetch(`${a}/circuit-breaker/reset`, { method: 'POST', headers: { authorization: `Bearer ${SERVICE_ROLE_KEY}` } })).text());
      expect(JSON.parse(bodies[0]!).error.message).toContain('[REDACTED]');
      for (const text of [...bodies, ...logger.lines]) for (const secret of SECRETS) expect(text).not.toContain(secret);
      expect(logger.lines.some((l) => l.includes('"level":"error"'))).toBe(true);
    } finally {
      await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    }
  });
});
