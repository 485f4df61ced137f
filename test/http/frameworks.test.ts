import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createCadlensService, type WiredCadlensService } from '../../src/node.js';
import { createMemoryStores } from '../../adapters/memory/index.js';
import { createExpressApp } from '../../examples/service/express-app.js';
import { createFastifyApp } from '../../examples/service/fastify-app.js';

const cube = readFileSync(fileURLToPath(new URL('../fixtures/step/cube.step', import.meta.url)));
const ADMIN = 'framework-admin-token-0123456789';

/** The same checks against cadlens mounted under /cadlens in each framework (docs/service.md examples). */
function checks(name: string, start: (service: WiredCadlensService) => Promise<{ base: string; close: () => Promise<void> }>) {
  describe(`cadlens mounted in ${name} (real server on 127.0.0.1, memory stores, real analyzer)`, () => {
    let service: WiredCadlensService;
    let base = '';
    let close = async () => {};
    beforeAll(async () => {
      service = createCadlensService({ stores: createMemoryStores() });
      ({ base, close } = await start(service));
    });
    afterAll(async () => {
      await close();
      await service.dispose();
    });

    it('serves /cadlens/health and /cadlens/metrics, and leaves the app its own routes', async () => {
      const health = await fetch(`${base}/cadlens/health`);
      expect(health.status).toBe(200);
      expect((await health.json()).status).toBe('healthy');
      expect(health.headers.get('x-request-id')).toBeTruthy();
      expect((await (await fetch(`${base}/cadlens/metrics`)).json()).circuit_breaker.state).toBe('closed');
      expect(await (await fetch(`${base}/`)).json()).toEqual({ app: 'mine' });
    });

    it('POST /cadlens/analyze streams a raw and a multipart upload through the framework', async () => {
      const raw = await fetch(`${base}/cadlens/analyze?name=cube.step`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: cube });
      expect(raw.status).toBe(200);
      expect((await raw.json()).part.faces.length).toBe(6);
      const form = new FormData();
      form.append('file', new Blob([cube]), 'cube.step');
      const multi = await fetch(`${base}/cadlens/analyze`, { method: 'POST', body: form });
      expect(multi.status).toBe(200);
      expect((await multi.json()).input.name).toBe('cube.step');
    });

    it('keeps the limits, the admin token and the typed errors', async () => {
      const big = await fetch(`${base}/cadlens/analyze`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: Buffer.alloc(300 * 1024) });
      expect(big.status).toBe(413);
      expect((await big.json()).error.code).toBe('HTTP_PAYLOAD_TOO_LARGE');
      const json = await fetch(`${base}/cadlens/analyze`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(json.status).toBe(415);
      expect((await fetch(`${base}/cadlens/circuit-breaker/reset`, { method: 'POST' })).status).toBe(401);
      const reset = await fetch(`${base}/cadlens/circuit-breaker/reset`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: '{' });
      expect(reset.status).toBe(400);
      const ok = await fetch(`${base}/cadlens/circuit-breaker/reset`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}` } });
      expect((await ok.json()).new_state).toEqual({ state: 'CLOSED', failure_count: 0 });
      expect((await fetch(`${base}/cadlens/dlq/..%2f..%2fetc/reprocess`, { method: 'POST' })).status).toBe(400);
    });
  });
}

const options = { adminToken: ADMIN, maxBodyBytes: 256 * 1024, env: {} };

checks('Express', async (service) => {
  const app = createExpressApp(service, options);
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
});

checks('Fastify', async (service) => {
  const app = await createFastifyApp(service, options);
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  return { base, close: () => app.close() };
});
