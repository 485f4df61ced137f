import type { Finding } from '../finding.js';
import { defineValidator } from '../validator.js';
import type { ParseContext } from './parse-context.js';

/**
 * Parse: entities the builder met but does not model (kept as `other` with their type).
 * `PARSE_UNSUPPORTED_ENTITY` (warning), one per entity type with the count and up to 20 ids.
 */
export const unsupportedEntitiesValidator = defineValidator<ParseContext>({
  id: 'cadlens/parse/unsupported-entities',
  stage: 'parse',
  validate(ctx): Finding[] {
    const list = ctx.part?.unsupported ?? [];
    const byType = new Map<string, { ids: number[]; context: string }>();
    for (const u of list) {
      const g = byType.get(u.entityType) ?? { ids: [], context: u.context };
      g.ids.push(u.stepId);
      byType.set(u.entityType, g);
    }
    return [...byType].map(([type, g]) => ({
      code: 'PARSE_UNSUPPORTED_ENTITY',
      severity: 'warning' as const,
      message: `${g.ids.length} ${type} entit${g.ids.length === 1 ? 'y' : 'ies'} not modelled (first met as ${g.context})`,
      entityIds: g.ids.slice(0, 20),
    }));
  },
});
