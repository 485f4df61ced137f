/**
 * The markdown form of an evaluation report: a summary row per recognition path, per-class
 * precision/recall, the `other_feature` line, declines and failures, and the confusion matrices.
 * @internal
 */
import { AAGNET_CLASS_NAMES } from '../../src/inference/aagnet-classes.js';
import type { EvaluationReport } from './run-evaluation.js';
import { TIER_LABELS, type TierId } from './run-tiers.js';

const pct = (v: number | null | undefined, d = 1) => (v === null || v === undefined ? '—' : (100 * v).toFixed(d));
const num = (v: number | null | undefined, d = 3) => (v === null || v === undefined ? '—' : v.toFixed(d));
const ms = (v: number | null) => (v === null ? '—' : v < 100 ? v.toFixed(1) : v.toFixed(0));

/** Renders a report as markdown. */
export function renderMarkdown(report: EvaluationReport): string {
  const L: string[] = [];
  const tiers = report.tiers.filter((t) => report.results[t]) as TierId[];
  L.push(`### Set \`${report.set}\`: ${report.items} parts${report.split ? `, split ${report.split}` : ''}`);
  L.push('', `Sample: ${report.sample}.${report.rotation ? ` Rotation: ${report.rotation}.` : ''} Commit ${report.commit}, ${report.date.slice(0, 10)}, Node ${report.node}, wall ${report.wallS.toFixed(0)} s.`);
  L.push(
    '',
    '| path | unit | parts answered / declined / failed | elements | accuracy % | mean part acc % | acc by area % (pooled / mean part) | macro P % | macro R % | inst P/R/F1 % (IoU=1) | inst P/R/F1 % (IoU≥0.5) | stock called feature (n; % stock area pooled / mean per part) | ECE face | ECE part | mean part conf | ms/part median (p90) |',
    '|---|---|---|---:|---:|---:|---|---:|---:|---|---|---|---:|---:|---:|---|',
  );
  for (const t of tiers) {
    const r = report.results[t]!;
    const inst = (s: { precision: number | null; recall: number | null; f1: number | null } | undefined) => (s ? `${pct(s.precision)} / ${pct(s.recall)} / ${pct(s.f1)}` : 'n/a');
    L.push(
      `| ${TIER_LABELS[t]} | ${r.unit} | ${r.parts.answered} / ${r.parts.declined} / ${r.parts.failed} | ${r.faces.faces} | ${pct(r.faces.accuracy)} | ${pct(r.faces.meanPartAccuracy)} | ${pct(r.areaAccuracy.pooled)} / ${pct(r.areaAccuracy.meanPart)} | ${pct(r.faces.macroPrecision)} | ${pct(r.faces.macroRecall)} | ${inst(r.instances?.iou1)} | ${inst(r.instances?.iou05)} | ${r.stock.calledFeature} of ${r.stock.elements}; ${pct(r.stock.calledFeatureAreaShare)} / ${pct(r.stock.meanPartCalledFeatureAreaShare)} % | ${num(r.calibration.face.ece)} | ${num(r.calibration.part.ece)} | ${num(r.calibration.part.meanConfidence)} | ${ms(r.timeMs.median)} (${ms(r.timeMs.p90)}) |`,
    );
  }
  const other = tiers.map((t) => [t, report.results[t]!.otherFeature] as const).filter(([, o]) => o.elements > 0);
  if (other.length > 0) {
    L.push('', '`other_feature` elements (excluded from accuracy: no AAGNet class can be right), what each path called them:');
    for (const [t, o] of other)
      L.push(`- ${TIER_LABELS[t]}: ${o.elements} — ${Object.entries(o.predictedAs).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  } else L.push('', '`other_feature` elements: none in this set.');
  const groups = [
    ['holes (`through_hole` + `blind_hole`; a composite hole — counterbore, countersink… — is one instance)', 'holeInstances'],
    ['rounds (one instance per smooth chain of fillet faces)', 'roundInstances'],
    ['chamfers', 'chamferInstances'],
  ] as const;
  const instRows: string[] = [];
  for (const [what, key] of groups)
    for (const t of tiers) {
      const h = report.results[t]![key];
      if (!h || h.iou1.truth + h.iou1.predicted === 0) continue;
      const cell = (s: typeof h.iou1) => `${pct(s.precision)} / ${pct(s.recall)} / ${pct(s.f1)}`;
      instRows.push(`| ${what.split(' (')[0]} | ${TIER_LABELS[t]} | ${h.iou1.truth} / ${h.iou1.predicted} | ${cell(h.iou1)} | ${cell(h.iou05)} |`);
    }
  if (instRows.length > 0) {
    L.push('', `Instances by kind: ${groups.map(([w]) => w).join('; ')}:`, '', '| kind | path | true / predicted | P / R / F1 % (IoU=1) | P / R / F1 % (IoU≥0.5) |', '|---|---|---|---|---|', ...instRows);
  }
  const instNote = tiers.some((t) => report.results[t]!.instances === null);
  if (instNote) L.push('', 'Instance metrics: n/a where the labels have no instances (MFCAD).');

  // Per-class precision / recall.
  const first = report.results[tiers[0]];
  if (first) {
    L.push('', `| class | support (${tiers.map((t) => TIER_LABELS[t].split(' (')[0]).join(' / ')}) | ${tiers.map((t) => `${TIER_LABELS[t].split(' (')[0]} P / R %`).join(' | ')} |`, `|---|---|${tiers.map(() => '---').join('|')}|`);
    AAGNET_CLASS_NAMES.forEach((name, c) => {
      const cells = tiers.map((t) => report.results[t]!.faces.perClass[c]);
      if (cells.every((x) => x.support === 0 && x.predicted === 0)) return;
      L.push(`| ${name} | ${cells.map((x) => x.support).join(' / ')} | ${cells.map((x) => `${pct(x.precision)} / ${pct(x.recall)}`).join(' | ')} |`);
    });
  }

  for (const t of tiers) {
    const r = report.results[t]!;
    const declines = Object.entries(r.declineReasons).sort((a, b) => b[1] - a[1]);
    if (declines.length) L.push('', `${TIER_LABELS[t]} declined: ${declines.slice(0, 6).map(([k, v]) => `${v}× ${k}`).join('; ')}`);
    if (r.failures.length) L.push('', `${TIER_LABELS[t]} failed on ${r.failures.length}: ${r.failures.slice(0, 5).map((f) => `${f.name} (${f.reason.slice(0, 120)})`).join('; ')}`);
    if (Object.keys(r.answeredBy).length > 1 || t === 'default') L.push('', `${TIER_LABELS[t]} answered by: ${Object.entries(r.answeredBy).map(([k, v]) => `${k} ${v}`).join(', ') || '—'}`);
  }

  // Confusion matrices restricted to the classes that occur.
  for (const t of tiers) {
    const m = report.results[t]!.faces;
    const k = m.classNames.length;
    const rows = m.confusion.map((row, i) => [i, row] as const).filter(([, row]) => row.some((v) => v > 0));
    const extra = m.predictedOnlyNames ?? [];
    const cols = Array.from({ length: k + extra.length + 1 }, (_, j) => j).filter((j) => rows.some(([, row]) => row[j] > 0));
    if (rows.length === 0) continue;
    const colName = (j: number) => (j < k ? m.classNames[j] : j < k + extra.length ? extra[j - k] : 'none');
    L.push('', `<details><summary>Confusion matrix, ${TIER_LABELS[t]} (rows: truth, columns: predicted)</summary>`, '');
    L.push(`| truth \\ predicted | ${cols.map(colName).join(' | ')} |`, `|---|${cols.map(() => '---:').join('|')}|`);
    for (const [i, row] of rows) L.push(`| ${m.classNames[i]} | ${cols.map((j) => (row[j] ? String(row[j]) : '·')).join(' | ')} |`);
    L.push('', '</details>');
  }
  return `${L.join('\n')}\n`;
}
