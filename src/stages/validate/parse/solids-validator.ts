import type { Finding } from '../finding.js';
import { defineValidator } from '../validator.js';
import { describeError, type ParseContext } from './parse-context.js';

/**
 * Parse: the Part was built and has at least one solid or shell.
 * - the builder's error code (`PART_NO_GEOMETRY`, `PART_BAD_ENTITY`, …) when building threw;
 * - `PARSE_NO_SOLID_OR_SHELL` (error): the file has no B-Rep body (curves, points or tessellated
 *   geometry only, or external references).
 */
export const solidsValidator = defineValidator<ParseContext>({
  id: 'cadlens/parse/solids',
  stage: 'parse',
  validate(ctx): Finding[] {
    if (ctx.buildError !== undefined) {
      const d = describeError(ctx.buildError, 'PART_BAD_ENTITY');
      return [{ ...d, severity: 'error', message: `building the B-Rep: ${d.message}` }];
    }
    const part = ctx.part;
    if (!part) return [];
    if (part.brepSource === 'mesh-only') return [];
    if (part.solids.length === 0 && part.shells.length === 0)
      return [
        {
          code: 'PARSE_NO_SOLID_OR_SHELL',
          severity: 'error',
          message: 'no solid or shell in the file (only curves, points, tessellated or externally referenced geometry?)',
        },
      ];
    return [];
  },
});
