/**
 * Repro (issue 10, defect 1): `screw.step` ended with every face unmapped (PARSE_NO_TRIANGLES, quality 0),
 * and Tier 1 still reported features (`round radiusMm=54.874`, …) at confidence 0.79: recognition ran on
 * geometry the parse stage had not verified. Now a part whose parse stage failed is not recognized:
 * every tier is skipped with `parse_failed` and the parse stage's first error as the detail — except (session 20)
 * when the only errors are a few faces OpenCascade left unmeshed on a sound B-Rep (src/analyze/parse-gate.ts).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createNodeAnalyzer } from '../../src/runtime/node/analyze-file.js';
import { createOcctWorkerTessellator } from '../../src/runtime/node/index.js';
import type { Tessellator } from '../../src/tessellation/index.js';
import { analysisResultSchema } from '../../src/result/index.js';
import { HAS_SHARED, NO_SHARED_REASON, SHARED_DIR } from '../support/shared-data.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/step/${name}`, import.meta.url));
const M44 = join(SHARED_DIR, 'datasets/realworld/malformed/m44_nanometre_scale.step');

/**
 * Not a mock: real OpenCascade, but it tessellates another part's file (the lemon barrel) whatever it is
 * given — the way a tessellation that fits none of the part's faces reaches the mapping.
 */
function mismatchedTessellator(): Tessellator {
  const real = createOcctWorkerTessellator();
  const other = new Uint8Array(readFileSync(fixture('lemon-barrel.step')));
  return { tessellate: (_bytes, format, options) => real.tessellate(other, format, options), close: () => real.close() };
}

describe('recognition refuses a part whose parse stage failed (real tiers: AAGNet on onnxruntime-node, heuristics, …)', () => {
  const mismatched = createNodeAnalyzer({ tessellator: mismatchedTessellator() });
  const plain = createNodeAnalyzer();
  afterAll(async () => {
    await mismatched.dispose();
    await plain.dispose();
  });

  it('no face keeps a triangle (PARSE_NO_TRIANGLES): no features, every tier skipped with parse_failed', async () => {
    const result = await mismatched.analyzeFile(fixture('plate-hole-pocket.step'));
    expect(analysisResultSchema.safeParse(result).success).toBe(true);
    const parse = result.stages.find((s) => s.name === 'parse')!;
    expect(parse.passed).toBe(false);
    expect(parse.findings.map((f) => f.code)).toContain('PARSE_NO_TRIANGLES');
    expect(result.part!.faces.every((f) => f.mapping === 'unmapped')).toBe(true);
    const rec = result.recognition!;
    expect(rec).toMatchObject({ tier: null, recognizer: null, confidence: 0, faces: [], features: [] });
    expect(rec.skipped.length).toBeGreaterThanOrEqual(4);
    for (const s of rec.skipped) {
      expect(s.reason).toBe('parse_failed');
      expect(s.detail).toMatch(/^the parse stage failed: PARSE_NO_TRIANGLES: \d+ face\(s\) but no triangles/);
    }
    expect(result.timings.recognizeSkipped).toBe(rec.skipped.length);
  });

  it('the same part with its own tessellation is recognized as before (the refusal is about the parse stage only)', async () => {
    const result = await plain.analyzeFile(fixture('plate-hole-pocket.step'));
    expect(result.stages.find((s) => s.name === 'parse')!.passed).toBe(true);
    expect(result.recognition!.tier).not.toBeNull();
    expect(result.recognition!.features.length).toBeGreaterThan(0);
  });

  // Since session 20 a few unmeshed faces (at most 20 %) on a B-Rep whose every face has its exact surface do not stop
  // recognition: it reads the B-Rep, as without a mesh (src/analyze/parse-gate.ts). m44 is D01 at nanometre scale,
  // where OpenCascade leaves 3 of 96 faces unmatched.
  it.skipIf(!HAS_SHARED || !existsSync(M44))(`some faces unmapped (realworld m44, nanometre scale): recognized from the B-Rep${HAS_SHARED ? '' : ` — ${NO_SHARED_REASON}`}`, async () => {
    const result = await plain.analyzeFile(M44);
    expect(analysisResultSchema.safeParse(result).success).toBe(true);
    expect(result.error).toBeUndefined();
    const unmapped = result.part!.faces.filter((f) => f.mapping === 'unmapped').length;
    expect(unmapped).toBeGreaterThan(0);
    expect(unmapped).toBeLessThanOrEqual(0.2 * result.part!.faces.length);
    expect(result.stages.find((s) => s.name === 'parse')!.findings.some((f) => f.code === 'PARSE_FACE_UNMAPPED')).toBe(true);
    expect(result.recognition!.skipped.some((s) => s.reason === 'parse_failed')).toBe(false);
    const types = new Set(result.recognition!.features.map((f) => f.type));
    expect(types.has('through_hole') && types.has('blind_hole')).toBe(true);
  });
});
