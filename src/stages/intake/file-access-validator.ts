import type { Finding } from '../validate/finding.js';
import { defineValidator } from '../validate/validator.js';
import type { InputContext } from './input-context.js';

/**
 * Input: the path exists, is a regular file and is readable. No findings for in-memory input.
 * Codes: `INTAKE_NOT_FOUND`, `INTAKE_NOT_A_FILE`, `INTAKE_NOT_READABLE` (errors).
 */
export const fileAccessValidator = defineValidator<InputContext>({
  id: 'cadlens/input/file-access',
  stage: 'input',
  validate(ctx): Finding[] {
    const f = ctx.file;
    if (!f) return [];
    if (!f.exists) return [{ code: 'INTAKE_NOT_FOUND', severity: 'error', message: `no such file: ${f.path}` }];
    if (!f.isFile)
      return [{ code: 'INTAKE_NOT_A_FILE', severity: 'error', message: `not a regular file (${f.type ?? 'other'}): ${f.path}` }];
    if (!f.readable) return [{ code: 'INTAKE_NOT_READABLE', severity: 'error', message: `file is not readable: ${f.path}` }];
    return [];
  },
});
