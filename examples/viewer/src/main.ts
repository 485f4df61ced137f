// The example viewer: open or drop a STEP/STL file; cadlens analyses it in a Web Worker; the model is shown
// coloured by machining feature with the validation stages, quality, tier and features beside it.
import { createWorkerAnalyzer, type AnalysisResult, type WorkerAnalysis } from 'cadlens/browser';
import { createFeatureMesh, createOpenEdgeLines, facesOfFinding, type FeatureMesh, type PickedFace } from 'cadlens/three';
import { LabelSession, LABEL_CLASSES } from './label-mode.js';
import { renderFace, renderFeatures, renderLegend, renderLoadError, renderStages, renderSummary } from './panel.js';
import { createViewerScene } from './scene.js';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/** What the page exposes for tests and the console (`window.cadlensViewer`). */
interface ViewerState {
  status: 'idle' | 'analyzing' | 'done' | 'error';
  progress: string[];
  result: AnalysisResult | null;
  error: string | null;
  elapsedMs: number;
  load(file: Blob, name: string): Promise<void>;
  pickFace(faceIndex: number): void;
  selectFeature(index: number | null): void;
  labels: LabelSession | null;
}

const assetsBase = new URL('./cadlens-assets/', document.baseURI).href;
const params = new URLSearchParams(location.search);
const analyzer = createWorkerAnalyzer({
  worker: new Worker(new URL('./analysis-worker.ts', import.meta.url), { type: 'module' }),
  assets: {
    occtWasmBase: `${assetsBase}occt/`,
    ortWasmBase: `${assetsBase}ort/`,
    model: params.get('tier1') === 'off' ? null : `${assetsBase}models/aagnet-cadlens-ft.onnx`,
  },
  // `?providers=wasm` forces the wasm provider (WebGPU is tried first otherwise).
  ...(params.get('providers') ? { executionProviders: params.get('providers')!.split(',') as ('webgpu' | 'wasm')[] } : {}),
});

const scene = createViewerScene($<HTMLCanvasElement>('view'));
let view: FeatureMesh | null = null;
let analysis: WorkerAnalysis | null = null;

const state: ViewerState = {
  status: 'idle',
  progress: [],
  result: null,
  error: null,
  elapsedMs: 0,
  labels: null,
  load,
  pickFace,
  selectFeature: (i) => {
    view?.highlightFeature(i);
    scene.render();
  },
};
(window as unknown as { cadlensViewer: ViewerState }).cadlensViewer = state;

function labelledResult(result: AnalysisResult, labels: LabelSession): AnalysisResult {
  const faces = (result.part?.faces ?? []).map((f) => ({
    faceIndex: f.index,
    stepId: f.stepId,
    classId: -1,
    className: (f.stepId !== null && labels.labels.get(f.stepId)) || 'unrecognized',
    probability: 1,
  }));
  return { ...result, recognition: { ...(result.recognition ?? { tier: null, recognizer: null, nominalConfidence: 0, confidence: 0, skipped: [], features: [] }), faces } } as AnalysisResult;
}

function showModel(): void {
  if (!analysis?.geometry) return scene.show([]);
  view?.dispose();
  const labelling = $<HTMLInputElement>('label-mode').checked && state.labels;
  view = createFeatureMesh(labelling ? labelledResult(analysis.result, state.labels!) : analysis.result, analysis.geometry);
  const overlay = createOpenEdgeLines(analysis.geometry);
  scene.show(overlay.openEdges + overlay.nonManifoldEdges > 0 ? [view.mesh, overlay.lines] : [view.mesh]);
  renderLegend($('legend'), view.legend);
}

function pickFace(faceIndex: number): void {
  if (!view || !analysis?.geometry) return;
  // B-Rep faces: any triangle of the face's draw group.
  const picked = view.pickTriangle(triangleOfFace(faceIndex));
  if (picked) showPicked(picked);
}

/** A displayed triangle of a B-Rep face (the feature mesh reorders triangles by face). */
function triangleOfFace(faceIndex: number): number {
  const groups = view!.mesh.geometry.groups;
  for (const g of groups) {
    const picked = view!.pickTriangle(g.start / 3);
    if (picked?.faceIndex === faceIndex) return g.start / 3;
  }
  return -1;
}

