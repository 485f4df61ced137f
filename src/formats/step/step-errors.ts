import { CadlensError } from '../../errors/index.js';
import type { IntakeErrorCode, StepErrorCode, StageName } from '../../errors/index.js';

/** Codes the STEP reader can throw or report. */
export type StepReaderErrorCode = StepErrorCode | IntakeErrorCode;

/**
 * Line (1-based), column (1-based, in bytes) of a byte offset, by counting line feeds.
 * Used only on the error path before a line index exists.
 * @internal
 */
export function locateInBytes(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, bytes.length);
  for (let i = 0; i < end; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** @internal */
export interface StepErrorContext {
  offset?: number;
  entityId?: number;
  stage?: StageName;
  details?: Record<string, unknown>;
  locate?: (offset: number) => { line: number; column: number };
  bytes?: Uint8Array;
}

/**
 * Build a reader error with location and entity id; the message ends with "(line L, column C)".
 * @internal
 */
export function createStepError(code: StepReaderErrorCode, message: string, ctx: StepErrorContext = {}): CadlensError {
  let location: { line: number; column: number; offset: number } | undefined;
  if (ctx.offset !== undefined) {
    const lc = ctx.locate ? ctx.locate(ctx.offset) : ctx.bytes ? locateInBytes(ctx.bytes, ctx.offset) : undefined;
    if (lc) location = { line: lc.line, column: lc.column, offset: ctx.offset };
  }
  const where = location ? ` (line ${location.line}, column ${location.column})` : '';
  const who = ctx.entityId !== undefined ? ` in #${ctx.entityId}` : '';
  return new CadlensError(code, `${message}${who}${where}`, {
    kind: 'permanent',
    stage: ctx.stage ?? 'format',
    ...(location ? { location } : {}),
    ...(ctx.entityId !== undefined ? { entityId: ctx.entityId } : {}),
    ...(ctx.details ? { details: ctx.details } : {}),
  });
}
