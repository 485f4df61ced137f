import type { AnalysisResult } from '../../../result/index.js';
import { formatNumber, groupFeatures } from './group-features.js';

/** True when the file analysed cleanly: no error and every stage passed. Drives the exit code. */
export function resultIsGood(result: AnalysisResult): boolean {
  return result.error === undefined && result.stages.every((s) => s.passed);
}

/** Options of {@link formatSummary}. */
export interface SummaryOptions {
  /** One line per stage, per recognized feature (with its faces) and per finding. @defaultValue false */
  verbose?: boolean;
}

const MAX_FINDING_GROUPS_SHOWN = 8;

type Stage = AnalysisResult['stages'][number];
type Finding = Stage['findings'][number];

/**
 * A readable summary of one result, for humans on a terminal. By default it stays short whatever the
 * part: stages on one line, features grouped by type with counts and parameter summaries, findings
 * grouped by code. `verbose` adds the per-stage, per-feature and per-finding detail. An error is
 * printed once (the findings that only repeat it are left out).
 */
export function formatSummary(result: AnalysisResult, options: SummaryOptions = {}): string {
  const verbose = options.verbose ?? false;
  const lines: string[] = [];
  const error = result.error;
  const inputFailed = result.stages.find((s) => s.name === 'input')?.passed === false;

  if (error && inputFailed && !verbose) {
    // Nothing ran: the name and the one error say it all.
    lines.push(`${result.input.name}  [ERROR]`);
    lines.push(`  error ${error.code} (${error.kind}): ${error.message}`);
    return lines.join('\n');
  }

  const status = resultIsGood(result) ? 'OK' : error ? 'ERROR' : 'FAILED';
  const quality = error ? '' : `  quality ${result.quality.score.toFixed(2)}`;
  // A result served from the result cache (--redis-url) says so: its timings are the earlier analysis's.
  const cached = result.cache?.hit ? ', from the result cache' : '';
  lines.push(`${result.input.name}  [${status}]${quality}  (${result.input.format}, ${formatBytes(result.input.sizeBytes)}${cached})`);
  if (error) lines.push(`  error ${error.code} (${error.kind}): ${error.message}`);

  if (verbose) {
    for (const stage of result.stages) {
      const mark = stage.skipped ? 'skip' : stage.passed ? 'pass' : 'FAIL';
      lines.push(`  ${mark.padEnd(4)} ${stage.name.padEnd(8)} ${countBySeverity(stage.findings)}${stage.skipped ? `  (${stage.skipped.reason})` : ''}`.trimEnd());
    }
  } else {
    lines.push(`  stages: ${result.stages.map(stageWord).join(', ')}`);
  }

  const part = result.part;
  if (part && part.counts.faces === 0 && part.counts.triangles === 0) {
    // Nothing was built (curves or points only, no body): a 0 × 0 × 0 bbox and 0 mm² would read as a measurement.
    lines.push(`  part: nothing built (${part.counts.solids} solids, 0 faces, 0 triangles)`);
  } else if (part) {
    const size = part.bbox.max.map((v, i) => v - part.bbox.min[i]).map((v) => v.toFixed(2)).join(' × ');
    lines.push(
      part.counts.faces === 0
        ? // A mesh input (STL, OBJ…) has triangles and no B-Rep: "1 solid(s), 0 faces" read as a part that lost its faces.
          `  part: mesh only, ${part.counts.triangles} triangles (no B-Rep faces or edges); bbox ${size} mm`
        : `  part: ${part.counts.solids} solid(s), ${part.counts.faces} faces, ${part.counts.edges} edges, ${part.counts.triangles} triangles; bbox ${size} mm`,
    );
    const types = Object.entries(part.countsBySurfaceType).map(([t, n]) => `${t} ${n}`).join(', ');
    if (types) lines.push(`  surfaces: ${types}`);
    lines.push(`  area ${part.surfaceAreaMm2.toFixed(2)} mm²` + (part.volumeMm3 === null ? '' : `, volume ${part.volumeMm3.toFixed(2)} mm³`));
  }

  if (result.recognition) {
    const r = result.recognition;
    const n = r.features.length;
    lines.push(
      r.tier === null
        ? '  recognition: no tier answered'
        : `  recognition: tier ${r.tier} (${r.recognizer}), confidence ${r.confidence.toFixed(2)}, ${n} feature${n === 1 ? '' : 's'}`,
    );
    if (r.solids) lines.push(`    bodies: ${r.solids.length} (${bodyCounts(r.solids)})`);
    for (const s of r.skipped)
      lines.push(`    ${s.solid !== undefined ? `body ${s.solid}: ` : ''}skipped tier ${s.tier} (${s.recognizer}): ${s.reason}${s.detail ? ` — ${s.detail}` : ''}`);
    for (const g of groupFeatures(r.features)) {
      const params = g.parameters.map((p) => `${p.name} ${p.summary}`).join('; ');
      lines.push(`    ${g.type} ×${g.count}${params ? `  ${params}` : ''}`);
      if (verbose) {
        for (const f of r.features.filter((x) => x.type === g.type)) {
          const values = Object.entries(f.parameters).map(([k, v]) => `${k}=${formatNumber(v)}`).join(' ');
          lines.push(`      ${f.type}: faces [${f.faces.join(', ')}]${values ? ` ${values}` : ''}`);
        }
      }
    }
  }

  lines.push(...formatFindings(result, verbose));
  return lines.join('\n');
}

