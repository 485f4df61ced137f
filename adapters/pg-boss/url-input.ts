import { CadlensError, isCadlensError } from 'cadlens';

/** Limits of a worker fetching a job's input URL. */
export interface UrlInputOptions {
  /** Largest body accepted; larger ones are refused (`INTAKE_TOO_LARGE`, permanent). @defaultValue 256 MiB */
  maxBytes?: number;
  /** The whole fetch, headers and body (`TIMEOUT`, transient). @defaultValue 60 000 */
  timeoutMs?: number;
  /** Extra request headers (credentials of a storage API). @internal */
  headers?: Record<string, string>;
}

const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 60_000;

// Query parameters that carry credentials: presigned S3/GCS/Azure URLs, OAuth tokens, API keys.
const SECRET_PARAM = /token|secret|sig|signature|key|pass|auth|credential|session|code/i;

/**
 * Parses a job's input URL; only http and https are fetched.
 * @throws CadlensError `INTAKE_UNSUPPORTED_INPUT` (permanent); the message never repeats the URL
 */
export function parseInputUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new CadlensError('INTAKE_UNSUPPORTED_INPUT', 'the input URL is not a valid URL', { stage: 'input', kind: 'permanent' });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new CadlensError('INTAKE_UNSUPPORTED_INPUT', `input URLs must be http or https, not ${parsed.protocol.slice(0, 16)}`, { stage: 'input', kind: 'permanent' });
  }
  return parsed;
}

/**
 * What a URL may not leak into names, logs, errors and dead letters: the user-info password (and user),
 * and the values of query parameters that look like credentials.
 */
export function urlSecrets(url: string): string[] {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [url]; // unparsable: treat all of it as secret
  }
  const secrets = [parsed.password, parsed.username, decodeURIComponent(parsed.password), decodeURIComponent(parsed.username)];
  for (const [name, value] of parsed.searchParams) if (SECRET_PARAM.test(name)) secrets.push(value, encodeURIComponent(value));
  return [...new Set(secrets.filter((s) => s.length > 0))];
}

/** A name for a URL that is safe to show: scheme, host and path; no user-info, query or fragment. */
export function safeUrlLabel(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

function networkCode(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  return typeof cause?.code === 'string' ? cause.code : 'error';
}

/**
 * Fetches a job's input over http(s) within a size limit and a timeout. User-info in the URL is sent
 * as basic authentication (fetch refuses URLs that carry it). Errors are typed and never contain the URL:
 * - 404 / 410 → `INTAKE_NOT_FOUND`, other 4xx → `INTAKE_NOT_READABLE` (permanent);
 * - 408, 429, 5xx, connection failures → `NETWORK` (transient);
 * - the timeout → `TIMEOUT` (transient); a body over `maxBytes` → `INTAKE_TOO_LARGE` (permanent).
 */
export async function fetchInputUrl(url: string, options: UrlInputOptions = {}, signal?: AbortSignal): Promise<Uint8Array> {
  const parsed = parseInputUrl(url);
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const headers: Record<string, string> = { ...options.headers };
  if (parsed.username || parsed.password) {
    const user = decodeURIComponent(parsed.username);
    const pass = decodeURIComponent(parsed.password);
    headers.authorization = `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
    parsed.username = '';
    parsed.password = '';
  }
  const timeout = AbortSignal.timeout(timeoutMs);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  const timedOut = () => new CadlensError('TIMEOUT', `fetching the input URL took longer than ${timeoutMs} ms`, { stage: 'input', kind: 'transient' });
  try {
    const res = await fetch(parsed, { headers, signal: combined, redirect: 'follow' });
    if (!res.ok) {
      await res.body?.cancel().catch(() => undefined);
      const transient = res.status === 408 || res.status === 429 || res.status >= 500;
      const code = transient ? 'NETWORK' : res.status === 404 || res.status === 410 ? 'INTAKE_NOT_FOUND' : 'INTAKE_NOT_READABLE';
      throw new CadlensError(code, `the input URL answered HTTP ${res.status}`, { stage: 'input', kind: transient ? 'transient' : 'permanent', details: { status: res.status } });
    }
    const tooLarge = () => new CadlensError('INTAKE_TOO_LARGE', `the input URL's body is larger than ${maxBytes} bytes`, { stage: 'input', kind: 'permanent', details: { maxBytes } });
    const declared = Number(res.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > maxBytes) {
      await res.body?.cancel().catch(() => undefined);
      throw tooLarge();
    }
    // Count while reading: a missing or lying Content-Length must not let a body past the limit.
    const chunks: Uint8Array[] = [];
    let size = 0;
    if (res.body) {
      const reader = res.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.byteLength;
        if (size > maxBytes) {
          await reader.cancel().catch(() => undefined);
          throw tooLarge();
        }
        chunks.push(value);
      }
    }
    const bytes = new Uint8Array(size);
    let offset = 0;
    for (const c of chunks) {
      bytes.set(c, offset);
      offset += c.byteLength;
    }
    return bytes;
  } catch (error) {
    if (isCadlensError(error)) throw error;
    if (timeout.aborted) throw timedOut();
    if (signal?.aborted) throw new CadlensError('ABORTED', 'fetching the input URL was aborted', { stage: 'input', kind: 'transient' });
    // undici's errors can name the host and port, never the credentials; keep only the error code.
    throw new CadlensError('NETWORK', `cannot fetch the input URL (${networkCode(error)})`, { stage: 'input', kind: 'transient' });
  }
}
