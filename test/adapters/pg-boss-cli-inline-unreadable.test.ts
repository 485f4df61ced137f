// `cadlens batch submit --inline` with a file it cannot read: a clear message, exit 1, and no job
// enqueued (a newcomer's trial got "cadlens: internal error: ENOENT…" instead).
import { afterAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { runCliProcess } from '../support/cli-process.js';
import { PG_URL, dropSchema, newPool, pgSkipReason, testSchemaName } from './helpers/pg.js';

const skip = await pgSkipReason();
const bossSchema = testSchemaName('inline_unreadable');
let pool: pg.Pool | null = null;

afterAll(async () => {
  if (!pool) return;
  await dropSchema(pool, bossSchema);
  await pool.end();
});

describe.skipIf(skip)(`cadlens batch submit --inline with an unreadable file (real process, real PostgreSQL)${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it('names the file and the errno, exits 1 and submits nothing, not even the readable files', async () => {
    const missing = '/nonexistent-cadlens-dir/missing.step';
    const run = await runCliProcess(['batch', 'submit', '--inline', 'test/fixtures/step/cube.step', missing], {
      env: { DATABASE_URL: PG_URL, CADLENS_PGBOSS_SCHEMA: bossSchema, CADLENS_QUEUE: 'inline-unreadable' },
    });
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toContain(`cadlens batch: submit --inline: cannot read ${missing}: ENOENT`);
    expect(run.stderr).toContain('nothing was submitted');
    expect(run.stderr).not.toContain('internal error');
    expect(run.stdout).toBe('');
    pool = newPool(1);
    const { rows } = await pool.query(`SELECT count(*)::int AS n FROM "${bossSchema}".job`).catch(() => ({ rows: [{ n: 0 }] }));
    expect(rows[0].n).toBe(0);
  });
});
