import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { createAnalyzer } from '../../src/analyze/index.js';
import { createNodeAnalyzer } from '../../src/runtime/node/analyze-file.js';
import { createAnalyzerPool } from '../../src/runtime/node/pool/create-analyzer-pool.js';
import { createHeuristicRecognizer } from '../../src/stages/recognize/tier2-heuristics/index.js';
import { DEFAULT_TIER_COMBINATION, defineRecognizer, type Recognizer } from '../../src/stages/recognize/index.js';
import { countingTessellator } from '../support/counting-tessellator.js';

/**
 * Option values that plain JavaScript (or a cast) can pass are refused when the analyzer is created,
 * with `CONFIG_INVALID` naming the option — before, an unknown `mesh` acted as `'always'`, `tier: 7`
 * skipped every tier and a negative `maxFileSizeMb` refused every file as `INTAKE_TOO_LARGE`.
 */
const PLATE = fileURLToPath(new URL('../fixtures/step/plate-hole-pocket.step', import.meta.url));

/** A well-formed user recognizer with `over` changed (what plain JavaScript could pass). */
function userRecognizer(over: Record<string, unknown>): Recognizer {
  const r = defineRecognizer({
    id: 'acme/r',
    tier: 2,
    nominalConfidence: 0.7,
    canRecognize: () => ({ ok: true }),
    recognize: async () => ({ faces: [], features: [], confidence: 0 }),
  });
  return { ...r, ...over } as Recognizer;
}

const BAD: [string, Record<string, unknown>, RegExp][] = [
  ['an unknown mesh mode', { mesh: 'sometimes' }, /mesh must be one of 'auto', 'always', 'never', got sometimes/],
  ['a tier outside 1–4', { tier: 7 }, /tier must be 1, 2, 3 or 4, got 7/],
  ['a tier given as a string', { tier: '2' }, /tier must be 1, 2, 3 or 4/],
  ['a negative maxFileSizeMb', { maxFileSizeMb: -1 }, /maxFileSizeMb must be a positive number, got -1/],
  ['a NaN maxFileSizeMb', { maxFileSizeMb: Number.NaN }, /maxFileSizeMb must be a positive number/],
  ['a zero recognizeTimeoutMs', { recognizeTimeoutMs: 0 }, /recognizeTimeoutMs must be a positive number/],
  ['an importTimeoutMs given as a string', { importTimeoutMs: 'x' }, /importTimeoutMs must be a positive number, got x/],
  ['a negative importTimeoutMs', { importTimeoutMs: -5 }, /importTimeoutMs must be a positive number, got -5/],
  ['combineTiers given as true', { combineTiers: true }, /combineTiers must be false or a tier combination rule: got true/],
  ['a combineTiers rule without its knobs', { combineTiers: { primaryTier: 2, secondaryTier: 1 } }, /minPrimaryProbability must be a number from 0 to 1, got undefined/],
  ['a combineTiers rule with one tier twice', { combineTiers: { ...DEFAULT_TIER_COMBINATION, secondaryTier: 2 } }, /primaryTier and secondaryTier must differ/],
  ['a combineTiers probability above 1', { combineTiers: { ...DEFAULT_TIER_COMBINATION, minSecondaryProbability: 50 } }, /minSecondaryProbability must be a number from 0 to 1, got 50/],
  // An embedder's recognizer: before, tier 7 answered as "Tier 7" with no faces, an empty id as recognizer ''.
  ['a recognizer of tier 7', { recognizers: [userRecognizer({ tier: 7 })] }, /recognizers\[0\] \(acme\/r\) tier must be 1, 2, 3 or 4, got 7/],
  ['a recognizer with an empty id', { recognizers: [userRecognizer({ id: '' })] }, /recognizers\[0\] must have a non-empty string id, got ""/],
  ['a recognizer with a nominal confidence of 75', { recognizers: [userRecognizer({ nominalConfidence: 75 })] }, /nominalConfidence must be a number from 0 to 1, got 75/],
  ['a recognizer without recognize()', { recognizers: [userRecognizer({ recognize: undefined })] }, /recognizers\[0\] \(acme\/r\) recognize must be a function/],
  // Before, any truthy value healed: `heal: 'no'` healed the mesh.
  ['heal given as a string', { heal: 'no' }, /heal must be true, false or an object of heal options, got no/],
  ['heal given as null', { heal: null }, /heal must be true, false or an object of heal options, got null/],
  ['a recognizer list that is not an array', { recognizers: userRecognizer({}) }, /recognizers must be an array of recognizers, got object/],
];

