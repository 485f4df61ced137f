import type { Finding } from '../finding.js';
import { defineValidator } from '../validator.js';
import { describeError, type ParseContext } from './parse-context.js';

/**
 * Parse: the Part was built and has at least one solid or shell.
 * - the builder's error code (`PART_NO_GEOMETRY`, `PART_BAD_ENTITY`, …) when building threw;
 * - `PARSE_NO_SOLID_OR_SHELL` (error): the file has no B-Rep body (curves, points or tessellated
 *   geometry only, or external references). Where the file names other files (`DOCUMENT_FILE`: an assembly whose
 *   parts were written to files of their own, as CAD systems export large assemblies), the message names them, so
 *   the caller knows which files to analyse instead.
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
    if (part.solids.length === 0 && part.shells.length === 0) {
      const external = externalFiles(ctx.step);
      if (external.length > 0) {
        const names = external.map((f) => f.name);
        const shown = names.slice(0, 8).join(', ') + (names.length > 8 ? `, … (${names.length} in all)` : '');
        return [
          {
            code: 'PARSE_NO_SOLID_OR_SHELL',
            severity: 'error',
            message: `no solid or shell in the file: it references ${names.length} other file(s) for its geometry (${shown}); analyse those files`,
            entityIds: external.slice(0, 8).map((f) => f.id),
          },
        ];
      }
      return [
        {
          code: 'PARSE_NO_SOLID_OR_SHELL',
          severity: 'error',
          message: 'no solid or shell in the file (only curves, points, tessellated or externally referenced geometry?)',
        },
      ];
    }
    return [];
  },
});

/** The files a STEP file refers to by name (`DOCUMENT_FILE` ids, else names), distinct, in file order. */
function externalFiles(step: ParseContext['step']): { id: number; name: string }[] {
  if (!step) return [];
  const out: { id: number; name: string }[] = [];
  const seen = new Set<string>();
  for (const id of step.idsOfType('DOCUMENT_FILE')) {
    let e;
    try {
      e = step.get(id);
    } catch {
      continue;
    }
    const args = e?.parts ? e.parts.find((p) => p.type === 'DOCUMENT_FILE')?.args : e?.args;
    const name = [args?.[0], args?.[1]].find((v): v is string => typeof v === 'string' && v.trim() !== '');
    if (!name || seen.has(name)) continue;
    seen.add(name);
    out.push({ id, name: name.length > 200 ? `${name.slice(0, 200)}…` : name });
  }
  return out;
}