function showPicked(picked: PickedFace): void {
  if (!view) return;
  if ($<HTMLInputElement>('label-mode').checked && state.labels && picked.stepId !== null) {
    state.labels.set(picked.stepId, $<HTMLSelectElement>('label-class').value);
    showModel();
    $('label-status').textContent = `${state.labels.labels.size} labelled, ${state.labels.missing()} to go`;
  }
  view.highlightFaces([picked.faceIndex]);
  scene.render();
  renderFace($('face'), picked, picked.stepId !== null ? state.labels?.labels.get(picked.stepId) : undefined);
}

function showLoadError(name: string, error: unknown): void {
  state.error = error instanceof Error ? error.message : String(error);
  state.status = 'error';
  renderLoadError($('summary'), name, state.error);
}

async function load(file: Blob, name: string): Promise<void> {
  state.status = 'analyzing';
  state.progress = [];
  state.error = null;
  const progress = $('progress');
  progress.hidden = false;
  progress.textContent = `${name}: reading…`;
  const started = performance.now();
  try {
    analysis = await analyzer.analyze(file, {
      name,
      onProgress: (step) => {
        state.progress.push(step);
        progress.textContent = `${name}: ${step}…`;
      },
    });
    state.elapsedMs = performance.now() - started;
    state.result = analysis.result;
    state.labels = new LabelSession(analysis.result);
    renderSummary($('summary'), analysis.result, state.elapsedMs);
    renderStages($('stages'), analysis.result, (ids) => {
      view?.highlightFaces(facesOfFinding(analysis!.result, { entityIds: ids }));
      scene.render();
    });
    renderFeatures($('features'), analysis.result, state.selectFeature);
    renderFace($('face'), null);
    showModel();
    state.status = 'done';
  } catch (error) {
    showLoadError(name, error);
  } finally {
    progress.hidden = true;
  }
}

// Open, drop, and ?file=<same-origin path> for demos and tests.
$<HTMLInputElement>('file').addEventListener('change', (e) => {
  const f = (e.target as HTMLInputElement).files?.[0];
  if (f) void load(f, f.name);
});
const stage = $('stage');
stage.addEventListener('dragover', (e) => {
  e.preventDefault();
  stage.classList.add('dragging');
});
stage.addEventListener('dragleave', () => stage.classList.remove('dragging'));
stage.addEventListener('drop', (e) => {
  e.preventDefault();
  stage.classList.remove('dragging');
  const f = e.dataTransfer?.files[0];
  if (f) void load(f, f.name);
});
const fileParam = params.get('file');
if (fileParam && new URL(fileParam, location.href).origin === location.origin) {
  void fetch(fileParam)
    .then((r) => {
      if (!r.ok) return Promise.reject(new Error(`GET ${fileParam}: HTTP ${r.status}`));
      // Vite's dev server (and SPA hosts) answer a missing file with index.html and HTTP 200, which the
      // pipeline would report as "text of no known CAD or mesh format": say what came back instead.
      if (/text\/html/i.test(r.headers.get('content-type') ?? ''))
        return Promise.reject(new Error(`GET ${fileParam}: got an HTML page, not a part (is the file served at that URL?)`));
      return r.blob();
    })
    .then((b) => load(b, fileParam.split('/').pop()!))
    // Without this the page would stay at "No part loaded." with the reason only in the console.
    .catch((e: Error) => showLoadError(fileParam, e));
}

scene.onPick(
  () => view?.mesh ?? null,
  (triangle) => {
    const picked = view?.pickTriangle(triangle);
    if (picked) showPicked(picked);
  },
);

// Label mode controls.
const classSelect = $<HTMLSelectElement>('label-class');
classSelect.innerHTML = LABEL_CLASSES.map((c) => `<option>${c}</option>`).join('');
$<HTMLInputElement>('label-mode').addEventListener('change', showModel);
$('label-export').addEventListener('click', () => {
  if (!state.labels) return;
  const blob = new Blob([JSON.stringify(state.labels.export(), null, 2)], { type: 'application/json' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = `${(state.result?.input.name ?? 'part').replace(/\.[^.]+$/, '')}.labels.json`;
  a.click();
  URL.revokeObjectURL(a.href);
});
$<HTMLInputElement>('label-import').addEventListener('change', async (e) => {
  const f = (e.target as HTMLInputElement).files?.[0];
  if (!f || !state.labels) return;
  try {
    const n = state.labels.import(JSON.parse(await f.text()));
    $('label-status').textContent = `imported ${n} face labels; ${state.labels.missing()} faces without a label`;
    showModel();
  } catch (err) {
    $('label-status').textContent = `cannot import: ${(err as Error).message}`;
  }
});