describe('analyzer options are checked when the analyzer is created', () => {
  it.each(BAD)('createNodeAnalyzer refuses %s with CONFIG_INVALID', (_what, bad, message) => {
    expect(() => createNodeAnalyzer({ tessellator: countingTessellator(), ...bad } as never)).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID', kind: 'systemic', message: expect.stringMatching(message) }),
    );
  });

  it.each(BAD)('createAnalyzer refuses %s with CONFIG_INVALID', (_what, bad) => {
    expect(() => createAnalyzer({ tessellator: countingTessellator(), ...bad } as never)).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });

  it.each(BAD)('createAnalyzerPool refuses %s in its analyzer settings, before starting a worker', (_what, bad) => {
    expect(() => createAnalyzerPool({ workers: 1, analyzer: bad as never })).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });

  // Plain JavaScript: `createNodeAnalyzer(null)` threw a TypeError (reading 'mesh' of null), a string was ignored.
  it.each([
    ['null', null, /options must be an object \(or left out\), got null/],
    ['a string', 'never', /options must be an object \(or left out\), got string never/],
    ['an array', [], /options must be an object \(or left out\), got an array/],
  ])('createNodeAnalyzer refuses options that are %s with CONFIG_INVALID', (_what, bad, message) => {
    expect(() => createNodeAnalyzer(bad as never)).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID', kind: 'systemic', message: expect.stringMatching(message) }),
    );
    // (The pool reads `analyzer: null` as no settings.)
    if (bad !== null) expect(() => createAnalyzerPool({ workers: 1, analyzer: bad as never })).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });

  it('valid values are kept and analyse a real STEP file', async () => {
    const tessellator = countingTessellator();
    await using analyzer = createNodeAnalyzer({ tessellator, recognizers: [createHeuristicRecognizer()], mesh: 'never', tier: 2, maxFileSizeMb: 0.5, recognizeTimeoutMs: 30_000 });
    const result = await analyzer.analyzeFile(PLATE);
    expect(result.error).toBeUndefined();
    expect(result.recognition?.tier).toBe(2);
    expect(result.recognition?.features.map((f) => f.type).sort()).toEqual(['rectangular_pocket', 'through_hole']);
    expect(tessellator.calls).toBe(0); // mesh: 'never' was kept
  });

  /** An embedder's own Tier 1 recognizer (a real extension, no mock): every face is stock at 0.9. */
  const allStockTier1 = (): Recognizer =>
    defineRecognizer({
      id: 'all-stock',
      tier: 1,
      nominalConfidence: 0.95,
      canRecognize: () => ({ ok: true }),
      recognize: async (part) => ({
        faces: part.faces.map((f, faceIndex) => ({ faceIndex, stepId: f.stepId, classId: 24, className: 'stock', probability: 0.9 })),
        features: [],
        confidence: 0.9,
      }),
    });

  it('combineTiers: the default rule merges a later Tier 1 into Tier 2 face by face; false keeps the first answer alone', async () => {
    const faces = async (combineTiers?: false) => {
      await using analyzer = createNodeAnalyzer({
        tessellator: countingTessellator(),
        mesh: 'never',
        recognizers: [createHeuristicRecognizer(), allStockTier1()],
        ...(combineTiers === false ? { combineTiers } : {}),
      });
      const result = await analyzer.analyzeFile(PLATE);
      expect(result.error).toBeUndefined();
      return result.recognition!.faces;
    };
    const combined = await faces();
    const alone = await faces(false);
    // Without combination Tier 2 decides alone: its hole and pocket are there, every face from Tier 2.
    expect(alone.every((f) => f.tier === 2)).toBe(true);
    expect(alone.some((f) => f.className === 'through_hole')).toBe(true);
    expect(alone.some((f) => f.className === 'rectangular_pocket')).toBe(true);
    // The default rule gives Tier 1's stock call (at 0.9 here) the last word where Tier 1 is surer than Tier 2's
    // class; Tier 2's surer feature faces and its own stock faces keep Tier 2.
    const expected = alone.map((f) => (f.className !== 'stock' && f.probability < 0.9 ? 'stock@1' : `${f.className}@2`));
    expect(combined.map((f) => `${f.className}@${f.tier}`)).toEqual(expected);
    expect(expected).toContain('stock@1');
    expect(expected.some((c) => c !== 'stock@2' && c !== 'stock@1')).toBe(true);
  });

  it('combineTiers is part of the result cache key: a rule or false never gets the default rule\'s cached result', async () => {
    const { resultCacheKey } = await import('../../src/analyze/result-cache-key.js');
    const base = { maxFileSizeMb: 100, recognizers: [{ id: 'aag-heuristics', tier: 2 as const }] };
    const keys = await Promise.all([
      resultCacheKey('ab', base),
      resultCacheKey('ab', { ...base, combineTiers: false }),
      resultCacheKey('ab', { ...base, combineTiers: { ...DEFAULT_TIER_COMBINATION, minSecondaryProbability: 0.5 } }),
    ]);
    expect(new Set(keys).size).toBe(3);
  });
});

