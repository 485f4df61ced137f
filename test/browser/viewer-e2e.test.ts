import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { writeBinaryStl } from '../../src/formats/mesh/index.js';
import { join } from 'node:path';
import { createNodeAnalyzer, type NodeAnalyzer } from '../../src/runtime/node/analyze-file.js';
import type { AnalysisResult } from '../../src/result/index.js';
import { HAS_CHROMIUM, NO_CHROMIUM_REASON } from './support/chromium.js';
import { HAS_PART_A, PART_A, REPO } from './support/harness-page.js';
import { openViewer, type ViewerPage } from './support/viewer-page.js';

// Real Chromium (Debian's, --disable-gpu: no WebGPU adapter, so Tier 1 must fall back to onnxruntime-web's
// wasm provider), the example viewer built by Vite, the whole pipeline in its Web Worker. The answers are
// compared with what the Node API returns for the same files (onnxruntime-node, worker-thread OpenCascade).
const title = `example viewer (examples/viewer) in Chromium${HAS_CHROMIUM ? '' : ` — skipped: ${NO_CHROMIUM_REASON}`}`;
if (!HAS_CHROMIUM) console.warn(`[skip] ${NO_CHROMIUM_REASON}`);
if (HAS_CHROMIUM && !HAS_PART_A) console.warn(`[skip] ${PART_A} is absent: the partA viewer test is skipped`);

/** Screenshots land here (git-ignored; CI keeps them as artifacts). */
export const ARTIFACTS = join(REPO, 'test-results', 'viewer');
const FIXTURE = join(REPO, 'test/fixtures/step/plate-hole-pocket.step');

type Snapshot = { status: string; error: string | null; progress: string[]; result: AnalysisResult | null };

async function waitForAnalysis(v: ViewerPage): Promise<Snapshot> {
  await v.page.waitForFunction(() => {
    const s = (window as unknown as { cadlensViewer: { status: string } }).cadlensViewer.status;
    return s === 'done' || s === 'error';
  }, undefined, { timeout: 150_000 });
  return v.page.evaluate(() => {
    const s = (window as unknown as { cadlensViewer: Snapshot }).cadlensViewer;
    return { status: s.status, error: s.error, progress: s.progress, result: s.result };
  });
}

/** What must be equal between the browser and Node: per-face classes and feature instances. */
function recognitionOf(r: AnalysisResult) {
  const rec = r.recognition!;
  return {
    tier: rec.tier,
    faces: rec.faces.map((f) => [f.stepId, f.className]),
    features: rec.features.map((f) => ({ type: f.type, faces: [...f.faces].sort((a, b) => a - b), bottom: [...f.bottomFaces].sort((a, b) => a - b) })),
  };
}

function expectSameParameters(browser: AnalysisResult, node: AnalysisResult) {
  browser.recognition!.features.forEach((f, i) => {
    const n = node.recognition!.features[i];
    expect(Object.keys(f.parameters).sort()).toEqual(Object.keys(n.parameters).sort());
    for (const [k, v] of Object.entries(f.parameters)) expect(v).toBeCloseTo(n.parameters[k], 6);
  });
}

