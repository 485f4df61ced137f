import { isCadlensError, CadlensError, type CadlensErrorCode, type ErrorKind, type StageName } from '../errors/index.js';
import { redactSecretText, type RedactOptions } from './redact-secrets.js';

/** What a {@link ClassificationRule} decides: a kind, optionally with the code to report. */
export interface Classification {
  kind: ErrorKind;
  code?: CadlensErrorCode;
}

/**
 * A user rule. Rules run in order before the built-in ones; the first that returns a result wins.
 * @example
 * ```ts
 * const rules = [{ id: 'gpu-busy', classify: (e) => String(e).includes('CUDA busy') ? { kind: 'transient' } : undefined }];
 * classifyError(err, rules);
 * ```
 */
export interface ClassificationRule {
  readonly id: string;
  classify(value: unknown): Classification | ErrorKind | undefined;
}

const TRANSIENT_NODE_CODES: Record<string, CadlensErrorCode> = {
  ETIMEDOUT: 'TIMEOUT',
  ESOCKETTIMEDOUT: 'TIMEOUT',
  UND_ERR_CONNECT_TIMEOUT: 'TIMEOUT',
  UND_ERR_HEADERS_TIMEOUT: 'TIMEOUT',
  UND_ERR_BODY_TIMEOUT: 'TIMEOUT',
  ECONNRESET: 'NETWORK',
  ECONNREFUSED: 'NETWORK',
  ECONNABORTED: 'NETWORK',
  EPIPE: 'NETWORK',
  ENOTFOUND: 'NETWORK',
  EAI_AGAIN: 'NETWORK',
  ENETUNREACH: 'NETWORK',
  ENETDOWN: 'NETWORK',
  EHOSTUNREACH: 'NETWORK',
  UND_ERR_SOCKET: 'NETWORK',
  ENOMEM: 'RESOURCE_EXHAUSTED',
  EMFILE: 'RESOURCE_EXHAUSTED',
  ENFILE: 'RESOURCE_EXHAUSTED',
  EAGAIN: 'RESOURCE_EXHAUSTED',
  EBUSY: 'RESOURCE_EXHAUSTED',
  ERR_WORKER_OUT_OF_MEMORY: 'RESOURCE_EXHAUSTED',
  ERR_WORKER_INIT_FAILED: 'WORKER_CRASHED',
};

const PERMANENT_NODE_CODES = new Set(['ENOENT', 'EACCES', 'EPERM', 'EISDIR', 'ENOTDIR', 'EINVAL', 'ERR_INVALID_ARG_TYPE']);

/** PostgreSQL SQLSTATEs worth retrying: serialization failure, deadlock, too many connections, shutdown. */
const TRANSIENT_SQLSTATE = new Set(['40001', '40P01', '53300', '57P01', '57P02', '57P03', '55P03']);

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function builtIn(value: unknown): Classification {
  if (isCadlensError(value)) return { kind: value.kind, code: value.code };
  if (typeof value !== 'object' || value === null) return { kind: 'systemic', code: 'UNKNOWN' };
  const e = value as { name?: unknown; code?: unknown; message?: unknown };
  const name = str(e.name);
  const code = str(e.code);
  const message = str(e.message);
  if (name === 'AbortError') return { kind: 'permanent', code: 'ABORTED' };
  if (name === 'TimeoutError') return { kind: 'transient', code: 'TIMEOUT' };
  if (code in TRANSIENT_NODE_CODES) return { kind: 'transient', code: TRANSIENT_NODE_CODES[code] };
  if (PERMANENT_NODE_CODES.has(code)) return { kind: 'permanent', code: 'USAGE' };
  if (/^[0-9A-Z]{5}$/.test(code)) {
    if (TRANSIENT_SQLSTATE.has(code) || code.startsWith('08')) return { kind: 'transient', code: 'NETWORK' };
    return { kind: 'systemic', code: 'STORE_UNAVAILABLE' };
  }
  if (/timed?[ -]?out|timeout/i.test(message)) return { kind: 'transient', code: 'TIMEOUT' };
  if (/out of memory|allocation failed|heap limit|resource temporarily unavailable/i.test(message))
    return { kind: 'transient', code: 'RESOURCE_EXHAUSTED' };
  if (/worker.*(crash|exit|terminat)|terminated unexpectedly/i.test(message))
    return { kind: 'transient', code: 'WORKER_CRASHED' };
  if (name === 'TypeError' && /fetch failed|network|load failed/i.test(message))
    return { kind: 'transient', code: 'NETWORK' };
  if (/socket hang up|network error|connection (reset|refused|terminated)/i.test(message))
    return { kind: 'transient', code: 'NETWORK' };
  return { kind: 'systemic', code: 'INTERNAL' };
}

/**
 * Classify any thrown value, returning kind and code. User `rules` run first.
 *
 * Built-in rules: a `CadlensError` keeps its own kind; timeouts, network errors (`ECONNRESET`,
 * `fetch failed`, …), temporary resource exhaustion (`ENOMEM`, `EMFILE`, out of memory) and worker
 * crashes are `transient`; `AbortError` and bad-argument / missing-file errors are `permanent`;
 * anything unrecognised is `systemic` (an unexpected failure an operator should look at, and not
 * retried).
 */
export function classify(value: unknown, rules: readonly ClassificationRule[] = []): Required<Classification> {
  for (const rule of rules) {
    const r = rule.classify(value);
    if (r === undefined) continue;
    const c = typeof r === 'string' ? { kind: r } : r;
    return { kind: c.kind, code: c.code ?? (isCadlensError(value) ? value.code : builtIn(value).code ?? 'UNKNOWN') };
  }
  const c = builtIn(value);
  return { kind: c.kind, code: c.code ?? 'UNKNOWN' };
}

/**
 * Map any thrown value to an {@link ErrorKind}: `transient` (retry), `permanent` (do not retry) or
 * `systemic` (alert). See {@link classify} for the rules.
 * @example
 * ```ts
 * if (classifyError(err) === 'transient') await retry();
 * ```
 */
export function classifyError(value: unknown, rules?: readonly ClassificationRule[]): ErrorKind {
  return classify(value, rules).kind;
}

/**
 * `value` as a `CadlensError`: returned unchanged when it already is one, otherwise wrapped with
 * the classified kind and code, the original as `cause`, and a redacted message.
 */
export function toCadlensError(
  value: unknown,
  options: { stage?: StageName; rules?: readonly ClassificationRule[] } & RedactOptions = {},
): CadlensError {
  if (isCadlensError(value) && options.rules === undefined) return value;
  const c = classify(value, options.rules);
  const message =
    value instanceof Error ? value.message : typeof value === 'string' ? value : 'Unknown error';
  return new CadlensError(c.code, redactSecretText(message, options), {
    kind: c.kind,
    stage: options.stage ?? (isCadlensError(value) ? value.stage : undefined),
    cause: value,
    details: isCadlensError(value) ? value.details : {},
  });
}
