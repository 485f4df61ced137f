import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createMemoryStores } from '../../adapters/memory/index.js';
import { createCadlensService } from '../../src/runtime/node/http/create-cadlens-service.js';
import { loadConfig } from '../../src/config/index.js';

const fixture = (name: string) => new Uint8Array(readFileSync(fileURLToPath(new URL(`../fixtures/step/${name}`, import.meta.url))));
const faultModule = fileURLToPath(new URL('../../bench/load/tier1-fault.mjs', import.meta.url));

describe('createCadlensService({ workers }): pool workers share the host\'s stores (real worker threads, memory stores)', () => {
  const stores = createMemoryStores();
  const config = loadConfig({ CIRCUIT_BREAKER_THRESHOLD: '2', CIRCUIT_BREAKER_TIMEOUT_S: '600' }, { store: 'memory' });
  // Tier 1 fails on every call (the load test's fault injector with no window).
  const service = createCadlensService({ stores, config, workers: { workers: 2, recognizers: { module: faultModule } } });
  afterAll(async () => {
    await service.dispose();
    await stores.close();
  });

  it('Tier 1 failures in the workers open the one shared breaker, are dead-lettered and sampled in the metrics', async () => {
    const part = fixture('block-pocket.step');
    const results = [];
    for (let i = 0; i < 3; i++) results.push(await service.analyzer.analyze(part, { name: `part-${i}.step`, requestId: `req-${i}` }));
    for (const r of results) {
      expect(r.error).toBeUndefined();
      expect(r.recognition?.tier).toBe(2); // Tier 2 answered for the failing Tier 1
    }
    // The first two calls failed in Tier 1 (threshold 2); the third found the breaker open.
    expect(results[2]!.recognition?.skipped.find((s) => s.tier === 1)?.reason).toBe('breaker_open');
    await service.breaker.refresh();
    expect(service.breaker.snapshot()).toMatchObject({ state: 'open', failure_count: 2, failure_threshold: 2 });
    const letters = await service.deadLetters.list({ limit: 10 });
    expect(letters.map((l) => [l.requestId, l.stage, l.tier]).sort()).toEqual([
      ['req-0', 'recognize', 'tier1'],
      ['req-1', 'recognize', 'tier1'],
    ]);
    expect(letters[0]!.input.bytes).toBeTypeOf('string'); // kept for reprocessing
    const snapshot = await service.metrics.snapshot();
    expect(snapshot.performance.requests_last_hour).toBe(3);
    expect(snapshot.circuit_breaker.state).toBe('open');
  });

  it('a malformed file is a result with a permanent error and a dead letter; a reset on the host closes the workers\' breaker', async () => {
    const bad = new TextEncoder().encode('ISO-10303-21;\nHEADER;\nthis is not STEP\n');
    const result = await service.analyzer.analyze(bad, { name: 'bad.step', requestId: 'req-bad' });
    expect(result.error?.kind).toBe('permanent');
    expect((await service.deadLetters.list({ limit: 50 })).some((l) => l.requestId === 'req-bad' && l.stage !== 'recognize')).toBe(true);
    await service.breaker.reset();
    const again = await service.analyzer.analyze(fixture('block-pocket.step'), { requestId: 'req-after-reset' });
    // Closed again, so Tier 1 ran (and failed) instead of being skipped as breaker_open.
    expect(again.recognition?.skipped.find((s) => s.tier === 1)?.reason).not.toBe('breaker_open');
    expect((await service.deadLetters.list({ limit: 50 })).some((l) => l.requestId === 'req-after-reset' && l.tier === 'tier1')).toBe(true);
  });
});
