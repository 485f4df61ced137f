import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as promClient from 'prom-client';
import { createNodeAnalyzer } from '../../src/runtime/node/analyze-file.js';
import { CadlensError } from '../../src/errors/index.js';
import { createAuditTrail, createDeadLetterQueue, createMetrics, type PromClientLike } from '../../src/resilience/index.js';
import { defineRecognizer, type Recognizer } from '../../src/stages/recognize/index.js';
import { createDefaultRecognizers, DEFAULT_TIER1_MODEL } from '../../src/runtime/node/default-recognizers.js';
import { defineValidator } from '../../src/stages/validate/index.js';
import { resultCacheKey, type ResultCacheKeyOptions } from '../../src/analyze/index.js';
import { assertValidResult } from '../../src/analyze/create-analyzer.js';
import { AAGNET_MODEL_SHA256 } from '../../src/inference/index.js';
import { createMemoryResultCache, createMemoryStores } from '../../adapters/memory/index.js';

const cubePath = fileURLToPath(new URL('../fixtures/step/cube.step', import.meta.url));
const cube = new Uint8Array(readFileSync(cubePath));
const pocket = new Uint8Array(readFileSync(fileURLToPath(new URL('../fixtures/step/block-pocket.step', import.meta.url))));

const countFaces = (calls: { n: number }) =>
  defineRecognizer({
    id: 'count-faces',
    tier: 4,
    nominalConfidence: 0.4,
    canRecognize: () => ({ ok: true }),
    async recognize(part) {
      calls.n++;
      return {
        faces: part.faces.map((f) => ({ faceIndex: f.index, stepId: f.stepId, classId: 24, className: 'stock', probability: 0.4 })),
        features: [],
        confidence: 0.4,
      };
    },
  });

describe('result cache in analyze(): a real analysis, real memory stores', () => {
  const stores = createMemoryStores();
  const audit = createAuditTrail({ store: stores.audit });
  const deadLetters = createDeadLetterQueue({ store: stores.deadLetters, audit });
  const metrics = createMetrics({ store: stores.metrics, dlq: deadLetters });
  const cache = createMemoryResultCache({ maxEntries: 10 });
  const calls = { n: 0 };
  const analyzer = createNodeAnalyzer({ recognizers: [countFaces(calls)], audit, deadLetters, metrics, cache });
  afterAll(() => analyzer.dispose());

  it('the first analysis is a miss and is stored; the second is served from the cache, marked, not re-run', async () => {
    const first = await analyzer.analyze(cube, { name: 'cube.step' });
    expect(first.error).toBeUndefined();
    expect(first.cache).toMatchObject({ hit: false, stored: true });
    expect(first.cache!.key).toMatch(new RegExp(`^v1:${first.input.sha256}:[0-9a-f]{64}$`));
    expect(calls.n).toBe(1);

    const second = await analyzer.analyze(cube, { name: 'again.step', requestId: 'req-2' });
    expect(calls.n).toBe(1); // recognition did not run again
    expect(second.cache).toEqual({ hit: true, key: first.cache!.key });
    expect(second.requestId).toBe('req-2');
    expect(second.input.name).toBe('again.step');
    const strip = ({ requestId: _r, input: { name: _n, ...input }, cache: _c, ...rest }: typeof first) => ({ ...rest, input });
    expect(strip(second)).toEqual(strip(first));
    assertValidResult(second); // additive field, still the published schema
  });

  it('a hit is not re-audited or counted as an analysis; hits and misses are in the metrics', async () => {
    const complete = await audit.query({ type: 'processing_complete' });
    expect(complete).toHaveLength(1);
    expect((await audit.query({ type: 'validation_complete' })).length).toBe(1);
    expect(await deadLetters.list()).toEqual([]);
    const snap = await metrics.snapshot();
    expect(snap.performance.requests_last_hour).toBe(1);
    expect(snap.cache).toEqual({ hits: 1, misses: 1, errors: 0, hit_rate: 0.5 });
    const prom = createMetrics({ store: stores.metrics, dlq: deadLetters, promClient: promClient as unknown as PromClientLike });
    prom.recordCache('hit');
    const { body } = await prom.prometheus();
    expect(body).toContain('# TYPE cadlens_cache_hits_total counter');
    expect(body).toContain('cadlens_cache_hits_total 1');
    expect(body).toContain('cadlens_cache_misses_total 0');
  });

  it('analyzeFile() hits too; analyzeDetailed() never serves a cached result (it returns the Part)', async () => {
    const viaFile = await analyzer.analyzeFile(cubePath);
    expect(viaFile.cache?.hit).toBe(true);
    const detailed = await analyzer.analyzeDetailed(cube, { name: 'cube.step' });
    expect(detailed.part).not.toBeNull();
    expect(detailed.result.cache?.hit).toBe(false);
    expect(calls.n).toBe(2);
  });

  it('cache: false on a call bypasses it; other bytes are a miss', async () => {
    const bypass = await analyzer.analyze(cube, { cache: false });
    expect(bypass.cache).toBeUndefined();
    const other = await analyzer.analyze(pocket, { name: 'block-pocket.step' });
    expect(other.cache).toMatchObject({ hit: false, stored: true });
  });

  it('analyzers whose result-changing options differ never share an entry', async () => {
    const shared = createMemoryResultCache();
    const c1 = { n: 0 };
    const a = createNodeAnalyzer({ recognizers: [countFaces(c1)], cache: shared });
    const b = createNodeAnalyzer({ recognizers: [countFaces(c1)], cache: shared, recognize: false });
    try {
      const ra = await a.analyze(cube);
      const rb = await b.analyze(cube);
      expect(rb.cache?.hit).toBe(false);
      expect(rb.cache?.key).not.toBe(ra.cache?.key);
      expect(rb.recognition).toBeNull();
      expect((await a.analyze(cube)).cache?.hit).toBe(true);
    } finally {
      await a.dispose();
      await b.dispose();
    }
  });
});

