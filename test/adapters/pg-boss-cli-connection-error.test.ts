import { describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { runCliProcess } from '../support/cli-process.js';

/** A local port with nothing listening on it: a real connection there is refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('cadlens batch / worker when the database cannot be reached (real processes, a refused socket)', () => {
  it('name the cause and the host, port and database, exit 1, and never print the password or the connection string', async () => {
    const port = await closedPort();
    const url = `postgres://alice:s3cretPw@127.0.0.1:${port}/test`;
    for (const args of [['batch', 'status', 'some-batch'], ['worker']]) {
      const run = await runCliProcess(args, { env: { DATABASE_URL: url } });
      expect(run.code, run.stderr).toBe(1);
      expect(run.stderr).toContain(`cadlens ${args[0]}: cannot open the queue: ECONNREFUSED`);
      expect(run.stderr).toContain(`(host 127.0.0.1, port ${port}, database test)`);
      expect(run.stderr).not.toContain('internal error');
      expect(run.stderr).not.toContain('s3cretPw');
      expect(run.stderr).not.toContain(url);
    }
  });
});
