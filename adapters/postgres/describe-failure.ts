/**
 * One line that says why a PostgreSQL operation failed (`cadlens migrate`, `cadlens batch`, `cadlens
 * worker`): the error's code and message, the underlying network or server error (errno name such as
 * `ECONNREFUSED`/`ENOTFOUND`, or the SQLSTATE, with its message) and where it tried to connect (host,
 * port, database) — never the user's password or the connection string itself.
 */
export function describePostgresFailure(error: unknown, connectionString: string): string {
  const e = error as { code?: unknown; message?: unknown };
  const code = typeof e?.code === 'string' ? e.code : 'ERROR';
  const message = typeof e?.message === 'string' ? e.message : 'failed';
  const cause = rootCause(error);
  const parts = [`${code}: ${message}`];
  if (cause && cause !== error) {
    const causeCode = typeof cause.code === 'string' ? cause.code : typeof cause.errno === 'number' ? String(cause.errno) : null;
    const causeMessage = typeof cause.message === 'string' && cause.message !== '' ? cause.message : null;
    if (causeCode || causeMessage) parts.push([causeCode, causeMessage].filter(Boolean).join(': '));
  }
  const target = describeTarget(connectionString);
  return redact(`${parts.join(' — ')}${target ? ` (${target})` : ''}`, connectionString);
}

interface ErrorLike {
  code?: unknown;
  errno?: unknown;
  message?: unknown;
  cause?: unknown;
  errors?: unknown;
}

/** The innermost cause (an AggregateError, as `pg` gives for several addresses, answers its first error). */
function rootCause(error: unknown): ErrorLike | null {
  let current = error as ErrorLike | null;
  for (let depth = 0; current && typeof current === 'object' && depth < 8; depth++) {
    const next = current.cause ?? (Array.isArray(current.errors) ? current.errors[0] : undefined);
    if (!next || typeof next !== 'object') break;
    current = next as ErrorLike;
  }
  return current && typeof current === 'object' ? current : null;
}

/** `host 127.0.0.1, port 5432, database test`, from a URL connection string (nothing from its credentials). */
function describeTarget(connectionString: string): string | null {
  let url: URL;
  try {
    url = new URL(connectionString);
  } catch {
    return null;
  }
  const host = url.hostname ? decodeURIComponent(url.hostname) : 'the default host (PGHOST or the local socket)';
  const port = url.port || '5432';
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  return `host ${host}, port ${port}${database ? `, database ${database}` : ''}`;
}

/** Removes the connection string and its password from `text`, however they got there. */
function redact(text: string, connectionString: string): string {
  const secrets = [connectionString];
  try {
    const password = new URL(connectionString).password;
    if (password) secrets.push(password, decodeURIComponent(password));
  } catch {
    // Not a URL: `password=…` key/value form.
    const m = /password\s*=\s*('(?:[^'\\]|\\.)*'|\S+)/i.exec(connectionString);
    if (m) secrets.push(m[1], m[1].replace(/^'|'$/g, ''));
  }
  let out = text;
  for (const s of secrets.filter((x) => x.length > 0).sort((a, b) => b.length - a.length)) out = out.split(s).join('***');
  return out;
}