describe('the caller\'s Buffer survives an analysis (so the same Buffer can be analysed, and hit, again)', () => {
  it('a Node Buffer (not pooled, > 4 KiB) read with readFileSync keeps its bytes; the second call is a hit', async () => {
    const path = fileURLToPath(new URL('../../examples/parts/plate-hole-pocket.step', import.meta.url));
    const bytes = readFileSync(path);
    expect(bytes.byteLength).toBeGreaterThan(4096); // its own ArrayBuffer, which a transfer would detach
    const analyzer = createNodeAnalyzer({ recognizers: [], cache: createMemoryResultCache() });
    try {
      const first = await analyzer.analyze(bytes);
      expect(bytes.byteLength).toBe(first.input.sizeBytes);
      const again = await analyzer.analyze(bytes);
      expect(again.error).toBeUndefined();
      expect(again.cache?.hit).toBe(true);
    } finally {
      await analyzer.dispose();
    }
  });
});

describe('what is never cached', () => {
  it('a result shaped by a failing tier is not stored (the next call analyses again)', async () => {
    const cache = createMemoryResultCache();
    const flaky = defineRecognizer({
      id: 'flaky-ml',
      tier: 1,
      nominalConfidence: 0.95,
      canRecognize: () => ({ ok: true }),
      async recognize() {
        throw new CadlensError('INFERENCE_FAILED', 'down', { kind: 'transient', stage: 'recognize' });
      },
    });
    const analyzer = createNodeAnalyzer({ recognizers: [flaky, countFaces({ n: 0 })], cache });
    try {
      const r = await analyzer.analyze(cube);
      expect(r.recognition?.tier).toBe(4);
      expect(r.cache).toMatchObject({ hit: false, stored: false });
      expect(cache.size).toBe(0);
    } finally {
      await analyzer.dispose();
    }
  });

  it('an input that cannot be analysed is not stored; an invalid cached entry is a miss, not served', async () => {
    const cache = createMemoryResultCache();
    const analyzer = createNodeAnalyzer({ recognizers: [], cache });
    try {
      const broken = await analyzer.analyze(new TextEncoder().encode('ISO-10303-21;\nHEADER;\n'));
      expect(broken.error).toBeDefined();
      expect(cache.size).toBe(0);
      const first = await analyzer.analyze(cube);
      await cache.set(first.cache!.key, { ...first, quality: { score: 7 } }); // not a valid result
      const again = await analyzer.analyze(cube);
      expect(again.cache?.hit).toBe(false);
      expect(again.quality.score).toBe(first.quality.score);
    } finally {
      await analyzer.dispose();
    }
  });
});

