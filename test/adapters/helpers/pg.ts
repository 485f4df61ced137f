import { connect } from 'node:net';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The local PostgreSQL every Postgres/Supabase test uses (CI provides it; trust auth). */
export const PG_HOST = '127.0.0.1';
export const PG_PORT = 5432;
export const PG_URL = process.env.CADLENS_TEST_PG_URL ?? `postgres://postgres@${PG_HOST}:${PG_PORT}/test`;

/** True when something accepts TCP connections on 127.0.0.1:5432 within 1.5 s. */
export function pgReachable(): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: PG_HOST, port: PG_PORT });
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(1500, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

/** A reason to skip Postgres tests, or false when the database is there. */
export async function pgSkipReason(): Promise<string | false> {
  return (await pgReachable()) ? false : `PostgreSQL at ${PG_HOST}:${PG_PORT} is unreachable`;
}

/** A schema name unique to this test run, so parallel test files never collide. */
export function testSchemaName(tag: string): string {
  return `cadlens_test_${tag}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

export function newPool(max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString: PG_URL, max });
  pool.on('error', () => undefined);
  return pool;
}

export async function dropSchema(pool: pg.Pool, schema: string): Promise<void> {
  await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
}
