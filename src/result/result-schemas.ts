import { zodModule } from '../deferred-packages/zod-module.js';
import { buildResultSchemas, type ResultSchemas } from './analysis-result-schema.js';
import { lazyObject } from './lazy-object.js';

let schemas: ResultSchemas | undefined;

/** @internal The result contract's zod schemas, built on first call (loads zod where it was not provided). */
export function resultSchemas(): ResultSchemas {
  schemas ??= buildResultSchemas(zodModule.get());
  return schemas;
}

// The public schema values stand in for the real ones until first touched (src/result/lazy-object.ts):
// `parse`, `safeParse`, `shape`, `instanceof z.ZodObject`, `z.toJSONSchema` and composition in other zod
// schemas behave as on the schema itself. One difference: `analysisResultSchema.shape.stages.element` is
// the real stage schema, not the `stageResultSchema` value (=== between the two is false).

/** A validation finding: never an exception, always a stable code. */
export const findingSchema: ResultSchemas['findingSchema'] = lazyObject(() => resultSchemas().findingSchema);
/** One of the five validation stages. */
export const stageResultSchema: ResultSchemas['stageResultSchema'] = lazyObject(() => resultSchemas().stageResultSchema);
/** The recognition slot filled by the tiers. */
export const recognitionSchema: ResultSchemas['recognitionSchema'] = lazyObject(() => resultSchemas().recognitionSchema);
/** The versioned, JSON-serializable result of `analyze()`. */
export const analysisResultSchema: ResultSchemas['analysisResultSchema'] = lazyObject(() => resultSchemas().analysisResultSchema);

/** The result contract as JSON Schema (draft 2020-12), for non-TypeScript consumers. */
export function analysisResultJsonSchema(): Record<string, unknown> {
  return zodModule.get().toJSONSchema(resultSchemas().analysisResultSchema) as Record<string, unknown>;
}
