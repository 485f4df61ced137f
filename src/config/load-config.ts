import type { z as Zod } from 'zod';
import { CadlensError } from '../errors/index.js';
import { zodModule } from '../deferred-packages/zod-module.js';
import { redactSecretText } from '../resilience/redact-secrets.js';

/** Which storage adapter to use. */
export type StoreKind = 'memory' | 'file' | 'postgres' | 'supabase';

/**
 * Validated configuration. The secret fields (`supabaseServiceRoleKey`, `databaseUrl`) are
 * non-enumerable: `JSON.stringify(config)`, spreading and `console.log` do not show them.
 */
export interface CadlensConfig {
  supabaseUrl?: string;
  /** Secret. Non-enumerable. */
  readonly supabaseServiceRoleKey?: string;
  /** Secret (may contain a password). Non-enumerable. */
  readonly databaseUrl?: string;
  /** Record stacks in dead letters and be verbose in diagnostics. @defaultValue false */
  debug: boolean;
  /** @defaultValue 100 */
  maxFileSizeMb: number;
  /** Breaker open → half-open timeout. @defaultValue 60 */
  circuitBreakerTimeoutS: number;
  /** Consecutive failures that open the breaker. @defaultValue 5 */
  circuitBreakerThreshold: number;
  /** @defaultValue `'memory'` */
  store: StoreKind;
  /** Directory of the file store. @defaultValue `'.cadlens'` when `store` is `file` */
  storeDir?: string;
}

/** Programmatic overrides; they win over the environment. */
export type CadlensConfigOverrides = Partial<
  Omit<CadlensConfig, 'supabaseServiceRoleKey' | 'databaseUrl'> & {
    supabaseServiceRoleKey: string;
    databaseUrl: string;
  }
>;

/** The environment variables read by {@link loadConfig}. */
export const CONFIG_ENV_VARS = [
  'SUPABASE_URL',
  'SUPABASE_SERVICE_ROLE_KEY',
  'DEBUG',
  'MAX_FILE_SIZE_MB',
  'CIRCUIT_BREAKER_TIMEOUT_S',
  'CIRCUIT_BREAKER_THRESHOLD',
  'CADLENS_STORE',
  'CADLENS_STORE_DIR',
  'DATABASE_URL',
] as const;

const TRUE = new Set(['1', 'true', 'yes', 'on', '*']);

/**
 * `DEBUG`: `1`/`true`/`yes`/`on`/`*`, or a debug-module namespace list mentioning `cadlens`, turns
 * it on; anything else (including other libraries' namespaces such as `express:*`) is off.
 */
function parseDebug(v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v !== 'string') return false;
  const s = v.trim().toLowerCase();
  return TRUE.has(s) || s.split(/[\s,]+/).some((ns) => ns === 'cadlens' || ns.startsWith('cadlens:'));
}

const blankToUndefined = (v: unknown): unknown => (typeof v === 'string' && v.trim() === '' ? undefined : v);

