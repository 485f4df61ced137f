// A schema nobody migrated: every store call fails, and the error must say why (run the migrations)
// instead of only "unavailable". Found by a newcomer's trial: a `cadlens worker` whose CADLENS_PG_SCHEMA
// was never migrated retried each dead letter with `Store "postgres" is unavailable (deadLetters.put)`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { isCadlensError } from 'cadlens';
import { makeDeadLetter } from 'cadlens/testing';
import { createPostgresStores, migrate } from '../../adapters/postgres/index.js';
import { PG_URL, dropSchema, newPool, pgSkipReason, testSchemaName } from './helpers/pg.js';
import { runCliProcess } from '../support/cli-process.js';

const skip = await pgSkipReason();
const schema = testSchemaName('unmigrated');
let pool: pg.Pool;

beforeAll(() => {
  if (!skip) pool = newPool(2);
});
afterAll(async () => {
  if (skip) return;
  await dropSchema(pool, schema);
  await pool.end();
});

describe.skipIf(skip)(`postgres stores on an unmigrated schema${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it('reject with STORE_UNAVAILABLE that names the missing tables and the fix', async () => {
    const stores = await createPostgresStores({ pool, schema });
    const error = await stores.deadLetters.put(makeDeadLetter('dl-1', 0)).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isCadlensError(error)).toBe(true);
    if (!isCadlensError(error)) return;
    expect(error.code).toBe('STORE_UNAVAILABLE');
    expect(error.kind).toBe('systemic');
    expect(['42P01', '3F000']).toContain(error.details.errorCode);
    expect(error.message).toMatch(/tables do not exist .*run 'cadlens migrate'/);

    // Once migrated, the same call succeeds: the message pointed at the right fix.
    await migrate({ pool, schema });
    await expect(stores.deadLetters.put(makeDeadLetter('dl-1', 0))).resolves.not.toThrow();
  });
});

describe.skipIf(skip)(`cadlens worker on an unmigrated CADLENS_PG_SCHEMA (real process)${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it('exits 1 before taking a job, naming the missing tables and the migration', async () => {
    const bare = testSchemaName('unmigrated_worker');
    const boss = testSchemaName('unmigrated_boss');
    try {
      const run = await runCliProcess(['worker'], {
        env: { DATABASE_URL: PG_URL, CADLENS_PG_SCHEMA: bare, CADLENS_PGBOSS_SCHEMA: boss },
        timeoutMs: 60_000,
      });
      expect(run.code, run.stderr).toBe(1);
      expect(run.stderr).toContain('cadlens worker: cannot open the stores: STORE_UNAVAILABLE');
      expect(run.stderr).toContain("run 'cadlens migrate'");
      expect(run.stdout).not.toContain('consuming');
    } finally {
      await dropSchema(pool, boss);
      await dropSchema(pool, bare);
    }
  });
});
