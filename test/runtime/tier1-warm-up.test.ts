import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { createNodeAnalyzer } from '../../src/runtime/node/analyze-file.js';
import { createDefaultRecognizers, createDefaultRecognizerSet } from '../../src/runtime/node/default-recognizers.js';
import { createOnnxNodeEngine } from '../../src/runtime/node/onnx-engine.js';
import type { AnalysisResult } from '../../src/result/index.js';

const part = fileURLToPath(new URL('../../examples/parts/plate-hole-pocket.step', import.meta.url));

/** The result without what differs between two runs (timings, ids, dates). */
const stable = (r: AnalysisResult) => JSON.stringify(r, (k, v) => (/timings|Ms$|requestId|At$/.test(k) ? undefined : v));

describe("Tier 1's engine, created while OpenCascade tessellates (createNodeAnalyzer's default recognizers)", () => {
  it('the warmed-up analyzer gives the same result as one whose Tier 1 creates its engine on first use (real onnxruntime, real worker)', async () => {
    await using warmed = createNodeAnalyzer({ mesh: 'always' });
    // Own recognizers: no warm-up, the engine is created when Tier 1 first runs.
    await using lazy = createNodeAnalyzer({ mesh: 'always', recognizers: createDefaultRecognizers() });
    const steps: string[] = [];
    const a = await warmed.analyzeFile(part, { onProgress: (s) => steps.push(s) });
    const b = await lazy.analyzeFile(part);
    expect(a.recognition?.tier).toBe(1);
    expect(stable(a)).toBe(stable(b));
    // The caller's progress listener still sees every step.
    expect(steps).toEqual(expect.arrayContaining(['parse', 'tessellate', 'geometry', 'recognize']));
  }, 120_000);

  it('warmUp() starts one engine only; one never taken is disposed with the set; a failing warm-up leaves nothing unhandled', async () => {
    // The engine a warm-up creates is a real onnxruntime-node session.
    const engine = await createOnnxNodeEngine();
    expect(engine.provider).toBe('cpu');
    await engine.dispose();

    const set = createDefaultRecognizerSet();
    set.warmUp();
    set.warmUp(); // once only
    await set.dispose(); // not taken: released, without an unhandled rejection or a leak
    const again = createDefaultRecognizerSet({ engine: { modelPath: '/nonexistent/model.onnx' } });
    again.warmUp(); // fails (no model): nothing unhandled; Tier 1 would report it when it takes the engine
    await again.dispose();
  }, 60_000);
});
