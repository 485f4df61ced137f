/**
 * OpenCascade's tessellation fails on a STEP file cadlens's reader built soundly (a real OCCT_TIMEOUT from the real
 * worker with a 1 ms deadline): the analysis goes on from the exact B-Rep, as `mesh: 'never'` would, instead of
 * losing everything to the import. Before, D31 with `importTimeoutMs: 300` ended as a failed parse stage with no
 * recognition although the reader had built its whole B-Rep (new-user trial, session 23).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createNodeAnalyzer } from '../../src/runtime/node/analyze-file.js';
import { createAnalyzer } from '../../src/analyze/index.js';
import { assertValidResult } from '../../src/analyze/create-analyzer.js';
import { CadlensError } from '../../src/errors/index.js';
import { createDeadLetterQueue } from '../../src/resilience/index.js';
import { createHeuristicRecognizer } from '../../src/stages/recognize/tier2-heuristics/index.js';
import type { Tessellator } from '../../src/tessellation/index.js';
import type { AnalysisResult } from '../../src/result/index.js';
import { createMemoryResultCache, createMemoryStores } from '../../adapters/memory/index.js';

const bytesOf = (name: string) => new Uint8Array(readFileSync(fileURLToPath(new URL(`../fixtures/step/${name}`, import.meta.url))));
const PART = bytesOf('plate-hole-pocket.step');
const stage = (r: AnalysisResult, name: string) => r.stages.find((s) => s.name === name)!;
const codes = (r: AnalysisResult, name: string) => stage(r, name).findings.map((f) => f.code);
const classes = (r: AnalysisResult) => r.recognition?.faces.map((f) => f.className);

describe('a tessellation failure on a sound STEP B-Rep: the exact B-Rep is analysed instead (real reader, real OpenCascade worker)', () => {
  const stores = createMemoryStores();
  const deadLetters = createDeadLetterQueue({ store: stores.deadLetters });
  const cache = createMemoryResultCache();
  const hurried = createNodeAnalyzer({ recognizers: [createHeuristicRecognizer()], occt: { deadlineMs: 1 }, deadLetters, cache });
  const never = createNodeAnalyzer({ recognizers: [createHeuristicRecognizer()], mesh: 'never' });
  afterAll(async () => {
    await hurried.dispose();
    await never.dispose();
  });

  it('OCCT_TIMEOUT: no error, a PARSE_TESSELLATION_FAILED warning, mesh checks not run, the recognition mesh: never gives', async () => {
    const r = await hurried.analyze(PART, { name: 'p.step' });
    assertValidResult(r);
    expect(r.error).toBeUndefined();
    const warning = stage(r, 'parse').findings.find((f) => f.code === 'PARSE_TESSELLATION_FAILED');
    expect(warning?.severity).toBe('warning');
    expect(warning?.message).toMatch(/^OpenCascade's tessellation failed \(OCCT_TIMEOUT: .*\): the exact B-Rep was analysed instead/);
    expect(stage(r, 'parse').passed).toBe(true);
    expect(codes(r, 'geometry')).toContain('GEOM_MESH_CHECK_NOT_RUN');
    const reference = await never.analyze(PART, { name: 'p.step' });
    expect(r.recognition?.tier).toBe(2);
    expect(classes(r)).toEqual(classes(reference));
    expect(r.recognition?.features.map((f) => f.type)).toEqual(reference.recognition?.features.map((f) => f.type));
    expect(r.part?.faces.map((f) => f.area)).toEqual(reference.part?.faces.map((f) => f.area));
  });

  it('the failure still lands in the dead letter queue with its classification, and the result is not cached', async () => {
    const before = (await deadLetters.list()).length;
    const r = await hurried.analyze(PART, { name: 'q.step' });
    const added = (await deadLetters.list()).slice(before);
    expect(added.map((d) => [d.error.code, d.error.kind, d.stage])).toEqual([['OCCT_TIMEOUT', 'transient', 'parse']]);
    expect(r.cache?.stored).toBe(false);
  });

  it('a caller who needs the mesh (needMesh) still gets the tessellation failure as the error', async () => {
    const r = await hurried.analyze(PART, { name: 'p.step', needMesh: true });
    assertValidResult(r);
    expect(r.error).toMatchObject({ code: 'OCCT_TIMEOUT', kind: 'transient', stage: 'parse' });
    expect(r.recognition).toBeNull();
  });

  it('OCCT_UNAVAILABLE (a broken installation, systemic) is never worked round: it stays the error (a tessellator stand-in: the real one is unavailable only with its wasm removed, test/runtime/occt-unavailable.test.ts)', async () => {
    const unavailable: Tessellator = {
      tessellate: async () => {
        throw new CadlensError('OCCT_UNAVAILABLE', 'stand-in: occt-import-js.wasm missing', { stage: 'parse', kind: 'systemic' });
      },
      close: async () => undefined,
    };
    const analyzer = createAnalyzer({ tessellator: unavailable, recognizers: [createHeuristicRecognizer()] });
    try {
      const r = await analyzer.analyze(PART, { name: 'p.step' });
      expect(r.error).toMatchObject({ code: 'OCCT_UNAVAILABLE', kind: 'systemic' });
      expect(codes(r, 'parse')).not.toContain('PARSE_TESSELLATION_FAILED');
      expect(r.recognition).toBeNull();
    } finally {
      await analyzer.dispose();
    }
  });
});
