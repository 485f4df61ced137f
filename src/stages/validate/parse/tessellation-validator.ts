import type { Finding } from '../finding.js';
import { defineValidator } from '../validator.js';
import { describeError, type ParseContext } from './parse-context.js';

/**
 * Parse: the OpenCascade tessellation succeeded and produced triangles.
 * - the tessellator's code (`OCCT_IMPORT_FAILED`, `OCCT_NO_MESH`, `OCCT_TRAP`, `OCCT_TIMEOUT`, …) when it failed;
 * - `PARSE_NO_TRIANGLES` (error): a Part with faces but an empty mesh;
 * - `PARSE_MESH_NOT_BUILT` (info): the analysis did not tessellate (`mesh: 'never'`, or `'auto'` with nothing
 *   that needs the mesh); with the reason. An error instead when nothing else can read the input (IGES or
 *   BREP under `mesh: 'never'`);
 * - `PARSE_MESH_BUILT` (info): `mesh: 'auto'` tessellated, and why (the caller needs the mesh, IGES/BREP
 *   input, entities the STEP reader does not understand);
 * - `PARSE_BREP_FALLBACK` (warning): the STEP reader built no usable B-Rep (no face, or none with a surface
 *   and a boundary it reads), so the part is OpenCascade's tessellation (mesh-derived faces: no exact
 *   surfaces, edges or B-Rep tiers); with the reason. `PARSE_BREP_FALLBACK_FAILED` (info) when that
 *   tessellation failed too: the reader's own findings then stand as they would without the fallback;
 *   `PARSE_BREP_FALLBACK_SKIPPED` (info) when OpenCascade was not asked because the file holds nothing it could
 *   mesh (not a single coordinate): the reader's findings stand likewise;
 * - `PARSE_TESSELLATION_FAILED` (warning): OpenCascade's tessellation failed (its code and message) on a STEP file
 *   the reader built soundly, with nothing asking for the mesh: the exact B-Rep was analysed instead, as under
 *   `mesh: 'never'` (the mesh-only geometry checks did not run). `OCCT_UNAVAILABLE` is never worked round this way;
 * - `PARSE_LONG_TOKENS_SHORTENED` (info): tokens OpenCascade's lexer cannot read (over 16,382 bytes:
 *   long names, comments, blank runs) were shortened in its copy of the file; cadlens kept the originals.
 */
export const tessellationValidator = defineValidator<ParseContext>({
  id: 'cadlens/parse/tessellation',
  stage: 'parse',
  validate(ctx): Finding[] {
    const out: Finding[] = [];
    const decision = ctx.mesh;
    if (ctx.meshFailure !== undefined) {
      const d = describeError(ctx.meshFailure, 'OCCT_IMPORT_FAILED');
      return [
        {
          code: 'PARSE_TESSELLATION_FAILED',
          severity: 'warning',
          message: `OpenCascade's tessellation failed (${d.code}: ${d.message}): the exact B-Rep was analysed instead; the mesh-only geometry checks did not run`,
        },
      ];
    }
    if (decision && !decision.tessellate) {
      const readable = ctx.part !== null && ctx.part !== undefined;
      return [
        {
          code: 'PARSE_MESH_NOT_BUILT',
          severity: readable ? 'info' : 'error',
          message: readable
            ? `not tessellated (${decision.reason}): the B-Rep alone was analysed; the mesh-only geometry checks did not run`
            : `not tessellated (${decision.reason}): nothing could be analysed`,
        },
      ];
    }
    const fallback = ctx.brepFallback;
    if (fallback?.skipped !== undefined) {
      out.push({ code: 'PARSE_BREP_FALLBACK_SKIPPED', severity: 'info', message: `the STEP reader could not build the B-Rep (${fallback.reason}), and OpenCascade was not asked: ${fallback.skipped}` });
    } else if (fallback?.failure !== undefined) {
      const d = describeError(fallback.failure, 'OCCT_IMPORT_FAILED');
      out.push({ code: 'PARSE_BREP_FALLBACK_FAILED', severity: 'info', message: `the STEP reader could not build the B-Rep (${fallback.reason}), and OpenCascade's tessellation failed too: ${d.code}: ${d.message}` });
    } else if (fallback) {
      out.push({
        code: 'PARSE_BREP_FALLBACK',
        severity: 'warning',
        message: `the STEP reader could not build the B-Rep (${fallback.reason}): analysed OpenCascade's tessellation instead (faces without exact surfaces or edges)`,
      });
    }
    const rewrites = ctx.occtRewrites ?? [];
    if (decision?.mode === 'auto' && decision.tessellate)
      out.push({ code: 'PARSE_MESH_BUILT', severity: 'info', message: `tessellated with OpenCascade: ${decision.reason}` });
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
