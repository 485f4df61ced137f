import type { Finding } from '../finding.js';
import { defineValidator } from '../validator.js';
import { describeError, type ParseContext } from './parse-context.js';

/**
 * Parse: the OpenCascade tessellation succeeded and produced triangles.
 * - the tessellator's code (`OCCT_IMPORT_FAILED`, `OCCT_NO_MESH`, `OCCT_TRAP`, `OCCT_TIMEOUT`, …) when it failed;
 * - `PARSE_NO_TRIANGLES` (error): a Part with faces but an empty mesh;
 * - `PARSE_LONG_TOKENS_SHORTENED` (info): tokens OpenCascade's lexer cannot read (over 16,382 bytes:
 *   long names, comments, blank runs) were shortened in its copy of the file; cadlens kept the originals.
 */
export const tessellationValidator = defineValidator<ParseContext>({
  id: 'cadlens/parse/tessellation',
  stage: 'parse',
  validate(ctx): Finding[] {
    const out: Finding[] = [];
    const rewrites = ctx.occtRewrites ?? [];
    if (rewrites.length > 0) {
      const kinds = [...new Set(rewrites.map((r) => r.kind))].join(', ');
      const longest = Math.max(...rewrites.map((r) => r.bytes));
      out.push({
        code: 'PARSE_LONG_TOKENS_SHORTENED',
        severity: 'info',
        message: `${rewrites.length} token(s) longer than OpenCascade's lexer reads (${kinds}; longest ${longest} bytes) shortened in the copy it tessellated`,
      });
    }
    if (ctx.tessellationError !== undefined) {
      const d = describeError(ctx.tessellationError, 'OCCT_IMPORT_FAILED');
      return [{ ...d, severity: 'error', message: `tessellation: ${d.message}` }, ...out];
    }
    const part = ctx.part;
    if (part && part.faces.length > 0 && part.mesh.indices.length === 0)
      out.unshift({ code: 'PARSE_NO_TRIANGLES', severity: 'error', message: `${part.faces.length} face(s) but no triangles` });
    return out;
  },
});
