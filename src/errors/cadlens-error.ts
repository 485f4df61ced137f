import type { CadlensErrorCode } from './error-codes.js';

/**
 * How an error should be handled:
 * - `transient`: may succeed if retried (timeouts, worker crashes, network blips).
 * - `permanent`: the input is wrong; retrying cannot help.
 * - `systemic`: something in the installation is broken (model, store, breaker); alert an operator.
 */
export type ErrorKind = 'transient' | 'permanent' | 'systemic';

/** The pipeline stage an error was raised in. */
export type StageName =
  | 'input'
  | 'format'
  | 'parse'
  | 'geometry'
  | 'quality'
  | 'heal'
  | 'recognize'
  | 'storage'
  | 'resilience'
  | 'config'
  | 'cli';

/** Where in a text input an error was found (1-based line and column, 0-based byte offset). */
export interface SourceLocation {
  line: number;
  column: number;
  offset: number;
}

/** Constructor options of {@link CadlensError}. */
export interface CadlensErrorOptions {
  kind?: ErrorKind;
  stage?: StageName;
  cause?: unknown;
  /** Log-safe structured details. Never put secrets or file contents here. */
  details?: Record<string, unknown>;
  location?: SourceLocation;
  /** STEP entity id (`#17` → 17) the error concerns. */
  entityId?: number;
}

const BRAND = Symbol.for('cadlens.error');

/** Default kind for each code family, used when a raiser does not say. */
function defaultKind(code: CadlensErrorCode): ErrorKind {
  if (
    code === 'OCCT_TIMEOUT' ||
    code === 'OCCT_WORKER_CRASHED' ||
    code === 'OCCT_OUT_OF_MEMORY' ||
    code === 'TIMEOUT' ||
    code === 'NETWORK' ||
    code === 'RESOURCE_EXHAUSTED' ||
    code === 'WORKER_CRASHED' ||
    code === 'OVERLOADED' ||
    code === 'RECOGNIZER_TIMEOUT'
  )
    return 'transient';
  if (
    code === 'BREAKER_OPEN' ||
    code === 'BREAKER_ISOLATED' ||
    code === 'OCCT_UNAVAILABLE' ||
    code === 'MODEL_UNAVAILABLE' ||
    code === 'MODEL_LOAD_FAILED' ||
    code === 'MODEL_CORRUPT' ||
    code === 'STORE_UNAVAILABLE' ||
    code === 'STORE_CORRUPT' ||
    code === 'CONFIG_INVALID' ||
    code === 'INTERNAL' ||
    // A thrown non-Error says nothing about the input (most likely a plug-in's bug), as classify() says too.
    code === 'UNKNOWN'
  )
    return 'systemic';
  return 'permanent';
}

/**
 * The one error type cadlens throws. Carries a stable {@link CadlensErrorCode}, a handling
 * {@link ErrorKind}, the stage, and log-safe details.
 *
 * @example
 * ```ts
 * try { await analyze(bytes); } catch (e) { if (isCadlensError(e) && e.kind === 'transient') retry(); }
 * ```
 */
export class CadlensError extends Error {
  /** @internal brand checked by {@link isCadlensError}; survives duplicate installs. */
  readonly [BRAND] = true;
  readonly code: CadlensErrorCode;
  readonly kind: ErrorKind;
  readonly stage: StageName | undefined;
  readonly details: Record<string, unknown>;
  readonly location: SourceLocation | undefined;
  readonly entityId: number | undefined;

  constructor(code: CadlensErrorCode, message: string, options: CadlensErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CadlensError';
    this.code = code;
    this.kind = options.kind ?? defaultKind(code);
    this.stage = options.stage;
    this.details = options.details ?? {};
    this.location = options.location;
    this.entityId = options.entityId;
  }

  /** A plain, log-safe object (no stack, no cause chain). */
  toJSON(): {
    name: string;
    code: CadlensErrorCode;
    kind: ErrorKind;
    message: string;
    stage?: StageName;
    location?: SourceLocation;
    entityId?: number;
    details: Record<string, unknown>;
  } {
    return {
      name: this.name,
      code: this.code,
      kind: this.kind,
      message: this.message,
      ...(this.stage ? { stage: this.stage } : {}),
      ...(this.location ? { location: this.location } : {}),
      ...(this.entityId !== undefined ? { entityId: this.entityId } : {}),
      details: this.details,
    };
  }
}

/**
 * True when `value` is a {@link CadlensError}, also one created by another copy of cadlens
 * loaded in the same process (checks a global-symbol brand, not `instanceof`).
 */
export function isCadlensError(value: unknown): value is CadlensError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}