// Built on the first loadConfig call: zod is loaded on demand (src/deferred-packages/zod-module.ts).
function buildConfigSchema(z: typeof Zod) {
  const numberFrom = (def: number, check: Zod.ZodNumber) =>
    z.preprocess((v) => {
      const b = blankToUndefined(v);
      if (b === undefined) return def;
      if (typeof b === 'string') return Number(b.trim());
      return b;
    }, check);

  const httpUrl = z.string().refine((s) => {
    try {
      const u = new URL(s);
      return u.protocol === 'https:' || u.protocol === 'http:';
    } catch {
      return false;
    }
  }, 'must be an http(s) URL');

  const pgUrl = z.string().refine((s) => /^postgres(ql)?:\/\//i.test(s), 'must be a postgres:// or postgresql:// URL');

  return z
    .object({
      supabaseUrl: z.preprocess(blankToUndefined, httpUrl.optional()),
      supabaseServiceRoleKey: z.preprocess(blankToUndefined, z.string().min(20, 'looks too short to be a key').optional()),
      databaseUrl: z.preprocess(blankToUndefined, pgUrl.optional()),
      debug: z.preprocess(parseDebug, z.boolean()),
      maxFileSizeMb: numberFrom(100, z.number().positive('must be a positive number').max(100_000)),
      circuitBreakerTimeoutS: numberFrom(60, z.number().positive('must be a positive number of seconds')),
      circuitBreakerThreshold: numberFrom(5, z.number().int('must be an integer').min(1, 'must be at least 1')),
      store: z.preprocess(
        (v) => blankToUndefined(v) ?? 'memory',
        z.enum(['memory', 'file', 'postgres', 'supabase'], { message: 'must be one of memory, file, postgres, supabase' }),
      ),
      storeDir: z.preprocess(blankToUndefined, z.string().optional()),
    })
    .superRefine((c, ctx) => {
      if (c.store === 'supabase') {
        if (!c.supabaseUrl) ctx.addIssue({ code: 'custom', path: ['supabaseUrl'], message: 'is required when the store is supabase' });
        if (!c.supabaseServiceRoleKey)
          ctx.addIssue({ code: 'custom', path: ['supabaseServiceRoleKey'], message: 'is required when the store is supabase' });
      }
      if (c.store === 'postgres' && !c.databaseUrl)
        ctx.addIssue({ code: 'custom', path: ['databaseUrl'], message: 'is required when the store is postgres' });
    });
}

let configSchema: ReturnType<typeof buildConfigSchema> | undefined;

const ENV_NAME: Record<string, string> = {
  supabaseUrl: 'SUPABASE_URL',
  supabaseServiceRoleKey: 'SUPABASE_SERVICE_ROLE_KEY',
  databaseUrl: 'DATABASE_URL',
  debug: 'DEBUG',
  maxFileSizeMb: 'MAX_FILE_SIZE_MB',
  circuitBreakerTimeoutS: 'CIRCUIT_BREAKER_TIMEOUT_S',
  circuitBreakerThreshold: 'CIRCUIT_BREAKER_THRESHOLD',
  store: 'CADLENS_STORE',
  storeDir: 'CADLENS_STORE_DIR',
};

/**
 * Read and validate cadlens configuration from an environment map (pass `process.env` in Node;
 * the core never reads it itself) and programmatic overrides, which win.
 *
 * @throws CadlensError `CONFIG_INVALID` (systemic) listing every problem by variable name; values are
 *   never echoed, so secrets cannot leak through the message
 * @example
 * ```ts
 * const config = loadConfig(process.env, { store: 'file', storeDir: '/var/lib/cadlens' });
 * const breaker = new CircuitBreaker({ timeoutMs: config.circuitBreakerTimeoutS * 1000, failureThreshold: config.circuitBreakerThreshold });
 * ```
 */
export function loadConfig(
  env: Readonly<Record<string, string | undefined>> = {},
  overrides: CadlensConfigOverrides = {},
): CadlensConfig {
  const raw: Record<string, unknown> = {};
  for (const [key, name] of Object.entries(ENV_NAME)) raw[key] = env[name];
  for (const [key, value] of Object.entries(overrides)) if (value !== undefined) raw[key] = value;
  configSchema ??= buildConfigSchema(zodModule.get());
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const secrets = [raw.supabaseServiceRoleKey, raw.databaseUrl].filter((s): s is string => typeof s === 'string');
    const problems = parsed.error.issues.map((i) => {
      const key = String(i.path[0] ?? '');
      return { variable: ENV_NAME[key] ?? key, message: redactSecretText(i.message, { secrets }) };
    });
    throw new CadlensError(
      'CONFIG_INVALID',
      `Invalid cadlens configuration: ${problems.map((p) => `${p.variable} ${p.message}`).join('; ')}`,
      { kind: 'systemic', stage: 'config', details: { problems } },
    );
  }
  const { supabaseServiceRoleKey, databaseUrl, ...rest } = parsed.data;
  const config = { ...rest } as CadlensConfig & Record<string, unknown>;
  if (config.supabaseUrl === undefined) delete config.supabaseUrl;
  if (config.storeDir === undefined) {
    delete config.storeDir;
    if (config.store === 'file') config.storeDir = '.cadlens';
  }
  for (const [key, value] of [
    ['supabaseServiceRoleKey', supabaseServiceRoleKey],
    ['databaseUrl', databaseUrl],
  ] as const) {
    if (value !== undefined) Object.defineProperty(config, key, { value, enumerable: false, writable: false });
  }
  return config;
}

/**
 * The secret values of a config (service-role key, database URL and its password), for
 * `redactSecrets({ secrets })`, `createDeadLetterQueue({ secrets })` and `createAuditTrail({ secrets })`.
 */
export function secretValues(config: CadlensConfig): string[] {
  const out: string[] = [];
  if (config.supabaseServiceRoleKey) out.push(config.supabaseServiceRoleKey);
  if (config.databaseUrl) {
    out.push(config.databaseUrl);
    try {
      const pw = decodeURIComponent(new URL(config.databaseUrl).password);
      if (pw) out.push(pw);
    } catch {
      // not parseable: the whole URL is already listed
    }
  }
  return out;
}
