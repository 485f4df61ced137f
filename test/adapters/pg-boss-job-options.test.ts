import { afterAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { createMemoryStores } from '../../adapters/memory/index.js';
import { checkJobAnalysisOptions, createPgBossQueue, type JobAnalysisOptions, type QueueAnalyzer } from '../../adapters/pg-boss/index.js';
import { createNodeAnalyzer } from '../../src/runtime/node/analyze-file.js';
import { createAnalyzerPool } from '../../src/runtime/node/pool/index.js';
import { PG_URL, dropSchema, newPool, pgSkipReason, testSchemaName } from './helpers/pg.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/step/${name}`, import.meta.url));
const skip = await pgSkipReason();

describe('job analysis options are checked before anything is enqueued', () => {
  it('keeps known keys in a fixed order and rejects bad values with CONFIG_INVALID (permanent)', () => {
    expect(checkJobAnalysisOptions(undefined)).toEqual({});
    expect(checkJobAnalysisOptions({ tier: 2, mesh: 'never' })).toEqual({ mesh: 'never', tier: 2 });
    expect(checkJobAnalysisOptions({ recognize: false })).toEqual({ recognize: false });
    for (const bad of [{ mesh: 'sometimes' }, { tier: 5 }, { tier: '2' }, { recognize: 'no' }, { heal: false }, [], 'never']) {
      expect(() => checkJobAnalysisOptions(bad), JSON.stringify(bad)).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID', kind: 'permanent' }));
    }
  });
});

describe.skipIf(skip)(`pg-boss jobs carry their analysis options${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const schema = testSchemaName('pgbossopts');
  const pool = newPool(1);
  const analyzer = createNodeAnalyzer();
  afterAll(async () => {
    await analyzer.dispose();
    await dropSchema(pool, schema);
    await pool.end();
  });

  async function runBatch(queue: Awaited<ReturnType<typeof createPgBossQueue>>, batchId: string, total: number) {
    for (let i = 0; i < 240; i++) {
      const status = await queue.status(batchId);
      if ((status.byState.completed ?? 0) >= total) return;
      await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error(`batch ${batchId} did not end in 120 s`);
  }

  it('each job is analysed with its own options by an analyzer made once per option set, disposed on stop', async () => {
    const queue = await createPgBossQueue({ connectionString: PG_URL, schema, queue: 'cadlens-options', retryLimit: 0 });
    const made: JobAnalysisOptions[] = [];
    let disposed = 0;
    try {
      const { batchId, jobIds } = await queue.submit(
        [
          { input: { path: fixture('plate-hole.step') }, name: 'default.step', analysis: { mesh: 'always' } },
          { input: { path: fixture('plate-hole.step') }, name: 'never-a.step' },
          { input: { path: fixture('plate-hole.step') }, name: 'never-b.step' },
          { input: { path: fixture('plate-hole.step') }, name: 'validate-only.step', analysis: { recognize: false } },
        ],
        { analysis: { mesh: 'never' } },
      );
      const { rows } = await pool.query(`SELECT id, data FROM "${schema}".job WHERE id = ANY($1::uuid[])`, [jobIds]);
      const dataOf = Object.fromEntries(rows.map((r: { id: string; data: { name: string; options?: unknown } }) => [r.data.name, r.data.options]));
      expect(dataOf).toEqual({
        'default.step': { mesh: 'always' },
        'never-a.step': { mesh: 'never' },
        'never-b.step': { mesh: 'never' },
        'validate-only.step': { mesh: 'never', recognize: false },
      });

      const worker = await queue.work({
        analyzer,
        analyzerFor: (options) => {
          made.push(options);
          const own = createNodeAnalyzer(options);
          return { analyze: (bytes, call) => own.analyze(bytes, call), dispose: async () => (disposed++, own.dispose()) };
        },
        deadLetters: { store: createMemoryStores().deadLetters },
      });
      await runBatch(queue, batchId, 4);
      await worker.stop();
      expect(made).toHaveLength(3); // { mesh: always }, { mesh: never } for two jobs, { mesh: never, recognize: false }
      expect(disposed).toBe(3);

      const results = Object.fromEntries((await queue.results(batchId)).map((r) => [r.name, r]));
      const resultOf = (name: string) => {
        const r = results[name]!;
        if (r.outcome !== 'result') throw new Error(`${name}: ${r.outcome}`);
        return r.result;
      };
      const tessellated = (name: string) => resultOf(name).part!.faces.some((f) => f.triangleCount > 0);
      expect(tessellated('default.step')).toBe(true);
      expect(tessellated('never-a.step')).toBe(false); // mesh: never: OpenCascade never ran
      expect(tessellated('never-b.step')).toBe(false);
      expect(resultOf('never-a.step').recognition?.features.length).toBeGreaterThan(0);
      expect(resultOf('validate-only.step').recognition).toBeNull();
    } finally {
      await queue.close();
    }
  }, 180_000);

  it('a worker without analyzerFor does not analyse a job with options with the wrong settings: systemic CONFIG_INVALID, then a dead letter', async () => {
    const queue = await createPgBossQueue({ connectionString: PG_URL, schema, queue: 'cadlens-options-refused', retryLimit: 0 });
    let analysed = 0;
    const counting: QueueAnalyzer = { analyze: (bytes, call) => (analysed++, analyzer.analyze(bytes, call)) };
    try {
      const { batchId } = await queue.submit([{ input: { path: fixture('cube.step') }, name: 'never.step', analysis: { mesh: 'never' } }]);
      const worker = await queue.work({ analyzer: counting, deadLetters: { store: createMemoryStores().deadLetters } });
      await runBatch(queue, batchId, 1);
      await worker.stop();
      const [only] = await queue.results(batchId);
      expect(only).toMatchObject({ outcome: 'dead_letter', code: 'CONFIG_INVALID', kind: 'systemic' });
      expect(analysed).toBe(0);
      // A bad option fails the submit itself: nothing is enqueued.
      await expect(queue.submit([{ input: { path: fixture('cube.step') }, name: 'x.step', analysis: { tier: 7 as never } }])).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
      const { rows } = await pool.query(`SELECT count(*)::int AS n FROM "${schema}".job WHERE name = 'cadlens-options-refused'`);
      expect(rows[0].n).toBe(1);
    } finally {
      await queue.close();
    }
  }, 180_000);

  it('with concurrency 2 one work() call runs two jobs at once on the analyzer pool\'s two threads', async () => {
    const queue = await createPgBossQueue({ connectionString: PG_URL, schema, queue: 'cadlens-concurrent', retryLimit: 0 });
    const pool = createAnalyzerPool({ workers: 2, analyzer: { mesh: 'never' } });
    let running = 0;
    let most = 0;
    const counting: QueueAnalyzer = {
      async analyze(bytes, call) {
        most = Math.max(most, ++running);
        try {
          return await pool.analyze(bytes, call);
        } finally {
          running--;
        }
      },
    };
    try {
      const { batchId } = await queue.submit(Array.from({ length: 6 }, (_, i) => ({ input: { path: fixture('plate-hole.step') }, name: `p${i}.step` })));
      const worker = await queue.work({ analyzer: counting, concurrency: 2, deadLetters: { store: createMemoryStores().deadLetters } });
      await runBatch(queue, batchId, 6);
      await worker.stop();
      const results = await queue.results(batchId);
      expect(results.map((r) => r.outcome)).toEqual(Array(6).fill('result'));
      expect(most).toBe(2);
      await expect(queue.work({ analyzer: counting, concurrency: 0, deadLetters: { store: createMemoryStores().deadLetters } })).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    } finally {
      await pool.close();
      await queue.close();
    }
  }, 180_000);
});
