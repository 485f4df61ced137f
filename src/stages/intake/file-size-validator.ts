import type { Finding } from '../validate/finding.js';
import { defineValidator } from '../validate/validator.js';
import type { InputContext } from './input-context.js';

/**
 * Input: not empty and at most `maxFileSizeMb` MiB. The size comes from `stat` for files, so an
 * oversized file is rejected before it is read. Codes: `INTAKE_EMPTY`, `INTAKE_TOO_LARGE` (errors).
 */
export const fileSizeValidator = defineValidator<InputContext>({
  id: 'cadlens/input/file-size',
  stage: 'input',
  validate(ctx): Finding[] {
    if (ctx.file && !(ctx.file.exists && ctx.file.isFile)) return [];
    if (ctx.sizeBytes === 0) return [{ code: 'INTAKE_EMPTY', severity: 'error', message: 'input is empty (0 bytes)' }];
    const limit = ctx.maxFileSizeMb * 1024 * 1024;
    if (ctx.sizeBytes > limit)
      return [
        {
          code: 'INTAKE_TOO_LARGE',
          severity: 'error',
          message: `input is ${(ctx.sizeBytes / 1048576).toFixed(1)} MiB, over the limit of ${ctx.maxFileSizeMb} MiB (MAX_FILE_SIZE_MB); not read`,
        },
      ];
    return [];
  },
});
