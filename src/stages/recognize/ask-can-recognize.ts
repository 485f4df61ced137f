import { CadlensError } from '../../errors/index.js';
import type { Part } from '../../model/index.js';
import { withTimeout } from '../../resilience/with-timeout.js';
import type { CanRecognize, RecognizeContext, Recognizer } from './recognizer.js';

/** What is wrong with a `canRecognize` answer, or null when it is `{ ok: true }` or a decline with a reason. */
export function canRecognizeProblem(answer: unknown): string | null {
  if (typeof answer !== 'object' || answer === null) return `the answer is ${answer === null ? 'null' : typeof answer}, not { ok }`;
  const { ok, reason } = answer as { ok?: unknown; reason?: unknown };
  if (ok === true) return null;
  if (ok !== false) return `ok is ${String(ok)}, not true or false`;
  // The reason becomes `skipped[].reason` of the result, which the contract requires.
  if (typeof reason !== 'string' || reason === '') return 'a decline without a reason (no_brep, out_of_domain, …)';
  return null;
}

/**
 * Asks `recognizer.canRecognize` under the same per-call deadline as `recognize`, and checks its answer. A decline
 * that never comes (a promise that does not settle) would otherwise hold the analysis past its own signal; an answer
 * out of shape would put a skip without a reason in the result. Both are the recognizer's failure: `TIMEOUT`
 * (skipped as `timeout`) and `RECOGNIZER_FAILED` (permanent), as for `recognize`. A synchronous throw is a rejection.
 */
export async function askCanRecognize(recognizer: Recognizer, part: Readonly<Part>, ctx: RecognizeContext, timeoutMs: number): Promise<CanRecognize> {
  const answer: unknown = await withTimeout(async (signal) => recognizer.canRecognize(part, { ...ctx, signal }), timeoutMs, { signal: ctx.signal });
  const problem = canRecognizeProblem(answer);
  if (problem) {
    throw new CadlensError('RECOGNIZER_FAILED', `recognizer ${recognizer.id} gave a malformed canRecognize answer: ${problem}`, {
      kind: 'permanent',
      stage: 'recognize',
      details: { recognizer: recognizer.id },
    });
  }
  return answer as CanRecognize;
}