/** "tier 1: 2, tier 2: 1, not_solid: 3": how many bodies each tier answered or each reason skipped. */
function bodyCounts(solids: NonNullable<NonNullable<AnalysisResult['recognition']>['solids']>): string {
  const counts = new Map<string, number>();
  for (const b of solids) {
    const key = b.skipReason ?? `tier ${b.tier}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([k, n]) => `${k}: ${n}`).join(', ');
}

function stageWord(stage: Stage): string {
  if (stage.skipped) return `${stage.name} skipped`;
  if (stage.passed) {
    const w = stage.findings.filter((f) => f.severity === 'warning').length;
    return w === 0 ? `${stage.name} ok` : `${stage.name} ok (${plural(w, 'warning')})`;
  }
  return `${stage.name} FAILED (${countBySeverity(stage.findings) || 'no findings'})`;
}

/**
 * Errors and warnings, grouped by stage and code (`×n` when a code repeats); the one that is already
 * the headline error and the quality stage's echo of it are left out. Verbose lists every finding.
 */
function formatFindings(result: AnalysisResult, verbose: boolean): string[] {
  const shown: { stage: string; f: Finding; n: number }[] = [];
  for (const stage of result.stages) {
    for (const f of stage.findings) {
      if (f.severity === 'info') continue;
      if (!verbose && result.error && (f.code === result.error.code || f.code === 'QUALITY_FATAL')) continue;
      const same = verbose ? undefined : shown.find((s) => s.stage === stage.name && s.f.code === f.code && s.f.severity === f.severity);
      if (same) same.n++;
      else shown.push({ stage: stage.name, f, n: 1 });
    }
  }
  const limit = verbose ? shown.length : MAX_FINDING_GROUPS_SHOWN;
  const lines = shown.slice(0, limit).map(({ stage, f, n }) => `  ${f.severity} [${stage}] ${f.code}${n > 1 ? ` ×${n}` : ''}: ${f.message}`);
  if (shown.length > limit) lines.push(`  … ${shown.length - limit} more kinds of finding (--verbose or --json)`);
  return lines;
}

function countBySeverity(findings: readonly Finding[]): string {
  const e = findings.filter((f) => f.severity === 'error').length;
  const w = findings.filter((f) => f.severity === 'warning').length;
  return [e ? plural(e, 'error') : '', w ? plural(w, 'warning') : ''].filter(Boolean).join(', ');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}
