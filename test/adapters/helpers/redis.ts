import { connect, createServer } from 'node:net';
import { randomBytes } from 'node:crypto';

/** The local Redis the Redis tests use (CI's `.ci/run` starts it). */
export const REDIS_HOST = '127.0.0.1';
export const REDIS_PORT = 6379;
export const REDIS_URL = process.env.CADLENS_TEST_REDIS_URL ?? `redis://${REDIS_HOST}:${REDIS_PORT}`;

/** A reason to skip Redis tests, or false when something accepts connections on 127.0.0.1:6379. */
export function redisSkipReason(): Promise<string | false> {
  return new Promise((resolve) => {
    const s = connect({ host: REDIS_HOST, port: REDIS_PORT });
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok ? false : `Redis at ${REDIS_HOST}:${REDIS_PORT} is unreachable`);
    };
    s.setTimeout(1500, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

/** A key prefix unique to this test run, so parallel runs never collide. */
export function testKeyPrefix(tag: string): string {
  return `cadlens-test:${tag}:${process.pid}:${randomBytes(4).toString('hex')}:`;
}

/** A loopback port nothing listens on: bound once by the OS, then closed. */
export function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
