import type { Finding } from '../validate/finding.js';
import { defineValidator } from '../validate/validator.js';
import type { InputContext } from './input-context.js';

const MIB = 1024 * 1024;

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
    const limit = ctx.maxFileSizeMb * MIB;
    if (ctx.sizeBytes > limit)
      return [
        {
          code: 'INTAKE_TOO_LARGE',
          severity: 'error',
          // Bytes first: a small limit (tests, a tight service) would otherwise read "0.0 MiB, over the limit".
          message: `input is ${ctx.sizeBytes} bytes${ctx.sizeBytes >= MIB ? ` (${(ctx.sizeBytes / MIB).toFixed(1)} MiB)` : ''}, over the limit of ${ctx.maxFileSizeMb} MiB = ${Math.floor(limit)} bytes (MAX_FILE_SIZE_MB); not read`,
        },
      ];
    return [];
  },
});
