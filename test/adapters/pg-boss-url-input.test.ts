import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createMemoryStores } from '../../adapters/memory/index.js';
import { createNodeAnalyzer } from '../../src/runtime/node/analyze-file.js';
import { createPgBossQueue, fetchInputUrl, safeUrlLabel, urlSecrets } from '../../adapters/pg-boss/index.js';
import { PG_URL, dropSchema, newPool, pgSkipReason, testSchemaName } from './helpers/pg.js';

const cube = readFileSync(fileURLToPath(new URL('../fixtures/step/cube.step', import.meta.url)));
const PASSWORD = 'pa55-Secret-word';
const TOKEN = 'tok-SECRET-0123456789';

/** A real HTTP server with the answers a worker meets: auth, tokens, 404, 503, slow, oversize bodies. */
function startServer(): Promise<{ server: Server; base: string; hits: Map<string, number> }> {
  const hits = new Map<string, number>();
  const server = createServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    const n = (hits.get(url.pathname) ?? 0) + 1;
    hits.set(url.pathname, n);
    const authorized = req.headers.authorization === `Basic ${Buffer.from(`reader:${PASSWORD}`).toString('base64')}` || url.searchParams.get('token') === TOKEN;
    if (!authorized) return void res.writeHead(401).end();
    switch (url.pathname) {
      case '/cube.step':
        return void res.writeHead(200, { 'content-length': cube.byteLength }).end(cube);
      case '/flaky.step': // an overloaded file server: 503 once, then the file
        return n === 1 ? void res.writeHead(503).end() : void res.writeHead(200).end(cube);
      case '/big-declared.step':
        return void res.writeHead(200, { 'content-length': 2 * cube.byteLength }).end(Buffer.alloc(2 * cube.byteLength, 32));
      case '/big-chunked.step': // no Content-Length: only counting the body catches it
        res.writeHead(200);
        for (let i = 0; i < 10; i++) res.write(Buffer.alloc(cube.byteLength, 32));
        return void res.end();
      case '/slow.step':
        return void setTimeout(() => res.writeHead(200).end(cube), 5000).unref();
      default:
        return void res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, base: `127.0.0.1:${(server.address() as AddressInfo).port}`, hits })));
}

describe('URL inputs of queue jobs, fetched from a real local HTTP server', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => ({ server, base } = await startServer()));
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('fetches with basic authentication from the URL and with a token in the query', async () => {
    expect(await fetchInputUrl(`http://reader:${PASSWORD}@${base}/cube.step`)).toEqual(new Uint8Array(cube));
    expect(await fetchInputUrl(`http://${base}/cube.step?token=${TOKEN}`)).toEqual(new Uint8Array(cube));
  });

  it('answers with typed errors that never contain the URL or its secrets', async () => {
    const attempt = (path: string, options = {}) => fetchInputUrl(`http://reader:${PASSWORD}@${base}${path}?token=${TOKEN}`, options).then(() => null, (e: unknown) => e as Error & { code: string; kind: string });
    const cases = {
      missing: await attempt('/missing.step'),
      unavailable: await attempt('/flaky.step'),
      declaredTooLarge: await attempt('/big-declared.step', { maxBytes: cube.byteLength }),
      chunkedTooLarge: await attempt('/big-chunked.step', { maxBytes: cube.byteLength }),
      slow: await attempt('/slow.step', { timeoutMs: 300 }),
    };
    expect(Object.fromEntries(Object.entries(cases).map(([k, e]) => [k, [e?.code, e?.kind]]))).toEqual({
      missing: ['INTAKE_NOT_FOUND', 'permanent'],
      unavailable: ['NETWORK', 'transient'],
      declaredTooLarge: ['INTAKE_TOO_LARGE', 'permanent'],
      chunkedTooLarge: ['INTAKE_TOO_LARGE', 'permanent'],
      slow: ['TIMEOUT', 'transient'],
    });
    const refused = (await fetchInputUrl(`http://reader:${PASSWORD}@127.0.0.1:1/a.step?token=${TOKEN}`).then(
      () => null,
      (e: unknown) => e as Error & { code: string; kind: string },
    ))!;
    expect([refused.code, refused.kind]).toEqual(['NETWORK', 'transient']);
    for (const e of [...Object.values(cases), refused]) {
      const shown = JSON.stringify({ message: e!.message, stack: e!.stack, details: (e as { details?: unknown }).details });
      expect(shown).not.toContain(PASSWORD);
      expect(shown).not.toContain(TOKEN);
      expect(shown).not.toContain(base);
    }
    await expect(fetchInputUrl('file:///etc/hostname')).rejects.toMatchObject({ code: 'INTAKE_UNSUPPORTED_INPUT', kind: 'permanent' });
  });

  it('names a URL without its user-info, query or fragment, and lists its secrets', () => {
    const url = `https://reader:${PASSWORD}@files.example/parts/a.step?X-Amz-Signature=abcdef0123&part=7#x`;
    expect(safeUrlLabel(url)).toBe('https://files.example/parts/a.step');
    expect(urlSecrets(url)).toEqual(expect.arrayContaining([PASSWORD, 'reader', 'abcdef0123']));
    expect(urlSecrets(url)).not.toContain('7');
  });
});