describe('resultCacheKey', () => {
  const sha = 'ab'.repeat(32);
  const base: ResultCacheKeyOptions = { maxFileSizeMb: 100, recognizers: [{ id: 'aagnet', tier: 1 }, { id: 'aag-heuristics', tier: 2 }] };
  const v = (id: string) => defineValidator({ id, stage: 'geometry', validate: () => [] });

  it('is stable for equal options, whatever the key order of nested objects', async () => {
    const a = await resultCacheKey(sha, { ...base, heal: { weldToleranceMm: 0.1, maxHoleEdges: 10 } });
    const b = await resultCacheKey(sha, { ...base, heal: { maxHoleEdges: 10, weldToleranceMm: 0.1, signal: new AbortController().signal } });
    expect(a).toBe(b);
    expect(a.startsWith(`v1:${sha}:`)).toBe(true);
  });

  it('changes with the input and with every option that changes the result', async () => {
    const variants: ResultCacheKeyOptions[] = [
      base,
      { ...base, tier: 2 },
      { ...base, heal: false },
      { ...base, heal: { weldToleranceMm: 0.01 } },
      { ...base, recognize: false },
      { ...base, recognizers: [{ id: 'aagnet', tier: 1 }] },
      { ...base, recognizers: [...base.recognizers].reverse() },
      { ...base, validators: { geometry: [v('acme/a')] } },
      { ...base, validators: { geometry: [v('acme/b')] } },
      { ...base, maxFileSizeMb: 5 },
      { ...base, stepLimits: { maxEntities: 10 } },
      { ...base, namespace: 'my-recognizers@2' },
      { ...base, recognizers: [{ id: 'aagnet', tier: 1, variant: 'model:cadlens-ft' }, { id: 'aag-heuristics', tier: 2 }] },
    ];
    const keys = await Promise.all(variants.map((o) => resultCacheKey(sha, o)));
    expect(new Set(keys).size).toBe(variants.length);
    expect(await resultCacheKey('cd'.repeat(32), base)).not.toBe(keys[0]);
  });

  it('covers the model: the key text hashes the bundled model sha256 (manifest entry)', async () => {
    const manifest = JSON.parse(readFileSync(fileURLToPath(new URL('../../models/manifest.json', import.meta.url)), 'utf8'));
    expect(manifest.models['aagnet-mfinstseg.onnx'].sha256).toBe(AAGNET_MODEL_SHA256);
  });
});

describe('result cache key: Tier 1 on another model', () => {
  it('the default recognizers name the fine-tuned model (the default since session 18) in Tier 1\'s variant (and in the key); the published model adds nothing', async () => {
    const sha = 'cd'.repeat(32);
    const published = createDefaultRecognizers({ engine: { model: 'mfinstseg' } });
    const fineTuned = createDefaultRecognizers({ engine: { model: 'cadlens-ft' } });
    expect(createDefaultRecognizers()[0]!.variant).toBe(`model:${DEFAULT_TIER1_MODEL}`);
    const custom = createDefaultRecognizers({ engine: { modelPath: '/models/mine.onnx', expectedSha256: 'ef'.repeat(32) } });
    expect(published[0]!.variant).toBeUndefined();
    expect(fineTuned[0]!.variant).toBe('model:cadlens-ft');
    expect(custom[0]!.variant).toBe(`model:${'ef'.repeat(32)}`);
    const key = (recognizers: readonly Recognizer[]) => resultCacheKey(sha, { maxFileSizeMb: 100, recognizers });
    // The published model's key is the one of a recognizer list without variants (keys made before stay valid).
    expect(await key(published)).toBe(await key(published.map((r) => ({ ...r, variant: undefined }) as Recognizer)));
    expect(await key(fineTuned)).not.toBe(await key(published));
    expect(await key(custom)).not.toBe(await key(fineTuned));
  });
});
