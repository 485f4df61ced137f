import type { AnalysisResult } from '../../../result/index.js';

/** True when the file analysed cleanly: no error and every stage passed. Drives the exit code. */
export function resultIsGood(result: AnalysisResult): boolean {
  return result.error === undefined && result.stages.every((s) => s.passed);
}

const MAX_FINDINGS_SHOWN = 8;

/** A readable multi-line summary of one result, for humans on a terminal. */
export function formatSummary(result: AnalysisResult): string {
  const lines: string[] = [];
  const status = resultIsGood(result) ? 'OK' : result.error ? 'ERROR' : 'FAILED';
  lines.push(`${result.input.name}  [${status}]  quality ${result.quality.score.toFixed(2)}  (${result.input.format}, ${formatBytes(result.input.sizeBytes)})`);
  if (result.error) lines.push(`  error ${result.error.code} (${result.error.kind}): ${result.error.message}`);
  for (const stage of result.stages) {
    const mark = stage.skipped ? 'skip' : stage.passed ? 'pass' : 'FAIL';
    const counts = countBySeverity(stage.findings);
    lines.push(`  ${mark.padEnd(4)} ${stage.name.padEnd(8)} ${counts}${stage.skipped ? `  (${stage.skipped.reason})` : ''}`);
  }
  const part = result.part;
  if (part) {
    const size = part.bbox.max.map((v, i) => v - part.bbox.min[i]).map((v) => v.toFixed(2)).join(' × ');
    lines.push(
      `  part: ${part.counts.solids} solid(s), ${part.counts.faces} faces, ${part.counts.edges} edges, ${part.counts.triangles} triangles; bbox ${size} mm`,
    );
    const types = Object.entries(part.countsBySurfaceType).map(([t, n]) => `${t} ${n}`).join(', ');
    if (types) lines.push(`  surfaces: ${types}`);
    lines.push(
      `  area ${part.surfaceAreaMm2.toFixed(2)} mm²` + (part.volumeMm3 === null ? '' : `, volume ${part.volumeMm3.toFixed(2)} mm³`),
    );
  }
  if (result.recognition) {
    const r = result.recognition;
    lines.push(
      r.tier === null
        ? '  recognition: no tier answered'
        : `  recognition: tier ${r.tier} (${r.recognizer}), confidence ${r.confidence.toFixed(2)}`,
    );
    for (const s of r.skipped) lines.push(`    skipped tier ${s.tier} (${s.recognizer}): ${s.reason}${s.detail ? ` — ${s.detail}` : ''}`);
    for (const f of r.features) {
      const params = Object.entries(f.parameters).map(([k, v]) => `${k}=${round(v)}`).join(' ');
      lines.push(`    ${f.type}: faces [${f.faces.join(', ')}] ${params}`);
    }
  }
  const errors = result.stages.flatMap((s) => s.findings.filter((f) => f.severity !== 'info').map((f) => ({ stage: s.name, f })));
  for (const { stage, f } of errors.slice(0, MAX_FINDINGS_SHOWN)) lines.push(`  ${f.severity} [${stage}] ${f.code}: ${f.message}`);
  if (errors.length > MAX_FINDINGS_SHOWN) lines.push(`  … ${errors.length - MAX_FINDINGS_SHOWN} more findings (use --json)`);
  return lines.join('\n');
}

function countBySeverity(findings: AnalysisResult['stages'][number]['findings']): string {
  const e = findings.filter((f) => f.severity === 'error').length;
  const w = findings.filter((f) => f.severity === 'warning').length;
  return e + w === 0 ? '' : `${e} error(s), ${w} warning(s)`;
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

function round(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(3);
}