const skip = await pgSkipReason();

describe.skipIf(skip)(`URL inputs through the pg-boss queue on the real PostgreSQL${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const schema = testSchemaName('pgboss_url');
  const pool = newPool(2);
  const analyzer = createNodeAnalyzer();
  let server: Server;
  let base: string;
  let hits: Map<string, number>;
  beforeAll(async () => ({ server, base, hits } = await startServer()));
  afterAll(async () => {
    await new Promise<void>((r) => server.close(() => r()));
    await analyzer.dispose();
    await dropSchema(pool, schema);
    await pool.end();
  });

  it('workers fetch URL inputs: a 503 is retried, a 404 and an oversize body go straight to the DLQ, a timeout is retried then dead-lettered; no secret in names, results or dead letters', async () => {
    const queue = await createPgBossQueue({ connectionString: PG_URL, schema, retryLimit: 1, retryDelaySeconds: 1 });
    const store = createMemoryStores().deadLetters;
    const url = (path: string) => `http://reader:${PASSWORD}@${base}${path}?token=${TOKEN}`;
    try {
      await expect(queue.submit([{ input: { url: 'ftp://files.example/a.step' }, name: 'a.step' }])).rejects.toMatchObject({ code: 'INTAKE_UNSUPPORTED_INPUT' });
      const paths = ['/cube.step', '/flaky.step', '/missing.step', '/big-chunked.step', '/slow.step'];
      // The caller names jobs carelessly with the whole URL: the queue takes the secrets out of the name.
      const { batchId } = await queue.submit(paths.map((p) => ({ input: { url: url(p) }, name: url(p) })));
      const worker = await queue.work({ analyzer, deadLetters: { store, includeInputBytes: true }, url: { maxBytes: cube.byteLength, timeoutMs: 500 }, workerId: 'url-worker' });
      for (let i = 0; i < 240 && ((await queue.status(batchId)).byState.completed ?? 0) < paths.length; i++) await new Promise((r) => setTimeout(r, 500));
      await worker.stop();
      const results = await queue.results(batchId);
      const byPath = Object.fromEntries(results.map((r) => [/\/[a-z-]+\.step/.exec(r.name)![0], r]));
      expect(Object.fromEntries(Object.entries(byPath).map(([p, r]) => [p, [r.outcome, r.outcome === 'dead_letter' ? r.code : 'ok', r.attempts]]))).toEqual({
        '/cube.step': ['result', 'ok', 1],
        '/flaky.step': ['result', 'ok', 2],
        '/missing.step': ['dead_letter', 'INTAKE_NOT_FOUND', 1],
        '/big-chunked.step': ['dead_letter', 'INTAKE_TOO_LARGE', 1],
        '/slow.step': ['dead_letter', 'TIMEOUT', 2],
      });
      expect(hits.get('/missing.step')).toBe(1); // permanent: never fetched again
      const letters = await store.list({});
      expect(letters).toHaveLength(3);
      const everything = JSON.stringify({ results: results.map(({ jobId, name, outcome }) => ({ jobId, name, outcome })), letters });
      expect(everything).not.toContain(PASSWORD);
      expect(everything).not.toContain(TOKEN);
      // pg-boss's own copy of the failed attempts' errors (its `output`) carries no secret either.
      const outputs = await pool.query(`SELECT output::text AS o FROM "${schema}".job UNION ALL SELECT output::text FROM "${schema}".archive`);
      for (const { o } of outputs.rows as { o: string | null }[]) {
        expect(o ?? '').not.toContain(PASSWORD);
        expect(o ?? '').not.toContain(TOKEN);
      }
    } finally {
      await queue.close();
    }
  }, 240_000);
});
