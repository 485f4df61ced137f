// The side panel: summary (tier and why, provider, quality), stages with findings, legend, features, picked face.
import type { AnalysisResult } from 'cadlens/browser';
import type { LegendEntry, PickedFace } from 'cadlens/three';

const esc = (s: unknown) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const fmt = (n: number) => (Math.abs(n) >= 100 ? n.toFixed(1) : Math.abs(n) >= 1 ? n.toFixed(2) : n.toPrecision(3));

export function renderSummary(el: HTMLElement, result: AnalysisResult, elapsedMs: number): void {
  const r = result.recognition;
  const provider = (r?.details as { provider?: string } | undefined)?.provider;
  const skipped = (r?.skipped ?? []).map((s) => `<li>tier ${s.tier} (${esc(s.recognizer)}): ${esc(s.reason)}${s.detail ? ` — ${esc(s.detail)}` : ''}</li>`).join('');
  el.innerHTML = `
    <h2>${esc(result.input.name)}</h2>
    <table>
      <tr><td>quality</td><td data-testid="quality">${fmt(result.quality.score)} (0–1)</td></tr>
      <tr><td>recognized by</td><td data-testid="tier">${r?.tier ? `tier ${r.tier} — ${esc(r.recognizer)}` : 'no tier'}${provider ? ` on ${esc(provider)}` : ''}</td></tr>
      <tr><td>confidence</td><td>${r ? fmt(r.confidence) : '—'}</td></tr>
      <tr><td>faces</td><td data-testid="faces">${facesCell(result)}</td></tr>
      <tr><td>time</td><td>${(elapsedMs / 1000).toFixed(2)} s</td></tr>
    </table>
    ${skipped ? `<p class="muted">Why not a better tier:</p><ul>${skipped}</ul>` : ''}
    ${result.error ? `<p class="fail">${esc(result.error.code)}: ${esc(result.error.message)}</p>` : ''}`;
}

const MESH_FORMATS = new Set(['stl', 'obj', 'ply', 'xyz']);

/** B-Rep faces; a mesh has none (its recognized segments instead), and a STEP file that failed has none either. */
function facesCell(result: AnalysisResult): string {
  if (result.part?.faces.length) return String(result.part.faces.length);
  if (MESH_FORMATS.has(result.input.format)) return `none (mesh input: ${result.recognition?.faces.length ?? 0} recognized segments)`;
  return 'none (no B-Rep body was built: see the stages)';
}

/** A failure before any result (the file could not be fetched, the worker died): the summary says so. */
export function renderLoadError(el: HTMLElement, name: string, message: string): void {
  el.innerHTML = `<h2>${esc(name)}</h2><p class="fail" data-testid="load-error">${esc(message)}</p>`;
}

export function renderStages(el: HTMLElement, result: AnalysisResult, onFinding: (entityIds: number[]) => void): void {
  el.innerHTML = '<h2>Validation</h2>';
  const list = document.createElement('ul');
  for (const stage of result.stages) {
    const li = document.createElement('li');
    const status = stage.skipped ? `<span class="muted">not run (${esc(stage.skipped.reason)})</span>` : stage.passed ? '<span class="pass">passed</span>' : '<span class="fail">failed</span>';
    li.innerHTML = `<b>${esc(stage.name)}</b> ${status}`;
    li.dataset.stage = stage.name;
    if (stage.findings.length > 0) {
      const sub = document.createElement('ul');
      for (const f of stage.findings) {
        const item = document.createElement('li');
        item.innerHTML = `<span class="${f.severity === 'error' ? 'fail' : 'muted'}">${esc(f.severity)}</span> ${esc(f.code)}: ${esc(f.message)}`;
        if (f.entityIds?.length) {
          item.classList.add('feature');
          item.addEventListener('click', () => onFinding(f.entityIds!));
        }
        sub.append(item);
      }
      li.append(sub);
    }
    list.append(li);
  }
  el.append(list);
}

export function renderLegend(el: HTMLElement, legend: LegendEntry[]): void {
  el.innerHTML = `<h2>Classes</h2><ul>${legend
    .map((l) => `<li><span class="swatch" style="background:${l.color}"></span>${esc(l.className)} <span class="muted">(${l.faces})</span></li>`)
    .join('')}</ul>`;
}

export function renderFeatures(el: HTMLElement, result: AnalysisResult, onSelect: (index: number | null) => void): void {
  const features = result.recognition?.features ?? [];
  el.innerHTML = `<h2>Features (${features.length})</h2>`;
  const list = document.createElement('div');
  let selected: HTMLElement | null = null;
  features.forEach((f, i) => {
    const item = document.createElement('div');
    item.className = 'feature';
    item.dataset.feature = String(i);
    const params = Object.entries(f.parameters)
      .map(([k, v]) => `${esc(k)} ${fmt(v)}`)
      .join(', ');
    item.innerHTML = `<b>${esc(f.type)}</b> · ${f.faces.length} face${f.faces.length === 1 ? '' : 's'} · ${fmt(f.confidence)}<div class="params">${params}</div>`;
    item.addEventListener('click', () => {
      selected?.classList.remove('selected');
      const again = selected === item;
      selected = again ? null : item;
      selected?.classList.add('selected');
      onSelect(again ? null : i);
    });
    list.append(item);
  });
  el.append(list);
}

export function renderFace(el: HTMLElement, face: PickedFace | null, labelled?: string): void {
  if (!face) {
    el.innerHTML = '';
    return;
  }
  el.innerHTML = `<h2>Face ${face.faceIndex}</h2><table data-testid="face">
    <tr><td>STEP id</td><td>#${face.stepId ?? '—'}</td></tr>
    <tr><td>surface</td><td>${esc(face.surfaceType ?? '—')}</td></tr>
    <tr><td>class</td><td>${esc(face.className)}</td></tr>
    <tr><td>probability</td><td>${face.probability === null ? '—' : fmt(face.probability)}</td></tr>
    <tr><td>tier</td><td>${face.tier ?? '—'}</td></tr>
    <tr><td>features</td><td>${face.features.join(', ') || '—'}</td></tr>
    ${labelled ? `<tr><td>your label</td><td>${esc(labelled)}</td></tr>` : ''}</table>`;
}
