import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { DeadLetterRecord, DeadLetterSink } from '../../src/storage/dead-letter-store.js';
import { runSinkContract } from '../../src/testing/index.js';
import { REPO_DIR } from '../support/shared-data.js';
import { exportSourcePaths, extractTsBlocks } from './doc-blocks.js';

/**
 * docs/extending.md's example dead-letter sink, as the page prints it, keeps the contract the same page tells
 * readers to test it with (`runSinkContract`), against a real local HTTP server standing in for the webhook:
 * the block is taken from the markdown, its `cadlens…` imports pointed at the sources, its webhook URL pointed
 * at the server, and the sink exported.
 */
const DOC = 'docs/extending.md';
const DOC_URL = 'https://alerts.internal/cad-failures';
const workDir = join(REPO_DIR, '.cache', `extending-sink-${process.pid}`);

/** The webhook: keeps every JSON body it receives. */
const received: DeadLetterRecord[] = [];
let server: Server | undefined;
let sink: DeadLetterSink | undefined;

async function docSink(): Promise<DeadLetterSink> {
  if (sink) return sink;
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as DeadLetterRecord);
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  const block = extractTsBlocks(readFileSync(join(REPO_DIR, DOC), 'utf8'), DOC).find((b) => b.code.includes('const webhookSink'));
  if (!block) throw new Error(`${DOC} has no webhookSink example`);
  expect(block.code).toContain(DOC_URL);
  const sources = exportSourcePaths(REPO_DIR);
  const code = block.code
    .replace(/from '(cadlens[^']*)'/g, (_m, spec: string) => `from ${JSON.stringify(sources[spec]!)}`)
    .replace(DOC_URL, `http://127.0.0.1:${port}/cad-failures`)
    .concat('\nexport { webhookSink };\n');
  mkdirSync(workDir, { recursive: true });
  const file = join(workDir, 'webhook-sink.ts');
  writeFileSync(file, code);
  sink = ((await import(/* @vite-ignore */ file)) as { webhookSink: DeadLetterSink }).webhookSink;
  return sink;
}

afterAll(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  rmSync(workDir, { recursive: true, force: true });
});

it('the example is found and posts the record to its webhook', async () => {
  const s = await docSink();
  expect(s.id).toBe('acme/webhook');
});

runSinkContract('docs/extending.md webhook sink (a real local HTTP server as the webhook)', async () => {
  const s = await docSink();
  received.length = 0;
  return { sink: s, readBack: async () => [...received] };
});
