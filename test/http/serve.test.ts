import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:net';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { runCli, type CliIo } from '../../src/runtime/node/cli/main.js';
import { runServe } from '../../src/runtime/node/cli/serve.js';
import { runCliProcess, spawnCli } from '../support/cli-process.js';
import { PG_URL, dropSchema, newPool, pgSkipReason, testSchemaName } from '../adapters/helpers/pg.js';
import { migrate } from '../../adapters/postgres/index.js';

const cube = readFileSync(fileURLToPath(new URL('../fixtures/step/cube.step', import.meta.url)));
const ADMIN = 'serve-admin-token-0123456789abcdef';
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'cadlens-serve-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** The environment of a serve run: none of the host's store variables leak in. */
const cleanEnv = (extra: Record<string, string>) => ({ DATABASE_URL: '', SUPABASE_URL: '', SUPABASE_SERVICE_ROLE_KEY: '', CADLENS_STORE: '', PORT: '', DEBUG: '', ...extra });

function memoryIo(env: Record<string, string>): CliIo & { out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough() as unknown as NodeJS.WriteStream;
  let out = '';
  let err = '';
  stdout.on('data', (c) => (out += c));
  (stderr as unknown as PassThrough).on('data', (c) => (err += c));
  return { stdout, stderr, env, out: () => out, err: () => err };
}

describe('cadlens serve', () => {
  it('--help describes the command, and cadlens --help lists it', async () => {
    const io = memoryIo({});
    expect(await runCli(['serve', '--help'], io)).toBe(0);
    expect(io.out()).toMatch(/^Usage: cadlens serve \[--port N\] \[--host H\]/);
    expect(io.out()).toContain('default: PORT or 5000');
    const io2 = memoryIo({});
    expect(await runCli(['--help'], io2)).toBe(0);
    expect(io2.out()).toContain('cadlens serve [--port 5000] [--workers N]');
  });

  it('refuses bad flags and bad configuration with a clear message and exit 2, never echoing a secret', async () => {
    const cases: [string[], Record<string, string>, RegExp][] = [
      [['--port', 'http'], {}, /--port \(or PORT\) must be an integer/],
      [['--bogus'], {}, /Unknown option '--bogus'/],
      [[], { MAX_FILE_SIZE_MB: '-1' }, /MAX_FILE_SIZE_MB must be a positive number/],
      [[], { DATABASE_URL: 'mysql://root:hunter2-very-secret@db/x' }, /DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL/],
      [[], { CADLENS_STORE: 'supabase', SUPABASE_URL: 'https://x.supabase.co' }, /SUPABASE_SERVICE_ROLE_KEY is required when the store is supabase/],
      [[], { CADLENS_ADMIN_TOKEN: 'short' }, /CADLENS_ADMIN_TOKEN must be at least 16 characters/],
      [['--workers', 'two'], {}, /--workers \(or CADLENS_WORKERS\) must be an integer from 0 to 256/],
      [[], { CADLENS_WORKERS: '-1' }, /--workers \(or CADLENS_WORKERS\) must be an integer from 0 to 256/],
      [['--max-queue', 'lots'], {}, /--max-queue must be a whole number/],
    ];
    for (const [args, env, message] of cases) {
      const io = memoryIo(cleanEnv(env));
      expect(await runCli(['serve', ...args], io), JSON.stringify(env)).toBe(2);
      expect(io.err()).toMatch(message);
      expect(io.err()).not.toContain('hunter2');
    }
  });

  it('a real `cadlens serve` child process (file store) answers /health and /analyze and exits 0 on SIGTERM', async () => {
    const dir = tempDir();
    const child = spawnCli(['serve', '--port', '0'], { env: cleanEnv({ CADLENS_STORE_DIR: dir, CADLENS_ADMIN_TOKEN: ADMIN }) });
    child.stdin.end();
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
    const killer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (c: Buffer) => {
          stdout += c;
          const m = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(stdout);
          if (m) resolve(m[1]!);
        });
        void exited.then(() => reject(new Error(`serve exited early: ${stderr}`)));
      });
      const health = await fetch(`${url}/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'healthy', circuit_breaker: 'closed' });
      const analyzed = await fetch(`${url}/analyze?name=cube.step`, { method: 'POST', body: cube });
      expect(analyzed.status).toBe(200);
      expect((await analyzed.json()).part.faces.length).toBe(6);
      const reset = await fetch(`${url}/circuit-breaker/reset`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}` } });
      expect(reset.status).toBe(200);
      const metrics = await (await fetch(`${url}/metrics`)).json();
      expect(metrics.performance.requests_last_hour).toBe(1);

      child.kill('SIGTERM');
      const { code, signal } = await exited;
      expect(signal).toBeNull();
      expect(code).toBe(0);
      const lines = stdout.trim().split('\n').map((l) => JSON.parse(l));
      expect(lines.at(-1)).toMatchObject({ level: 30, msg: 'stopped' });
      expect(lines.filter((l) => l.msg === 'request').map((l) => l.path)).toEqual(['/health', '/analyze', '/circuit-breaker/reset', '/metrics']);
      expect(stdout).not.toContain(ADMIN);
      // The sample went to the file store.
      expect(readdirSync(join(dir, 'metrics')).some((f) => f.endsWith('.seg.jsonl'))).toBe(true);
    } finally {
      clearTimeout(killer);
      child.kill('SIGKILL');
    }
  });

  it('drops a client that sends its headers too slowly (slowloris) with 408', async () => {
    const stop = new AbortController();
    const io = memoryIo(cleanEnv({ CADLENS_STORE: 'memory' }));
    let url = '';
    const running = runServe(['--port', '0'], io, { signal: stop.signal, headersTimeoutMs: 500, onListening: (u) => (url = u) });
    while (!url) await new Promise((r) => setTimeout(r, 20));
    const { port } = new URL(url);
    const started = Date.now();
    const answer = await new Promise<string>((resolve) => {
      const socket = connect(Number(port), '127.0.0.1');
      let got = '';
      socket.on('data', (c) => (got += c));
      socket.on('close', () => resolve(got));
      socket.on('error', () => undefined);
      socket.write('GET /health HTTP/1.1\r\nHost: x\r\n');
      // One header byte every 100 ms, never the blank line that ends the headers.
      const drip = setInterval(() => (socket.destroyed ? clearInterval(drip) : socket.write('X')), 100);
      socket.on('close', () => clearInterval(drip));
    });
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect((await fetch(`${url}/health`)).status).toBe(200);
    stop.abort();
    expect(await running).toBe(0);
  });

  it('exits 1 with a log line when the port is taken', async () => {
    const first = new AbortController();
    const io = memoryIo(cleanEnv({ CADLENS_STORE: 'memory' }));
    let url = '';
    const running = runServe(['--port', '0'], io, { signal: first.signal, onListening: (u) => (url = u) });
    while (!url) await new Promise((r) => setTimeout(r, 20));
    const port = new URL(url).port;
    const res = await runCliProcess(['serve', '--port', port], { env: cleanEnv({ CADLENS_STORE: 'memory' }) });
    expect(res.code).toBe(1);
    expect(res.stdout).toContain('"msg":"cannot listen"');
    first.abort();
    expect(await running).toBe(0);
  });
});

