import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createMemoryStores } from '../../adapters/memory/index.js';
import { createNodeAnalyzer } from '../../src/runtime/node/analyze-file.js';
import { createPgBossQueue, fetchStorageObject, storageObjectUrl } from '../../adapters/pg-boss/index.js';
import { PG_URL, dropSchema, newPool, pgSkipReason, testSchemaName } from './helpers/pg.js';

const cube = readFileSync(fileURLToPath(new URL('../fixtures/step/cube.step', import.meta.url)));
const SERVICE_KEY = 'sb_secret_TestServiceRoleKey0123456789';

/**
 * An HTTP double of Supabase Storage's object download (`GET /storage/v1/object/<bucket>/<path>`, the
 * service-role key as bearer and `apikey`): no Supabase project can run here. It answers a missing
 * object with 400 and a JSON body, as Storage does.
 */
function startStorageDouble(): Promise<{ server: Server; url: string; requests: string[] }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(req.url!);
    if (req.headers.authorization !== `Bearer ${SERVICE_KEY}` || req.headers.apikey !== SERVICE_KEY) return void res.writeHead(401).end();
    if (req.url === '/storage/v1/object/parts/library/cube%20copy.step') return void res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(cube);
    res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ statusCode: '404', error: 'not_found', message: 'Object not found' }));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests })));
}

describe('inputs in Supabase Storage (HTTP double of the Storage API)', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => ({ server, url } = await startStorageDouble()));
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('downloads an object with the service-role key; a missing object is permanent; no key, no download', async () => {
    expect(storageObjectUrl('https://xyz.supabase.co/', { bucket: 'parts', path: 'a b/c.step' })).toBe('https://xyz.supabase.co/storage/v1/object/parts/a%20b/c.step');
    const storage = { url, serviceRoleKey: SERVICE_KEY };
    expect(await fetchStorageObject({ bucket: 'parts', path: 'library/cube copy.step' }, storage)).toEqual(new Uint8Array(cube));
    const missing = await fetchStorageObject({ bucket: 'parts', path: 'nope.step' }, storage).then(() => null, (e: unknown) => e as Error & { code: string; kind: string });
    expect([missing?.code, missing?.kind]).toEqual(['INTAKE_NOT_READABLE', 'permanent']);
    expect(JSON.stringify({ m: missing?.message, s: missing?.stack })).not.toContain(SERVICE_KEY);
    await expect(fetchStorageObject({ bucket: 'parts', path: 'x.step' }, undefined)).rejects.toMatchObject({ code: 'CONFIG_INVALID', kind: 'systemic' });
  });
});

const skip = await pgSkipReason();

describe.skipIf(skip)(`Supabase Storage inputs through the pg-boss queue (real PostgreSQL, HTTP double of Storage)${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const schema = testSchemaName('pgboss_storage');
  const pool = newPool(2);
  const analyzer = createNodeAnalyzer();
  let server: Server;
  let url: string;
  beforeAll(async () => ({ server, url } = await startStorageDouble()));
  afterAll(async () => {
    await new Promise<void>((r) => server.close(() => r()));
    await analyzer.dispose();
    await dropSchema(pool, schema);
    await pool.end();
  });

  it('a worker with Storage configured analyses the object; a missing one is a permanent dead letter without the key', async () => {
    const queue = await createPgBossQueue({ connectionString: PG_URL, schema, retryLimit: 1, retryDelaySeconds: 1 });
    const store = createMemoryStores().deadLetters;
    try {
      const { batchId } = await queue.submit([
        { input: { storage: { bucket: 'parts', path: 'library/cube copy.step' } }, name: 'cube copy.step' },
        { input: { storage: { bucket: 'parts', path: 'missing.step' } }, name: 'missing.step' },
      ]);
      const worker = await queue.work({ analyzer, deadLetters: { store }, supabaseStorage: { url, serviceRoleKey: SERVICE_KEY } });
      for (let i = 0; i < 240 && ((await queue.status(batchId)).byState.completed ?? 0) < 2; i++) await new Promise((r) => setTimeout(r, 500));
      await worker.stop();
      const results = await queue.results(batchId);
      expect(results.map((r) => [r.name, r.outcome, r.outcome === 'dead_letter' ? [r.code, r.kind, r.attempts] : r.result.part?.faces.length]).sort()).toEqual([
        ['cube copy.step', 'result', 6],
        ['missing.step', 'dead_letter', ['INTAKE_NOT_READABLE', 'permanent', 1]],
      ]);
      expect(JSON.stringify(await store.list({}))).not.toContain(SERVICE_KEY);
    } finally {
      await queue.close();
    }
  }, 240_000);
});
