import type { Finding } from '../finding.js';
import { defineValidator } from '../validator.js';
import type { ParseContext } from './parse-context.js';
import type { PartFace } from '../../../model/index.js';

/** Whether OpenCascade's tessellation gave the face no triangles, or none the mapping could trust. */
export function isFaceUnmapped(f: Readonly<PartFace>): boolean {
  return !f.triangles || f.triangles.count === 0 || f.mapping.status === 'unmapped';
}

/** Per-face findings listed one by one; the rest are summarised. */
const MAX_LISTED = 100;

/**
 * Parse: every B-Rep face has triangles and a trustworthy mapping to the tessellation.
 * - `PARSE_FACE_UNMAPPED` (error, one per face with its STEP id): no triangles, or mapping `unmapped`
 *   (OpenCascade dropped, split or merged the face) — up to 100, then a summary;
 * - `PARSE_FACES_MAPPED_GEOMETRICALLY` (info): faces matched by geometry because the order disagreed.
 * Skipped while the tessellation failed (that is its own finding).
 */
export const faceMappingValidator = defineValidator<ParseContext>({
  id: 'cadlens/parse/face-mapping',
  stage: 'parse',
  validate(ctx): Finding[] {
    const part = ctx.part;
    if (!part || ctx.tessellationError !== undefined || part.brepSource !== 'step' || part.mesh.indices.length === 0) return [];
    const out: Finding[] = [];
    let unmapped = 0;
    let geometric = 0;
    for (const f of part.faces) {
      const noTriangles = !f.triangles || f.triangles.count === 0;
      if (isFaceUnmapped(f)) {
        unmapped++;
        if (unmapped <= MAX_LISTED)
          out.push({
            code: 'PARSE_FACE_UNMAPPED',
            severity: 'error',
            message: `face ${f.stepId !== null ? `#${f.stepId}` : f.index}${f.name ? ` '${f.name}'` : ''} ${noTriangles ? 'has no triangles' : 'could not be matched to the tessellation'}`,
            ...(f.stepId !== null ? { entityIds: [f.stepId] } : {}),
            location: { faceIndex: f.index },
          });
      } else if (f.mapping.status === 'geometric') geometric++;
    }
    if (unmapped > MAX_LISTED)
      out.push({ code: 'PARSE_FACE_UNMAPPED', severity: 'error', message: `${unmapped} unmapped faces in all (${unmapped - MAX_LISTED} more not listed)` });
    if (geometric > 0)
      out.push({
        code: 'PARSE_FACES_MAPPED_GEOMETRICALLY',
        severity: 'info',
        message: `${geometric} face(s) matched to the tessellation by geometry (OpenCascade's order differed)`,
      });
    return out;
  },
});
