import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { STAGE_NAMES } from '../../src/result/index.js';
import { createNodeAnalyzer } from '../../src/runtime/node/analyze-file.js';
import { HAS_CHROMIUM, NO_CHROMIUM_REASON } from './support/chromium.js';
import { HAS_PART_A, openHarness, PART_A, REPO, type HarnessPage } from './support/harness-page.js';

// Real Chromium (Debian's /usr/bin/chromium, --disable-gpu), real occt-import-js and onnxruntime-web
// wasm served from node_modules by a local server; the page may fetch nothing from anywhere else.
const title = `cadlens (src/browser.ts bundled with esbuild) in Chromium${HAS_CHROMIUM ? '' : ` — skipped: ${NO_CHROMIUM_REASON}`}`;

if (!HAS_CHROMIUM) console.warn(`[skip] ${NO_CHROMIUM_REASON}`);
if (HAS_CHROMIUM && !HAS_PART_A) console.warn(`[skip] ${PART_A} is absent: the Tier 1 browser test is skipped`);

describe.skipIf(!HAS_CHROMIUM)(title, () => {
  let h: HarnessPage;
  beforeAll(async () => {
    h = await openHarness(join(REPO, 'src/browser.ts'));
  }, 90_000);
  afterAll(async () => {
    await h?.close();
  });

  it('the bundle loads: browser entry exports, no Node runtime code in it, nothing fetched off-origin', async () => {
    expect(h.bundleInputs.some((p) => p.includes('src/runtime/node'))).toBe(false);
    expect(h.bundleInputs.some((p) => /node_modules\/(pg|@supabase|prom-client|onnxruntime-node)\//.test(p))).toBe(false);
    const exports = await h.call<string[]>('exportsList');
    expect(exports).toEqual(expect.arrayContaining(['createAnalyzer', 'createOcctInlineTessellator', 'createOnnxWebEngine', 'createBrowserAnalyzer', 'createAagnetRecognizer']));
    expect(h.problems).toEqual({ errors: [], offOrigin: [] });
  });

  it('cube.step with createAnalyzer + the inline occt tessellator: five stages pass, 6 faces by STEP id, 1000 mm³', async () => {
    const r = await h.call('analyzeCore', '/fixtures/cube.step', 'cube.step');
    expect(r.error).toBeUndefined();
    expect(r.stages.map((s) => [s.name, s.passed])).toEqual(STAGE_NAMES.map((n) => [n, true]));
    expect(r.quality.score).toBe(1);
    const part = r.part!;
    expect(part.faces.map((f) => [f.stepId, f.name, f.surfaceType, f.mapping])).toEqual([
      [46, 'bottom', 'plane', 'order'],
      [76, 'top', 'plane', 'order'],
      [91, 'front', 'plane', 'order'],
      [106, 'back', 'plane', 'order'],
      [115, 'left', 'plane', 'order'],
      [124, 'right', 'plane', 'order'],
    ]);
    for (const f of part.faces) expect(f.area).toBeCloseTo(100, 9);
    expect(part.volumeMm3).toBeCloseTo(1000, 6);
    expect(r.aag!.arcs).toHaveLength(12);
    expect(r.input.sha256).toMatch(/^[0-9a-f]{64}$/); // crypto.subtle in the page
    expect(r.recognition?.tier).toBe(2);
    expect(h.problems).toEqual({ errors: [], offOrigin: [] });
  });

  it('plate-hole.step: five stages pass, 7 faces (hole reversed cylinder), volume 12000 − 250π mm³', async () => {
    const r = await h.call('analyzeCore', '/fixtures/plate-hole.step', 'plate-hole.step');
    expect(r.error).toBeUndefined();
    expect(r.stages.every((s) => s.passed)).toBe(true);
    const part = r.part!;
    expect(part.faces.map((f) => f.stepId)).toEqual([65, 97, 112, 127, 136, 145, 154]);
    expect(part.countsBySurfaceType).toEqual({ plane: 6, cylinder: 1 });
    const hole = part.faces.find((f) => f.name === 'hole')!;
    expect([hole.surfaceType, hole.reversed]).toEqual(['cylinder', true]);
    const volume = 12000 - 250 * Math.PI;
    expect(Math.abs(part.volumeMm3! - volume) / volume).toBeLessThan(2e-3); // chordal mesh error
    const tier2Classes = r.recognition!.faces.map((f) => f.className);
    expect(tier2Classes[part.faces.indexOf(hole)]).toBe('through_hole');
    expect(h.problems).toEqual({ errors: [], offOrigin: [] });
  });

  it('createBrowserAnalyzer: a model that cannot be fetched makes Tier 1 decline and Tier 2 answer; model null leaves Tier 1 out', async () => {
    const before = h.problems.errors.length;
    const missing = await h.call('analyzeBrowser', '/fixtures/plate-hole.step', 'plate-hole.step', '/models/missing.onnx');
    expect(missing.stages.every((s) => s.passed)).toBe(true);
    expect(missing.recognition!.tier).toBe(2);
    expect(missing.recognition!.skipped[0]).toMatchObject({ tier: 1 });
    expect(missing.recognition!.skipped[0].detail ?? missing.recognition!.skipped[0].reason).toMatch(/missing\.onnx|404|model/i);
    // Chromium itself logs the failed request; nothing else may appear.
    expect(h.problems.errors.slice(before).every((e) => /404/.test(e))).toBe(true);
    h.problems.errors.length = before;
    const none = await h.call('analyzeBrowser', '/fixtures/plate-hole.step', 'plate-hole.step', null);
    expect(none.recognition!.tier).toBe(2);
    expect(none.recognition!.skipped.some((s) => s.tier === 1)).toBe(false);
    expect(h.problems.offOrigin).toEqual([]);
  });

  describe.skipIf(!HAS_PART_A)(`Tier 1 on onnxruntime-web in the page${HAS_PART_A ? '' : ` — skipped: ${PART_A} is absent`}`, () => {
    it('partA.step: no WebGPU adapter (--disable-gpu) → provider wasm; per-face classes equal onnxruntime-node', async () => {
      const gpu = await h.call<{ api: boolean; adapter: boolean }>('webgpu');
      expect(gpu.adapter).toBe(false);
      const web = await h.call('analyzeBrowser', '/shared-aagnet/partA.step', 'partA.step');
      const nodeAnalyzer = createNodeAnalyzer();
      const node = await nodeAnalyzer.analyzeFile(PART_A).finally(() => nodeAnalyzer.dispose());
      expect(web.stages.every((s) => s.passed)).toBe(true);
      expect(web.recognition!.tier).toBe(1);
      expect(web.recognition!.details!.provider).toBe('wasm');
      expect(node.recognition!.tier).toBe(1);
      expect(node.recognition!.details!.provider).toBe('cpu');
      const classes = (x: typeof web) => x.recognition!.faces.map((f) => [f.stepId, f.classId, f.className]);
      expect(web.recognition!.faces).toHaveLength(32);
      expect(classes(web)).toEqual(classes(node));
      const feats = (x: typeof web) => x.recognition!.features.map((f) => `${f.type}:${f.faces.join(',')}`).sort();
      expect(feats(web)).toEqual(feats(node));
      // The fallback was real: the wasm binary came from the local server.
      expect(h.server.log.some((l) => l.path.startsWith('/ort/') && l.path.endsWith('.wasm') && l.status === 200)).toBe(true);
      expect(h.problems).toEqual({ errors: [], offOrigin: [] });
    }, 90_000);
  });
});
