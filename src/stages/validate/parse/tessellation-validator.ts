import type { Finding } from '../finding.js';
import { defineValidator } from '../validator.js';
import { describeError, type ParseContext } from './parse-context.js';

/**
 * Parse: the OpenCascade tessellation succeeded and produced triangles.
 * - the tessellator's code (`OCCT_IMPORT_FAILED`, `OCCT_NO_MESH`, `OCCT_TRAP`, `OCCT_TIMEOUT`, …) when it failed;
 * - `PARSE_NO_TRIANGLES` (error): a Part with faces but an empty mesh.
 */
export const tessellationValidator = defineValidator<ParseContext>({
  id: 'cadlens/parse/tessellation',
  stage: 'parse',
  validate(ctx): Finding[] {
    if (ctx.tessellationError !== undefined) {
      const d = describeError(ctx.tessellationError, 'OCCT_IMPORT_FAILED');
      return [{ ...d, severity: 'error', message: `tessellation: ${d.message}` }];
    }
    const part = ctx.part;
    if (part && part.faces.length > 0 && part.mesh.indices.length === 0)
      return [{ code: 'PARSE_NO_TRIANGLES', severity: 'error', message: `${part.faces.length} face(s) but no triangles` }];
    return [];
  },
});
