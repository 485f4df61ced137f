import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdir, readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { runStoreContract, makeDeadLetter } from 'cadlens/testing';
import { isCadlensError } from 'cadlens';
import { createPostgresStores, migrate, runMigrateCommand, listMigrations } from '../../adapters/postgres/index.js';
import { PG_URL, dropSchema, newPool, pgSkipReason, testSchemaName } from './helpers/pg.js';

const skip = await pgSkipReason();
const schema = testSchemaName('pg');
let pool: pg.Pool;

beforeAll(async () => {
  if (skip) return;
  pool = newPool(60);
  await migrate({ pool, schema });
});
afterAll(async () => {
  if (skip) return;
  await dropSchema(pool, schema);
  await pool.end();
});

const TABLES = ['failed_cad_analyses', 'cad_processing_audit', 'cad_processing_samples', 'system_state'];

runStoreContract(
  'postgres',
  async () => {
    await pool.query(`TRUNCATE ${TABLES.map((t) => `"${schema}".${t}`).join(', ')}`);
    return createPostgresStores({ pool, schema });
  },
  { skip, concurrency: 50 },
);

describe.skipIf(skip)(`postgres migrations${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it('the embedded migrations equal adapters/postgres/migrations/*.sql (run embed-migrations.mjs after edits)', async () => {
    const dir = new URL('../../adapters/postgres/migrations/', import.meta.url);
    const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
    const embedded = listMigrations();
    expect(embedded.map((m) => `${m.name}.sql`)).toEqual(files);
    for (const m of embedded) {
      const sql = await readFile(new URL(`${m.name}.sql`, dir), 'utf8');
      expect(m.sql).toBe(sql);
      expect(m.checksum).toBe(createHash('sha256').update(sql).digest('hex'));
    }
  });

  it('is idempotent and safe when 5 callers race (advisory lock)', async () => {
    const s = testSchemaName('mig');
    try {
      const results = await Promise.all(Array.from({ length: 5 }, () => migrate({ pool, schema: s })));
      expect(results.filter((r) => r.applied.length > 0)).toHaveLength(1);
      expect(results.every((r) => r.applied.length + r.alreadyApplied.length === listMigrations().length)).toBe(true);
      const again = await migrate({ connectionString: PG_URL, schema: s });
      expect(again.applied).toEqual([]);
      const { rows } = await pool.query(`SELECT name FROM "${s}".cadlens_migrations ORDER BY name`);
      expect(rows.map((r) => r.name)).toEqual(listMigrations().map((m) => m.name));
    } finally {
      await dropSchema(pool, s);
    }
  });

  it('creates the tables and the indexes for list/stats/query patterns', async () => {
    const { rows: tables } = await pool.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1`, [schema]);
    expect(tables.map((r) => r.table_name)).toEqual(['cad_processing_audit', 'cad_processing_samples', 'cadlens_migrations', 'failed_cad_analyses', 'system_state']);
    const { rows: idx } = await pool.query(`SELECT indexname FROM pg_indexes WHERE schemaname = $1`, [schema]);
    const names = idx.map((r) => r.indexname);
    for (const n of ['failed_cad_analyses_time_idx', 'failed_cad_analyses_kind_time_idx', 'failed_cad_analyses_status_time_idx', 'cad_processing_audit_type_time_idx', 'cad_processing_samples_time_idx']) {
      expect(names).toContain(n);
    }
  });

  it('refuses a migration whose SQL changed after it was applied (STORE_CORRUPT)', async () => {
    const s = testSchemaName('mig');
    try {
      await migrate({ pool, schema: s });
      await pool.query(`UPDATE "${s}".cadlens_migrations SET checksum = 'x'`);
      const err = await migrate({ pool, schema: s }).catch((e) => e);
      expect(isCadlensError(err) && err.code).toBe('STORE_CORRUPT');
    } finally {
      await dropSchema(pool, s);
    }
  });

  it('rejects a schema name that is not a plain identifier (CONFIG_INVALID)', async () => {
    const err = await migrate({ pool, schema: 'x"; DROP TABLE y; --' }).catch((e) => e);
    expect(isCadlensError(err) && err.code).toBe('CONFIG_INVALID');
  });

  it('cadlens migrate command: applies, reports, never prints the connection string', async () => {
    const s = testSchemaName('cli');
    let out = '';
    let err = '';
    const io = { stdout: { write: (x: string) => (out += x) }, stderr: { write: (x: string) => (err += x) }, env: {} };
    try {
      const url = PG_URL.replace('postgres@', 'postgres:hunter2-secret@');
      expect(await runMigrateCommand(['--database-url', url, '--schema', s], io)).toBe(0);
      expect(out).toContain('applied 0001_cadlens_schema');
      expect(await runMigrateCommand([`--database-url=${url}`, `--schema=${s}`], io)).toBe(0);
      expect(out).toContain('(0 applied, 1 already applied)');
      expect(await runMigrateCommand(['--schema', s], io)).toBe(2);
      expect(await runMigrateCommand(['--database-url', 'postgres://postgres:hunter2-secret@127.0.0.1:1/test', '--schema', s], io)).toBe(1);
      expect(err).toContain('STORE_UNAVAILABLE');
      // Says why and where (errno, host, port, database), never with the password.
      expect(err).toContain('ECONNREFUSED');
      expect(err).toContain('host 127.0.0.1, port 1, database test');
      expect(out + err).not.toContain('hunter2-secret');
      expect(await runMigrateCommand(['--list'], io)).toBe(0);
    } finally {
      await dropSchema(pool, s);
    }
  });

  it('cadlens migrate without --schema migrates the schema cadlens serve uses (CADLENS_PG_SCHEMA)', async () => {
    const s = testSchemaName('envschema');
    let out = '';
    const io = { stdout: { write: (x: string) => (out += x) }, stderr: { write: () => true }, env: { DATABASE_URL: PG_URL, CADLENS_PG_SCHEMA: s } };
    try {
      expect(await runMigrateCommand([], io)).toBe(0);
      expect(out).toContain(`schema ${s} is up to date (1 applied, 0 already applied)`);
      const tables = await pool.query('SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name', [s]);
      expect(tables.rows.map((r: { table_name: string }) => r.table_name)).toEqual(expect.arrayContaining(TABLES));
    } finally {
      await dropSchema(pool, s);
    }
  });

  it('a duplicate dead letter from another pool is a STORE_CONFLICT, not a lost write', async () => {
    const a = await createPostgresStores({ pool, schema });
    const b = await createPostgresStores({ connectionString: PG_URL, schema });
    await a.deadLetters.put(makeDeadLetter('dup-1', 0));
    const err = await b.deadLetters.put(makeDeadLetter('dup-1', 1)).catch((e) => e);
    expect(isCadlensError(err) && err.code).toBe('STORE_CONFLICT');
    await b.close();
    await a.close();
    await pool.query(`DELETE FROM "${schema}".failed_cad_analyses WHERE id = 'dup-1'`);
  });
});
