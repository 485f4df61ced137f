import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type pg from 'pg';

/**
 * A scripted HTTP double of Supabase's REST endpoint (PostgREST) for the request shapes the
 * supabase adapter sends: `/rest/v1/<table>` with GET/POST/PATCH/DELETE, `select`, `order`,
 * `limit`, filters `eq/neq/gt/gte/lt/lte/is/in` and `or=(…)`, `Prefer: return=…, count=exact`.
 * Each request is recorded and executed against the real local PostgreSQL as `service_role`
 * on a schema created from supabase/migrations (so RLS is on and the role must bypass it).
 * Used only when no live project is configured; tests using it say "(recorded HTTP double)".
 */
export interface RecordedRequest {
  method: string;
  table: string;
  query: string;
  prefer: string;
  body: unknown;
}

const TABLES = new Set(['failed_cad_analyses', 'cad_processing_audit', 'cad_processing_samples', 'system_state']);
const COL = /^[a-z_][a-z0-9_]*$/;
const OPS: Record<string, string> = { eq: '=', neq: '<>', gt: '>', gte: '>=', lt: '<', lte: '<=' };

/** Splits on `sep` at the top level (outside double quotes and parentheses). */
function splitTop(s: string, sep = ','): string[] {
  const out: string[] = [];
  let depth = 0;
  let inQ = false;
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (inQ) {
      if (ch === '\\' && i + 1 < s.length) {
        cur += ch + s[++i];
        continue;
      }
      if (ch === '"') inQ = false;
      cur += ch;
      continue;
    }
    if (ch === '"') inQ = true;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    if (ch === sep && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

function unquote(v: string): string {
  if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) return v.slice(1, -1).replace(/\\(.)/g, '$1');
  return v;
}

class BadRequest extends Error {}

function condition(col: string, expr: string, values: unknown[]): string {
  if (!COL.test(col)) throw new BadRequest(`bad column ${col}`);
  const dot = expr.indexOf('.');
  const op = expr.slice(0, dot);
  const raw = expr.slice(dot + 1);
  if (op === 'is') {
    if (raw === 'null') return `"${col}" IS NULL`;
    if (raw === 'true' || raw === 'false') return `"${col}" IS ${raw.toUpperCase()}`;
    throw new BadRequest(`bad is.${raw}`);
  }
  if (op === 'in') {
    const inner = raw.replace(/^\(/, '').replace(/\)$/, '');
    values.push(splitTop(inner).map(unquote));
    return `"${col}"::text = ANY($${values.length}::text[])`;
  }
  const sqlOp = OPS[op];
  if (!sqlOp) throw new BadRequest(`unsupported operator ${op}`);
  values.push(unquote(raw));
  return `"${col}" ${sqlOp} $${values.length}`;
}

export class PostgrestDouble {
  readonly requests: RecordedRequest[] = [];
  /** `down`: reset every connection (network failure); `echo-key`: answer 500 echoing the auth header. */
  mode: 'up' | 'down' | 'echo-key' = 'up';
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  url = '';

  constructor(
    private readonly pool: pg.Pool,
    private readonly schema: string,
    private readonly serviceRoleKey: string,
  ) {}

  async start(): Promise<void> {
    const server = createServer((req, res) => {
      void this.handle(req, res).catch((e) => this.send(res, 500, { code: 'XX000', message: String(e), details: null, hint: null }));
    });
    server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    this.server = server;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  private send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
    const text = body === undefined ? '' : JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(text);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (this.mode === 'down') {
      req.socket.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://double');
    const m = /^\/rest\/v1\/([a-z_]+)$/.exec(url.pathname);
    const prefer = String(req.headers.prefer ?? '');
    const body = raw ? (JSON.parse(raw) as unknown) : undefined;
    if (this.mode === 'echo-key') {
      // A misbehaving gateway that echoes credentials: the adapter must not pass them on.
      this.send(res, 500, { code: '', message: `upstream failed for ${String(req.headers.authorization)} apikey=${String(req.headers.apikey)}`, details: null, hint: null });
      return;
    }
    if (req.headers.apikey !== this.serviceRoleKey || req.headers.authorization !== `Bearer ${this.serviceRoleKey}`) {
      this.send(res, 401, { code: 'PGRST301', message: 'Invalid API key', details: null, hint: null });
      return;
    }
    if (!m || !TABLES.has(m[1])) {
      this.send(res, 404, { code: 'PGRST205', message: 'relation not found', details: null, hint: null });
      return;
    }
    const table = m[1];
    this.requests.push({ method: req.method ?? '', table, query: url.search, prefer, body });
    try {
      const values: unknown[] = [];
      const where: string[] = [];
      let select = '*';
      let order = '';
      let limit = '';
      for (const [k, v] of url.searchParams) {
        if (k === 'select') {
          if (v !== '*') {
            const cols = v.split(',');
            if (!cols.every((c) => COL.test(c))) throw new BadRequest('bad select');
            select = cols.map((c) => `"${c}"`).join(', ');
          }
        } else if (k === 'order') {
          order = `ORDER BY ${v
            .split(',')
            .map((p) => {
              const [col, dir] = p.split('.');
              if (!COL.test(col)) throw new BadRequest('bad order');
              return `"${col}" ${dir === 'desc' ? 'DESC' : 'ASC'}`;
            })
            .join(', ')}`;
        } else if (k === 'limit') {
          limit = `LIMIT ${Math.max(0, Number.parseInt(v, 10) || 0)}`;
        } else if (k === 'columns') {
          // insert column list: derived from the body below
        } else if (k === 'or') {
          const inner = v.replace(/^\(/, '').replace(/\)$/, '');
          const parts = splitTop(inner).map((p) => {
            const dot = p.indexOf('.');
            return condition(p.slice(0, dot), p.slice(dot + 1), values);
          });
          where.push(`(${parts.join(' OR ')})`);
        } else {
          where.push(condition(k, v, values));
        }
      }
      const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
      const wantRows = prefer.includes('return=representation');
      const wantCount = prefer.includes('count=exact');
      const c = await this.pool.connect();
      try {
        await c.query('BEGIN');
        await c.query('SET LOCAL ROLE service_role');
        await c.query(`SET LOCAL search_path TO "${this.schema}"`);
        let rows: unknown[] = [];
        let status = 200;
        if (req.method === 'GET' || req.method === 'HEAD') {
          rows = (await c.query(`SELECT row_to_json(t) AS j FROM (SELECT ${select} FROM ${table} ${w} ${order} ${limit}) t`, values)).rows.map((r) => r.j);
        } else if (req.method === 'POST') {
          const items = (Array.isArray(body) ? body : [body]) as Record<string, unknown>[];
          const cols = [...new Set(items.flatMap((x) => Object.keys(x)))];
          if (!cols.every((col) => COL.test(col))) throw new BadRequest('bad columns');
          const list = cols.map((col) => `"${col}"`).join(', ');
          values.push(JSON.stringify(items));
          rows = (await c.query(`INSERT INTO ${table} (${list}) SELECT ${list} FROM json_populate_recordset(NULL::${table}, $${values.length}::json) RETURNING row_to_json(${table}.*) AS j`, values)).rows.map((r) => r.j);
          status = 201;
        } else if (req.method === 'PATCH') {
          const cols = Object.keys(body as object);
          if (!cols.every((col) => COL.test(col))) throw new BadRequest('bad columns');
          values.push(JSON.stringify(body));
          const list = cols.map((col) => `"${col}"`).join(', ');
          const set = cols.length === 1 ? `${list} = (SELECT ${list} FROM json_populate_record(NULL::${table}, $${values.length}::json))` : `(${list}) = (SELECT ${list} FROM json_populate_record(NULL::${table}, $${values.length}::json))`;
          rows = (await c.query(`UPDATE ${table} SET ${set} ${w} RETURNING row_to_json(${table}.*) AS j`, values)).rows.map((r) => r.j);
        } else if (req.method === 'DELETE') {
          rows = (await c.query(`DELETE FROM ${table} ${w} RETURNING row_to_json(${table}.*) AS j`, values)).rows.map((r) => r.j);
        } else {
          throw new BadRequest(`method ${req.method}`);
        }
        await c.query('COMMIT');
        const range = `${rows.length ? `0-${rows.length - 1}` : '*'}/${wantCount ? rows.length : '*'}`;
        if (req.method === 'GET') return this.send(res, 200, rows, { 'content-range': range });
        if (req.method === 'HEAD') return this.send(res, 200, undefined, { 'content-range': range });
        if (wantRows) {
          const pick = (r: unknown) => (select === '*' ? r : Object.fromEntries(select.split(', ').map((q) => q.slice(1, -1)).map((k) => [k, (r as Record<string, unknown>)[k]])));
          return this.send(res, status, rows.map(pick), { 'content-range': range });
        }
        res.writeHead(status === 201 ? 201 : 204, { 'content-range': range });
        res.end();
      } catch (e) {
        await c.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        c.release();
      }
    } catch (e) {
      if (e instanceof BadRequest) return this.send(res, 400, { code: 'PGRST100', message: e.message, details: null, hint: null });
      const pgErr = e as { code?: string; message?: string; detail?: string };
      this.send(res, pgErr.code === '23505' ? 409 : 400, { code: pgErr.code ?? '', message: pgErr.message ?? 'error', details: pgErr.detail ?? null, hint: null });
    }
  }
}
