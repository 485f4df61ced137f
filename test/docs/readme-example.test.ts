import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { CircuitBreaker, createAuditTrail, createDeadLetterQueue, createMetrics } from 'cadlens';
import { createNodeAnalyzer, createDefaultRecognizers } from 'cadlens/node';
import { createPostgresStores, migrate } from '../../adapters/postgres/index.js';
import { PG_URL, dropSchema, newPool, pgSkipReason, testSchemaName } from '../adapters/helpers/pg.js';

const skip = await pgSkipReason();

/**
 * The README's "One composed example", run as written (real PostgreSQL, real analyzer, default tiers),
 * in a throwaway schema, so the README stays true.
 */
describe.skipIf(skip !== false)(`README composed example${skip ? ` — ${skip}` : ''}`, () => {
  it('analyses a part with shared breaker state, dead letters, audit and metrics in PostgreSQL', async () => {
    const schema = testSchemaName('readme');
    const pool = newPool(2);
    try {
      await migrate({ connectionString: PG_URL, schema });
      const stores = await createPostgresStores({ connectionString: PG_URL, schema });
      const audit = createAuditTrail({ store: stores.audit });
      const deadLetters = createDeadLetterQueue({ store: stores.deadLetters, audit, includeInputBytes: true });
      const breaker = new CircuitBreaker({ name: 'aagnet', store: stores.breakerState, audit });
      const metrics = createMetrics({ store: stores.metrics, dlq: deadLetters, breaker });
      await using analyzer = createNodeAnalyzer({ recognizers: createDefaultRecognizers({ breaker }), audit, deadLetters, metrics });
      try {
        const result = await analyzer.analyzeFile(fileURLToPath(new URL('../../examples/parts/plate-hole-pocket.step', import.meta.url)));
        expect(result.stages.every((s) => s.passed)).toBe(true);
        expect(result.quality.score).toBe(1);
        expect(result.recognition?.tier).toBe(1);
        expect(result.recognition?.features.map((f) => f.type).sort()).toEqual(['rectangular_pocket', 'through_hole']);
        const snapshot = await metrics.snapshot();
        expect(snapshot.performance.requests_last_hour).toBe(1);
        expect(snapshot.circuit_breaker.state).toBe('closed');
        expect((await audit.query({ type: 'processing_complete' })).length).toBe(1);
      } finally {
        await stores.close();
      }
    } finally {
      await dropSchema(pool, schema);
      await pool.end();
    }
  });
});
