import type { Finding } from '../finding.js';
import { defineValidator } from '../validator.js';
import type { FormatContext } from './format-context.js';
import { locateInBytes } from '../../../formats/step/step-errors.js';

const REQUIRED = ['FILE_DESCRIPTION', 'FILE_NAME', 'FILE_SCHEMA'] as const;

/**
 * Format: the HEADER holds `FILE_DESCRIPTION`, `FILE_NAME` and `FILE_SCHEMA`, in that order.
 * Error: `FORMAT_HEADER_ENTITY_MISSING` (one per missing record). Warning: `FORMAT_HEADER_ORDER`.
 * Runs only when a HEADER section exists (its absence is `FORMAT_HEADER_MISSING`).
 */
export const headerEntitiesValidator = defineValidator<FormatContext>({
  id: 'cadlens/format/header-entities',
  stage: 'format',
  validate(ctx): Finding[] {
    const scan = ctx.scan;
    if (!scan) return [];
    const headerAt = scan.statements.find((s) => s.keyword === 'HEADER');
    if (!headerAt && !ctx.header) return [];
    const types = ctx.header ? ctx.header.records.map((r) => r.type) : scan.headerRecords.map((r) => r.keyword);
    const out: Finding[] = [];
    for (const name of REQUIRED) {
      if (!types.includes(name))
        out.push({
          code: 'FORMAT_HEADER_ENTITY_MISSING',
          severity: 'error',
          message: `HEADER has no ${name}`,
          ...(headerAt ? { location: locateInBytes(ctx.bytes, headerAt.offset) } : {}),
        });
    }
    const positions = REQUIRED.map((r) => types.indexOf(r)).filter((p) => p >= 0);
    if (positions.some((p, i) => i > 0 && p < positions[i - 1]))
      out.push({
        code: 'FORMAT_HEADER_ORDER',
        severity: 'warning',
        message: 'HEADER records must come in the order FILE_DESCRIPTION, FILE_NAME, FILE_SCHEMA',
      });
    return out;
  },
});
