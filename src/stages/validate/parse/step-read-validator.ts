import type { Finding } from '../finding.js';
import { defineValidator } from '../validator.js';
import { describeError, type ParseContext } from './parse-context.js';

/**
 * Parse: the STEP reader read the file. When it threw, one error finding with the reader's code
 * (`STEP_UNEXPECTED_EOF`, `STEP_UNTERMINATED_STRING`, `STEP_LIMIT_DEPTH`, …), line, column and entity id.
 */
export const stepReadValidator = defineValidator<ParseContext>({
  id: 'cadlens/parse/step-read',
  stage: 'parse',
  validate(ctx): Finding[] {
    if (ctx.readError === undefined) return [];
    const d = describeError(ctx.readError, 'STEP_READ_FAILED');
    return [{ ...d, severity: 'error', message: `STEP reader: ${d.message}` }];
  },
});
