// Child process for test/adapters/file-reliability.test.ts. Plain JS: it imports the file adapter
// bundled by the test (esbuild) from the path in CADLENS_FILE_ADAPTER.
// argv: <dir> <prefix> <count> <inFlight> <bigEvery>
// Prints "ACK <id>" after each append resolved (i.e. after fsync), "DONE" at the end.
import { createHash, randomBytes } from 'node:crypto';

const { createFileStores } = await import(process.env.CADLENS_FILE_ADAPTER);
const [dir, prefix, countS, inFlightS, bigEveryS] = process.argv.slice(2);
const count = Number(countS);
const inFlight = Number(inFlightS);
const bigEvery = Number(bigEveryS);
// CADLENS_MAX_WRITE_BYTES splits writes into several write() calls so a SIGKILL can tear a line.
const maxWriteBytes = process.env.CADLENS_MAX_WRITE_BYTES ? Number(process.env.CADLENS_MAX_WRITE_BYTES) : undefined;
const stores = await createFileStores({ dir, maxWriteBytes });
let next = 0;
const t0 = Date.parse('2026-01-01T00:00:00.000Z');

function makeEvent(i) {
  const size = bigEvery > 0 && i % bigEvery === 0 ? 200_000 + (i % 7) * 50_000 : 64 + (i % 50);
  const payload = randomBytes(Math.ceil(size / 2)).toString('hex');
  const sha = createHash('sha256').update(payload).digest('hex');
  return {
    id: `${prefix}-${i}`,
    time: new Date(t0 + i).toISOString(),
    type: 'processing_complete',
    requestId: `${prefix}`,
    partSha256: sha,
    details: { payload, i },
  };
}

async function worker() {
  for (;;) {
    const i = next++;
    if (i >= count) return;
    const ev = makeEvent(i);
    await stores.audit.append(ev);
    process.stdout.write(`ACK ${ev.id}\n`);
  }
}
await Promise.all(Array.from({ length: inFlight }, worker));
await stores.close();
process.stdout.write('DONE\n');
