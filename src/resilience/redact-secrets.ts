/**
 * Secret redaction for everything cadlens records: dead letters, audit details, error messages.
 * Two layers: explicit secret values (e.g. from `secretValues(config)`) and patterns that catch
 * common credential shapes even when nobody registered them.
 */

/** What replaces a secret. */
export const REDACTED = '[REDACTED]';

/** Options of {@link redactSecrets}. */
export interface RedactOptions {
  /** Exact secret values to remove wherever they appear (values shorter than 6 characters are ignored). */
  secrets?: readonly string[];
}

// JWTs (Supabase anon / service-role keys are JWTs), Supabase secret keys, bearer tokens,
// passwords in connection URLs, and `key=value` pairs whose key looks secret.
const PATTERNS: readonly [RegExp, string][] = [
  [/eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/g, REDACTED],
  [/\bsb_(?:secret|publishable)_[A-Za-z0-9_-]{8,}/g, REDACTED],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, `$1 ${REDACTED}`],
  // The user may be empty: `redis://:password@host` is how a Redis URL carries its password.
  [/\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)[^\s@/]+@/gi, `$1${REDACTED}@`],
  [
    /\b((?:password|passwd|pwd|secret|token|api[_-]?key|service[_-]?role[_-]?key|apikey)\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s,;&]+)/gi,
    `$1${REDACTED}`,
  ],
];

const SECRET_KEY = /pass(word|wd)?$|secret|token|api[_-]?key|service[_-]?role|authorization|^key$|cookie|credential/i;

/** Redact secrets in one string. */
export function redactSecretText(text: string, options: RedactOptions = {}): string {
  let out = text;
  for (const secret of options.secrets ?? []) {
    if (secret && secret.length >= 6) out = out.split(secret).join(REDACTED);
  }
  for (const [re, replacement] of PATTERNS) out = out.replace(re, replacement);
  return out;
}

/**
 * Deep-copy `value` with secrets removed: strings are redacted with {@link redactSecretText}, and
 * object properties whose name looks secret (`password`, `token`, `serviceRoleKey`, …) are replaced
 * by `[REDACTED]` whatever their value. Cycles become `"[Circular]"`; functions are dropped.
 *
 * @example
 * ```ts
 * redactSecrets({ url: 'postgres://u:hunter2@db/x' }) // { url: 'postgres://u:[REDACTED]@db/x' }
 * ```
 */
export function redactSecrets<T>(value: T, options: RedactOptions = {}): T {
  const seen = new WeakSet<object>();
  const walk = (v: unknown, key?: string): unknown => {
    if (key !== undefined && SECRET_KEY.test(key) && v !== null && v !== undefined && typeof v !== 'boolean') {
      return REDACTED;
    }
    if (typeof v === 'string') return redactSecretText(v, options);
    if (typeof v !== 'object' || v === null) return typeof v === 'function' ? undefined : v;
    if (seen.has(v)) return '[Circular]';
    seen.add(v);
    if (Array.isArray(v)) return v.map((x) => walk(x));
    if (v instanceof Date) return v.toISOString();
    if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer) return `[${v.constructor.name} ${v.byteLength} bytes]`;
    if (v instanceof Error) return { name: v.name, message: redactSecretText(v.message, options) };
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const r = walk(x, k);
      if (r !== undefined) out[k] = r;
    }
    return out;
  };
  return walk(value) as T;
}
