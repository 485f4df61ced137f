import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';

const MIGRATIONS_DIR = fileURLToPath(new URL('../../../supabase/migrations/', import.meta.url));

/** The Supabase migration files, in the order `supabase db push` applies them. */
export async function supabaseMigrationFiles(): Promise<string[]> {
  return (await readdir(MIGRATIONS_DIR)).filter((f) => /^\d{14}_.+\.sql$/.test(f)).sort();
}

/**
 * Creates the Supabase roles when this PostgreSQL lacks them (as on a plain CI server):
 * `anon` and `authenticated` (no special rights) and `service_role` with BYPASSRLS, like Supabase.
 * Serialised by an advisory lock because parallel test files may race.
 */
export async function ensureSupabaseRoles(pool: pg.Pool): Promise<void> {
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    await c.query(`SELECT pg_advisory_xact_lock(hashtext('cadlens-test-supabase-roles'))`);
    for (const [role, attrs] of [
      ['anon', 'NOLOGIN NOINHERIT'],
      ['authenticated', 'NOLOGIN NOINHERIT'],
      ['service_role', 'NOLOGIN NOINHERIT BYPASSRLS'],
    ]) {
      const { rowCount } = await c.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
      if (!rowCount) await c.query(`CREATE ROLE ${role} ${attrs}`);
    }
    await c.query('ALTER ROLE service_role BYPASSRLS');
    await c.query('COMMIT');
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    c.release();
  }
}

/** Applies supabase/migrations/*.sql into a throwaway schema (instead of `public`), in one transaction. */
export async function applySupabaseMigrations(pool: pg.Pool, schema: string): Promise<void> {
  await ensureSupabaseRoles(pool);
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    await c.query(`CREATE SCHEMA "${schema}"`);
    // Supabase grants schema usage on `public` to its API roles; do the same for the throwaway schema.
    await c.query(`GRANT USAGE ON SCHEMA "${schema}" TO anon, authenticated, service_role`);
    await c.query(`SET LOCAL search_path TO "${schema}"`);
    for (const f of await supabaseMigrationFiles()) await c.query(await readFile(`${MIGRATIONS_DIR}${f}`, 'utf8'));
    await c.query('COMMIT');
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    c.release();
  }
}
