import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { migrate } from '../../adapters/postgres/index.js';
import { dropSchema, newPool, pgSkipReason, testSchemaName } from './helpers/pg.js';
import { applySupabaseMigrations, supabaseMigrationFiles } from './helpers/supabase-schema.js';

const skip = await pgSkipReason();
const sb = testSchemaName('sbmig');
const pgSchema = testSchemaName('sbcmp');
const TABLES = ['cad_processing_audit', 'cad_processing_samples', 'failed_cad_analyses', 'system_state'];
let pool: pg.Pool;

beforeAll(async () => {
  if (skip) return;
  pool = newPool(5);
  await applySupabaseMigrations(pool, sb);
  await migrate({ pool, schema: pgSchema });
});
afterAll(async () => {
  if (skip) return;
  await dropSchema(pool, sb);
  await dropSchema(pool, pgSchema);
  await pool.end();
});

/** Runs `sql` as `role` inside a rolled-back transaction; returns rows or the SQLSTATE. */
async function asRole(role: string, sql: string, setup?: string): Promise<{ rows?: unknown[]; sqlState?: string }> {
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    if (setup) await c.query(setup);
    await c.query(`SET LOCAL ROLE ${role}`);
    await c.query(`SET LOCAL search_path TO "${sb}"`);
    const r = await c.query(sql);
    return { rows: r.rows };
  } catch (e) {
    return { sqlState: (e as { code?: string }).code };
  } finally {
    await c.query('ROLLBACK').catch(() => undefined);
    c.release();
  }
}

const INSERT_AUDIT = `INSERT INTO cad_processing_audit (id, time, event_type) VALUES ('x-${process.pid}', now(), 'reprocessed')`;

describe.skipIf(skip)(`supabase migrations on the real local PostgreSQL${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it('files follow the supabase/migrations/<14-digit timestamp>_<name>.sql layout', async () => {
    const files = await supabaseMigrationFiles();
    expect(files).toEqual(['20261128000000_cadlens_schema.sql', '20261128000100_cadlens_rls.sql']);
  });

  it('create the same tables, columns and indexes as the postgres adapter migrations', async () => {
    const cols = async (s: string) =>
      (
        await pool.query(
          `SELECT table_name, column_name, data_type, is_nullable, replace(coalesce(column_default, ''), $1, 'S') AS def, collation_name
             FROM information_schema.columns WHERE table_schema = $2 AND table_name = ANY($3) ORDER BY table_name, ordinal_position`,
          [s, s, TABLES],
        )
      ).rows.map((r) => ({ ...r, def: String(r.def).replace(/"?cadlens_test_[a-z0-9_]+"?\./g, '') }));
    const idx = async (s: string) =>
      (await pool.query(`SELECT tablename, indexname, replace(indexdef, $1, 'S') AS def FROM pg_indexes WHERE schemaname = $1 AND tablename = ANY($2) ORDER BY indexname`, [s, TABLES])).rows.map(
        (r) => ({ ...r, def: String(r.def).replace(/"?cadlens_test_[a-z0-9_]+"?\./g, 'S.') }),
      );
    expect(await cols(sb)).toEqual(await cols(pgSchema));
    expect(await idx(sb)).toEqual(await idx(pgSchema));
    const tables = (await pool.query(`SELECT tablename FROM pg_tables WHERE schemaname = $1 ORDER BY 1`, [sb])).rows.map((r) => r.tablename);
    expect(tables).toEqual(TABLES);
    const indexNames = (await idx(sb)).map((r) => r.indexname);
    for (const n of ['failed_cad_analyses_time_idx', 'failed_cad_analyses_kind_time_idx', 'cad_processing_audit_type_time_idx', 'cad_processing_samples_time_idx', 'system_state_pkey']) {
      expect(indexNames).toContain(n);
    }
  });

  it('enable row-level security on every table', async () => {
    const { rows } = await pool.query(
      `SELECT c.relname, c.relrowsecurity FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind = 'r' ORDER BY 1`,
      [sb],
    );
    expect(rows).toEqual(TABLES.map((t) => ({ relname: t, relrowsecurity: true })));
  });

  it('declare explicit restrictive deny policies for anon and authenticated on every table', async () => {
    const { rows } = await pool.query(
      `SELECT tablename, policyname, permissive, roles::text[] AS roles, cmd, qual, with_check FROM pg_policies WHERE schemaname = $1 ORDER BY tablename, policyname`,
      [sb],
    );
    expect(rows).toHaveLength(8);
    for (const t of TABLES) {
      for (const role of ['anon', 'authenticated']) {
        expect(rows).toContainEqual({ tablename: t, policyname: `cadlens_deny_${role}`, permissive: 'RESTRICTIVE', roles: [role], cmd: 'ALL', qual: 'false', with_check: 'false' });
      }
    }
  });

  for (const role of ['anon', 'authenticated']) {
    it(`SET ROLE ${role}: cannot select or insert (privileges revoked)`, async () => {
      for (const t of TABLES) expect((await asRole(role, `SELECT * FROM ${t}`)).sqlState).toBe('42501');
      expect((await asRole(role, INSERT_AUDIT)).sqlState).toBe('42501');
    });

    it(`SET ROLE ${role}: RLS alone denies too, even with Supabase's default table grants`, async () => {
      // What Supabase's default privileges would grant; the policies must still deny everything.
      const setup = `INSERT INTO "${sb}".cad_processing_audit (id, time, event_type) VALUES ('seen-${role}', now(), 'reprocessed');
                     GRANT ALL ON ALL TABLES IN SCHEMA "${sb}" TO ${role}; GRANT ALL ON ALL SEQUENCES IN SCHEMA "${sb}" TO ${role};`;
      expect((await asRole(role, `SELECT * FROM cad_processing_audit`, setup)).rows).toEqual([]);
      expect((await asRole(role, INSERT_AUDIT, setup)).sqlState).toBe('42501');
      expect((await asRole(role, `UPDATE cad_processing_audit SET event_type = 'discarded' RETURNING id`, setup)).rows).toEqual([]);
      expect((await asRole(role, `DELETE FROM cad_processing_audit RETURNING id`, setup)).rows).toEqual([]);
    });
  }

  it('SET ROLE service_role (BYPASSRLS): can insert, select, update and delete', async () => {
    const r = await asRole(
      'service_role',
      `WITH i AS (${INSERT_AUDIT} RETURNING id),
            s AS (INSERT INTO cad_processing_samples (time, duration_ms, recognized, ok) VALUES (now(), 1, true, true) RETURNING id)
       SELECT (SELECT count(*) FROM i)::int AS audit, (SELECT count(*) FROM s)::int AS samples`,
    );
    expect(r.rows).toEqual([{ audit: 1, samples: 1 }]);
    expect((await asRole('service_role', `SELECT count(*)::int AS n FROM system_state`)).rows).toEqual([{ n: 0 }]);
    expect((await asRole('service_role', `UPDATE failed_cad_analyses SET status = 'discarded'`)).sqlState).toBeUndefined();
    expect((await asRole('service_role', `DELETE FROM cad_processing_audit`)).sqlState).toBeUndefined();
  });
});
