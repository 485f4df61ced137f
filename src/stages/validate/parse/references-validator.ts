import { entitiesReachableFrom, validateStepReferences, type StepReferenceFinding } from '../../../formats/step/index.js';
import type { Part } from '../../../model/index.js';
import type { Finding } from '../finding.js';
import { defineValidator } from '../validator.js';
import type { ParseContext } from './parse-context.js';

/** Findings listed one by one per code; the rest are summarised. */
const PER_CODE = 20;

/**
 * Parse: every entity reference resolves, there are no reference cycles, and every entity decodes
 * (the reader's reference check). Errors with the reader's codes: `STEP_DANGLING_REFERENCE`,
 * `STEP_REFERENCE_CYCLE`, `STEP_BAD_PARAMETER`, … — up to 20 per code, each with its entity id and
 * line/column, then one summary finding with the total. Dangling references to ids beyond 2^53
 * (SolidWorks' "null" `#18446744073709551615`) are one warning `PARSE_NULL_REFERENCE`.
 *
 * A reference cycle that no solid of the built Part can reach is a warning `PARSE_DETACHED_REFERENCE_CYCLE`: it
 * lies in data the geometry never reads (Open CASCADE's 2008 exporter wrote its density property as a
 * `REPRESENTATION` whose items list itself), and the Part builder guards every walk it does make against cycles
 * (representations, mapped items, assemblies, units, topology), so it cannot have spoiled the Part.
 */
export const referencesValidator = defineValidator<ParseContext>({
  id: 'cadlens/parse/references',
  stage: 'parse',
  async validate(ctx, { signal }): Promise<Finding[]> {
    if (!ctx.step) return [];
    const report = ctx.references ?? (await validateStepReferences(ctx.step, signal ? { signal } : {}));
    const out: Finding[] = [];
    const perCode = new Map<string, number>();
    let nullRefs = 0;
    const detached = detachedCycles(ctx.step, ctx.part, report.findings);
    for (const f of report.findings) {
      if (f.outOfRange) {
        nullRefs++;
        continue;
      }
      if (detached.has(f)) {
        out.push({
          code: 'PARSE_DETACHED_REFERENCE_CYCLE',
          severity: 'warning',
          message: `${f.message}; no solid's geometry reaches it, so it was ignored`,
          entityIds: [f.entityId, ...f.ids.filter((id) => id !== f.entityId).slice(0, 8)],
          ...(f.location ? { location: { line: f.location.line, column: f.location.column } } : {}),
        });
        continue;
      }
      const n = (perCode.get(f.code) ?? 0) + 1;
      perCode.set(f.code, n);
      if (n > PER_CODE) continue;
      out.push({
        code: f.code,
        severity: 'error',
        message: f.message,
        entityIds: [f.entityId, ...f.ids.filter((id) => id !== f.entityId).slice(0, 8)],
        ...(f.location ? { location: { line: f.location.line, column: f.location.column } } : {}),
      });
    }
    for (const [code, n] of perCode)
      if (n > PER_CODE)
        out.push({ code, severity: 'error', message: `${n} findings of ${code} in all (${n - PER_CODE} more not listed)` });
    if (nullRefs > 0)
      out.push({
        code: 'PARSE_NULL_REFERENCE',
        severity: 'warning',
        message: `${nullRefs} reference(s) to ids beyond 2^53 (an exporter's "null" reference), treated as unset`,
      });
    if (!report.complete)
      out.push({ code: 'PARSE_REFERENCE_CHECK_INCOMPLETE', severity: 'warning', message: 'reference check stopped early (finding or work limit)' });
    return out;
  },
});

/** The cycle findings none of whose entities the built Part's solids reach (empty when nothing was built). */
function detachedCycles(step: NonNullable<ParseContext['step']>, part: Part | null | undefined, findings: readonly StepReferenceFinding[]): Set<StepReferenceFinding> {
  const cycles = findings.filter((f) => f.code === 'STEP_REFERENCE_CYCLE');
  const out = new Set<StepReferenceFinding>();
  const roots = (part?.solids ?? []).map((s) => s.stepId).filter((id): id is number => typeof id === 'number' && id >= 0);
  if (cycles.length === 0 || roots.length === 0) return out;
  const reached = entitiesReachableFrom(step, roots);
  for (const f of cycles) if (!f.ids.some((id) => reached.has(id)) && !reached.has(f.entityId)) out.add(f);
  return out;
}