describe('cadlens serve refuses to start on stores that do not answer', () => {
  it('a DATABASE_URL nobody listens on: exit 1 and a log line naming STORE_UNAVAILABLE, without the password, before the port opens', async () => {
    const io = memoryIo(cleanEnv({ DATABASE_URL: 'postgres://cadlens:s3cret-pass@127.0.0.1:1/nothing' }));
    let listened = false;
    const code = await runServe(['--port', '0', '--workers', '0'], io, { onListening: () => (listened = true), storeProbeTimeoutMs: 15_000 });
    expect(code).toBe(1);
    expect(listened).toBe(false);
    const line = io.out().trim().split('\n').map((l) => JSON.parse(l)).find((l) => l.msg === 'cannot open the stores');
    expect(line).toMatchObject({ code: 'STORE_UNAVAILABLE', store: 'postgres' });
    // The cause and the target, as migrate names them.
    expect(line.cause).toContain('ECONNREFUSED');
    expect(line.cause).toContain('host 127.0.0.1, port 1, database nothing');
    expect(io.out() + io.err()).not.toContain('s3cret-pass');
  }, 60_000);
});

const pgSkip = await pgSkipReason();

describe.skipIf(pgSkip)(`cadlens serve on PostgreSQL from DATABASE_URL${pgSkip ? ` (skipped: ${pgSkip})` : ''}`, () => {
  it('stores dead letters in a throwaway schema and answers /dlq from it', async () => {
    const pool = newPool(2);
    const schema = testSchemaName('serve');
    try {
      await migrate({ connectionString: PG_URL, schema });
      const stop = new AbortController();
      const io = memoryIo(cleanEnv({ DATABASE_URL: PG_URL, CADLENS_PG_SCHEMA: schema }));
      let url = '';
      const running = runServe(['--port', '0'], io, { signal: stop.signal, onListening: (u) => (url = u) });
      for (let i = 0; !url && i < 500; i++) await new Promise((r) => setTimeout(r, 20));
      expect(io.out()).toContain('"store":"postgres"');
      expect(io.out()).toMatch(/"workers":[1-9]/);
      const bad = await fetch(`${url}/analyze?name=bad.step`, { method: 'POST', body: 'ISO-10303-21;\nnot really\n' });
      expect(bad.status).toBe(422);
      expect((await bad.json()).error).toBeDefined();
      const stats = await (await fetch(`${url}/dlq/stats`)).json();
      expect(stats.total_failures_24h).toBe(1);
      const rows = await pool.query(`SELECT count(*)::int AS n FROM "${schema}".failed_cad_analyses`);
      expect(rows.rows[0].n).toBe(1);
      stop.abort();
      expect(await running).toBe(0);
    } finally {
      await dropSchema(pool, schema);
      await pool.end();
    }
  });
});