describe.skipIf(!HAS_CHROMIUM)(title, () => {
  let node: NodeAnalyzer;
  beforeAll(() => {
    node = createNodeAnalyzer();
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  afterAll(async () => {
    await node?.dispose();
  });

  describe('a project fixture opened by URL (?file=)', () => {
    let v: ViewerPage;
    let snap: Snapshot;
    beforeAll(async () => {
      v = await openViewer('?file=/fixtures/plate-hole-pocket.step');
      snap = await waitForAnalysis(v);
    }, 240_000);
    afterAll(async () => {
      await v?.close();
    });

    it('analyses in the worker with progress events, and Tier 1 falls back to wasm without a WebGPU adapter', async () => {
      expect(snap.error).toBeNull();
      expect(snap.status).toBe('done');
      expect(snap.progress).toEqual(['format', 'parse', 'tessellate', 'geometry', 'recognize']);
      const gpu = await v.page.evaluate(async () => {
        const g = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
        return g ? (await g.requestAdapter().catch(() => null)) !== null : false;
      });
      expect(gpu).toBe(false);
      expect(snap.result!.recognition!.tier).toBe(1);
      expect((snap.result!.recognition!.details as { provider?: string }).provider).toBe('wasm');
      await expect(v.page.getByTestId('tier').textContent()).resolves.toBe('tier 1 — aagnet on wasm');
      expect(v.problems).toEqual({ errors: [], offOrigin: [] });
      expect(v.server.log.every((l) => l.status === 200)).toBe(true);
      // Each runtime file fetched once, from the folders the worker is pointed at (no hashed copy under assets/).
      const runtime = v.server.log.filter((l) => /\.(wasm|mjs)$/.test(l.path)).map((l) => l.path).sort();
      expect(runtime).toEqual([
        '/cadlens-assets/occt/occt-import-js.wasm',
        '/cadlens-assets/ort/ort-wasm-simd-threaded.jsep.mjs',
        '/cadlens-assets/ort/ort-wasm-simd-threaded.jsep.wasm',
      ]);
    });

    it('gives the same per-face classes, features and parameters as the Node API', async () => {
      const fromNode = await node.analyzeFile(FIXTURE);
      expect(recognitionOf(snap.result!)).toEqual(recognitionOf(fromNode));
      expectSameParameters(snap.result!, fromNode);
      expect(snap.result!.quality.score).toBe(fromNode.quality.score);
      expect(snap.result!.stages.map((s) => [s.name, s.passed])).toEqual(fromNode.stages.map((s) => [s.name, s.passed]));
    });

    it('shows the stages, the legend and the features; a click on the model shows that face; a feature click highlights', async () => {
      const page = v.page;
      await expect(page.locator('#stages li[data-stage]').count()).resolves.toBe(5);
      const legend = await page.locator('#legend li').allTextContents();
      expect(legend.map((l) => l.replace(/\s*\(\d+\)$/, ''))).toEqual(expect.arrayContaining(['stock', 'through_hole', 'rectangular_pocket']));
      await expect(page.locator('#features .feature').count()).resolves.toBe(snap.result!.recognition!.features.length);

      // Click the middle of the canvas: whichever face is there, the panel must describe it as the result does.
      const box = (await page.locator('#view').boundingBox())!;
      await page.mouse.click(box.x + box.width * 0.5, box.y + box.height * 0.5);
      const rows = Object.fromEntries(
        await page.locator('[data-testid=face] tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? ''))),
      ) as Record<string, string>;
      const stepId = Number(String(rows['STEP id']).replace('#', ''));
      const face = snap.result!.recognition!.faces.find((f) => f.stepId === stepId);
      expect(face).toBeDefined();
      expect(rows.class).toBe(face!.className);
      // the face's own tier (tiers are combined per face)
      expect(rows.tier).toBe(String(face!.tier));

      await page.locator('#features .feature').first().click();
      await expect(page.locator('#features .feature.selected').count()).resolves.toBe(1);
      await page.screenshot({ path: join(ARTIFACTS, 'viewer-plate-hole-pocket.png') });
    });

    it('label mode: the clicked face takes the chosen class and the exported JSON is a cadlens-face-labels/1 file', async () => {
      const page = v.page;
      await page.locator('#label-mode').check();
      await page.locator('#label-class').selectOption('rectangular_pocket');
      const box = (await page.locator('#view').boundingBox())!;
      await page.mouse.click(box.x + box.width * 0.5, box.y + box.height * 0.5);
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#label-export').click()]);
      const file = JSON.parse(readFileSync((await download.path())!, 'utf8'));
      expect(file.format).toBe('cadlens-face-labels/1');
      expect(file.file).toBe('plate-hole-pocket.step');
      expect(file.sha256).toBe(snap.result!.input.sha256);
      const labelled = Object.entries(file.faces as Record<string, { class: string }>);
      expect(labelled).toHaveLength(1);
      expect(labelled[0][1].class).toBe('rectangular_pocket');
      await expect(page.locator('#label-status').textContent()).resolves.toMatch(/^1 labelled, 11 to go$/);
    });
  });

  describe('an STL file (the fixture tessellated and written by cadlens) dropped in through the file input', () => {
    let v: ViewerPage;
    let snap: Snapshot;
    let stlPath: string;
    beforeAll(async () => {
      const { part } = await node.analyzeFileDetailed(FIXTURE);
      stlPath = join(ARTIFACTS, 'plate-hole-pocket.stl');
      writeFileSync(stlPath, writeBinaryStl(part!.mesh));
      v = await openViewer();
      await v.page.locator('#file').setInputFiles(stlPath);
      snap = await waitForAnalysis(v);
    }, 240_000);
    afterAll(async () => {
      await v?.close();
    });

    it('runs the mesh path in the worker and answers as the Node API does for the same STL', async () => {
      expect(snap.error).toBeNull();
      expect(snap.result!.input.format).toBe('stl');
      expect(snap.progress).toContain('heal');
      const fromNode = await node.analyzeFile(stlPath);
      expect(snap.result!.recognition?.tier).toBe(fromNode.recognition?.tier);
      expect(snap.result!.recognition?.faces.map((f) => f.className)).toEqual(fromNode.recognition?.faces.map((f) => f.className));
      expect(snap.result!.part!.faces.length).toBe(fromNode.part!.faces.length);
      await expect(v.page.locator('#legend li').count()).resolves.toBeGreaterThan(0);
      await v.page.screenshot({ path: join(ARTIFACTS, 'viewer-plate-hole-pocket-stl.png') });
      expect(v.problems).toEqual({ errors: [], offOrigin: [] });
    });
  });

  describe('a file that cannot be fetched, then a truncated STEP file: the panel says what went wrong', () => {
    let v: ViewerPage;
    beforeAll(async () => {
      v = await openViewer('?file=/fixtures/no-such-part.step');
    }, 240_000);
    afterAll(async () => {
      await v?.close();
    });

    it('a ?file= URL answering 404 shows the error in the panel, not "No part loaded."', async () => {
      const snap = await waitForAnalysis(v);
      expect(snap.status).toBe('error');
      expect(snap.error).toBe('GET /fixtures/no-such-part.step: HTTP 404');
      await expect(v.page.getByTestId('load-error').textContent()).resolves.toBe('GET /fixtures/no-such-part.step: HTTP 404');
    });

    it('a STEP file cut in half: its error, and "no B-Rep body" for faces (it is not mesh input)', async () => {
      const text = readFileSync(FIXTURE, 'utf8');
      const truncated = join(ARTIFACTS, 'plate-hole-pocket-truncated.step');
      writeFileSync(truncated, text.slice(0, text.length >> 1));
      await v.page.locator('#file').setInputFiles(truncated);
      const snap = await waitForAnalysis(v);
      expect(snap.status).toBe('done');
      expect(snap.result!.error?.code).toBe('STEP_UNEXPECTED_EOF');
      await expect(v.page.getByTestId('faces').textContent()).resolves.toBe('none (no B-Rep body was built: see the stages)');
      await expect(v.page.locator('#summary .fail').textContent()).resolves.toMatch(/^STEP_UNEXPECTED_EOF: /);
    });

    it('a ?file= URL answered with an HTML page (the dev server\'s fallback for a missing file) says so, not "unknown format"', async () => {
      // `/` is the viewer's index.html: what `npx vite` serves, with HTTP 200, for a ?file= path it does not have.
      await v.page.goto(`${v.server.origin}/?file=/`);
      const snap = await waitForAnalysis(v);
      expect(snap.status).toBe('error');
      expect(snap.error).toBe('GET /: got an HTML page, not a part (is the file served at that URL?)');
      await expect(v.page.getByTestId('load-error').textContent()).resolves.toBe(snap.error);
    });
  });

  describe.skipIf(!HAS_PART_A)('the AAGNet example part opened through the file input', () => {
    let v: ViewerPage;
    let snap: Snapshot;
    beforeAll(async () => {
      v = await openViewer();
      await v.page.locator('#file').setInputFiles(PART_A);
      snap = await waitForAnalysis(v);
    }, 240_000);
    afterAll(async () => {
      await v?.close();
    });

    it('equals the Node API face by face and feature by feature; screenshot saved', async () => {
      expect(snap.error).toBeNull();
      const fromNode = await node.analyzeFile(PART_A);
      expect(snap.result!.input.name).toBe('partA.step');
      expect(recognitionOf(snap.result!)).toEqual(recognitionOf(fromNode));
      expectSameParameters(snap.result!, fromNode);
      expect(snap.result!.recognition!.features.length).toBeGreaterThan(3);
      await v.page.screenshot({ path: join(ARTIFACTS, 'viewer-partA.png') });
      expect(v.problems).toEqual({ errors: [], offOrigin: [] });
    });
  });
});