describe('other create… options and the resilience parts refuse bad values with CONFIG_INVALID too (not a RangeError or TypeError)', () => {
  const configInvalid = (message: RegExp) => expect.objectContaining({ code: 'CONFIG_INVALID', kind: 'systemic', stage: 'config', message: expect.stringMatching(message) });

  it('new CircuitBreaker({ failureThreshold: 0 })', async () => {
    const { CircuitBreaker } = await import('../../src/resilience/circuit-breaker.js');
    expect(() => new CircuitBreaker({ failureThreshold: 0 })).toThrow(configInvalid(/failureThreshold .* must be at least 1, got 0/));
  });

  it('createAuditTrail({ retentionDays: -1 })', async () => {
    const { createAuditTrail } = await import('../../src/resilience/audit-trail.js');
    const { createMemoryStores } = await import('../../adapters/memory/index.js');
    expect(() => createAuditTrail({ store: createMemoryStores().audit, retentionDays: -1 })).toThrow(configInvalid(/retentionDays must be a positive number, got -1/));
  });

  it('createAnalyzerPool({ idleTimeoutMs: -1 })', () => {
    expect(() => createAnalyzerPool({ workers: 1, idleTimeoutMs: -1 })).toThrow(configInvalid(/idleTimeoutMs must be a non-negative number, got -1/));
  });
});

describe('analyzeFile with what plain JavaScript can pass instead of a path', () => {
  it.each([
    ['undefined (process.argv[2] without an argument)', undefined],
    ['a number', 123],
  ])('%s is a result with INTAKE_UNSUPPORTED_INPUT, as analyze() gives, not a TypeError', async (_what, path) => {
    await using analyzer = createNodeAnalyzer({ tessellator: countingTessellator(), recognizers: [createHeuristicRecognizer()] });
    const result = await analyzer.analyzeFile(path as never);
    expect(result.error).toMatchObject({ code: 'INTAKE_UNSUPPORTED_INPUT', kind: 'permanent' });
    expect(result.stages.map((s) => s.passed)).toEqual([false, false, false, false, false]);
    const { result: detailed } = await analyzer.analyzeFileDetailed(path as never);
    expect(detailed.error?.code).toBe('INTAKE_UNSUPPORTED_INPUT');
  });
});

describe('per-call options of the wrong type are refused with CONFIG_INVALID naming them (new-user trial, session 23)', () => {
  const configInvalidCall = (message: RegExp) => expect.objectContaining({ code: 'CONFIG_INVALID', message: expect.stringMatching(message) });
  it.each([
    ['a signal that is no AbortSignal', { signal: 'x' }, /signal must be an AbortSignal, got string x/],
    ['an onProgress that is no function', { onProgress: 5 }, /onProgress must be a function, got number 5/],
    ['a needMesh that is no boolean', { needMesh: 'yes' }, /needMesh must be true or false, got string yes/],
    ['a name that is no string', { name: 7 }, /name must be a string, got number 7/],
    ['call options that are no object', 'fast', /call options must be an object \(or left out\), got string fast/],
  ])('%s (analyze, analyzeFile)', async (_what, call, message) => {
    await using analyzer = createNodeAnalyzer({ tessellator: countingTessellator(), recognizers: [createHeuristicRecognizer()] });
    await expect(analyzer.analyze(new Uint8Array(8), call as never)).rejects.toEqual(configInvalidCall(message));
    await expect(analyzer.analyzeFile(PLATE, call as never)).rejects.toEqual(configInvalidCall(message));
  });

  it('a file: URL is a path (analyzeFile), as Node file APIs take it', async () => {
    await using analyzer = createNodeAnalyzer({ mesh: 'never', recognizers: [createHeuristicRecognizer()] });
    const result = await analyzer.analyzeFile(new URL('../fixtures/step/plate-hole-pocket.step', import.meta.url));
    expect(result.error).toBeUndefined();
    expect(result.input.name).toBe('plate-hole-pocket.step');
    expect(result.recognition?.tier).toBe(2);
  });
});
