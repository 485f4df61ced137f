import { isCadlensError } from '../errors/index.js';
import { createInputContext, type InputContext } from '../stages/intake/index.js';
import type { StageResult } from '../stages/validate/index.js';

/** What made an input unreadable: a `CadlensError` (or its serialized form from a worker), or anything thrown. @internal */
export interface UnreadableInput {
  code?: string;
  message?: string;
  details?: Record<string, unknown>;
}

/**
 * The failed input stage of an input that could not be read (`readInputBytes` rejected with `error`, e.g.
 * `INTAKE_UNSUPPORTED_INPUT`, `INTAKE_TOO_LARGE` for a stream past the limit, a stream that errored): bad input
 * is a result, never a rejection. Shared by the analyzer and the pool's workers (which get the error from the
 * host thread, where a stream or Blob is read), so both give the same result. @internal
 */
export function unreadableInputStage(error: unknown, name: string, maxFileSizeMb: number): { stage: StageResult; context: InputContext } {
  const e = (typeof error === 'object' && error !== null ? error : {}) as UnreadableInput;
  const code = isCadlensError(error) || (typeof e.code === 'string' && e.code.startsWith('INTAKE_')) ? e.code! : 'INTAKE_NOT_READABLE';
  const size = e.details?.sizeBytes;
  const empty = new Uint8Array(0);
  return {
    context: createInputContext(empty, { name, maxFileSizeMb, sizeBytes: typeof size === 'number' ? size : 0 }),
    stage: {
      name: 'input',
      passed: false,
      findings: [{ code, severity: 'error', message: typeof e.message === 'string' ? e.message : String(error) }],
      durationMs: 0,
    },
  };
}
