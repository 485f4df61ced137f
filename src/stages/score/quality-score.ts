import type { Finding, Severity, StageResult } from '../validate/finding.js';

/** Weights of the quality score. See docs/validation.md for the formula. */
export interface QualityWeights {
  /** Penalty per finding of each severity. @defaultValue `{ error: 0.2, warning: 0.03, info: 0 }` */
  perFinding: Record<Severity, number>;
  /** Largest penalty one finding code can add, per severity. @defaultValue `{ error: 0.4, warning: 0.09, info: 0 }` */
  capPerCode: Record<Severity, number>;
}

/** The default weights. */
export const DEFAULT_QUALITY_WEIGHTS: Readonly<QualityWeights> = Object.freeze({
  perFinding: Object.freeze({ error: 0.2, warning: 0.03, info: 0 }),
  capPerCode: Object.freeze({ error: 0.4, warning: 0.09, info: 0 }),
});

/**
 * Parse-stage error codes that concern single faces: they lower the score but are not fatal.
 * Any other parse error means the Part cannot be trusted and the score is 0.
 */
export const NON_FATAL_PARSE_CODES: readonly string[] = ['PARSE_FACE_UNMAPPED'];

/**
 * Codes that say a check did not run (`GEOM_CHECK_NOT_RUN`: faces without triangles). They are errors, so
 * the stage that could not check does not pass, but they are not defects found — their cause is charged
 * already (`PARSE_FACE_UNMAPPED`) — so the score weighs them as warnings.
 */
export const NOT_RUN_CODES: readonly string[] = ['GEOM_CHECK_NOT_RUN'];

/**
 * Codes that say a check did not run because the caller chose not to tessellate (`mesh: 'never'`, or
 * `'auto'` with nothing that needs the mesh): `GEOM_MESH_CHECK_NOT_RUN`. They are info findings and weigh
 * nothing — the score then covers the checks that ran, not the ones that did not (they are not counted
 * as passed either) — and the quality stage adds `QUALITY_PARTIAL` (info) naming them.
 */
export const SKIPPED_BY_CHOICE_CODES: readonly string[] = ['GEOM_MESH_CHECK_NOT_RUN'];

/** One code's contribution to the score. */
export interface QualityPenalty {
  code: string;
  severity: Severity;
  count: number;
  /** min(count × perFinding, capPerCode). */
  penalty: number;
}

/** The result of {@link computeQualityScore}. */
export interface QualityScore {
  /** 0.0–1.0, rounded to 4 decimals. */
  score: number;
  /** True when a fatal condition forced the score to 0. */
  fatal: boolean;
  /** Why, when fatal. */
  fatalReason?: string;
  /** Contributions per code, largest first (empty when fatal). */
  penalties: QualityPenalty[];
}

function round4(x: number): number {
  return Math.round(x * 10000) / 10000;
}

/**
 * The quality score from the results of the first four stages (input, format, parse, geometry).
 * Checks that did not run for lack of a mesh chosen by the caller ({@link SKIPPED_BY_CHOICE_CODES})
 * weigh nothing: the score covers the checks that ran, and `runQualityStage` says which did not.
 *
 * - **0** when a stage that the analysis depends on failed: the input stage did not pass, the parse
 *   or geometry stage was skipped (or is missing), or the parse stage has an error other than
 *   per-face codes ({@link NON_FATAL_PARSE_CODES});
 * - otherwise `1 − Σ_code min(count_code × w[severity], cap[severity])`, clamped to [0, 1] and
 *   rounded to 4 decimals, over the error and warning findings of all four stages (info findings
 *   weigh 0). Defaults: an error costs 0.2 (at most 0.4 per code), a warning 0.03 (at most 0.09 per code);
 *   a check that did not run ({@link NOT_RUN_CODES}) weighs as a warning.
 *
 * @example
 * ```ts
 * computeQualityScore([input, format, parse, geometry]).score; // e.g. 0.77
 * ```
 */
export function computeQualityScore(stages: readonly StageResult[], weights: QualityWeights = DEFAULT_QUALITY_WEIGHTS): QualityScore {
  const byName = new Map(stages.map((s) => [s.name, s]));
  const fatal = (reason: string): QualityScore => ({ score: 0, fatal: true, fatalReason: reason, penalties: [] });
  const input = byName.get('input');
  if (!input || input.skipped || !input.passed) return fatal(input?.skipped ? 'input stage skipped' : 'input stage failed');
  const parse = byName.get('parse');
  if (!parse || parse.skipped) return fatal(`parse stage ${parse ? `skipped: ${parse.skipped!.reason}` : 'missing'}`);
  const fatalParse = parse.findings.find((f) => f.severity === 'error' && !NON_FATAL_PARSE_CODES.includes(f.code));
  if (fatalParse) return fatal(`parse error ${fatalParse.code}`);
  const geometry = byName.get('geometry');
  if (!geometry || geometry.skipped) return fatal(`geometry stage ${geometry ? `skipped: ${geometry.skipped!.reason}` : 'missing'}`);

  const groups = new Map<string, { severity: Severity; count: number }>();
  for (const s of stages) {
    if (s.name === 'quality') continue;
    for (const f of s.findings as Finding[]) {
      if (f.severity === 'info') continue;
      const key = `${f.severity}:${f.code}`;
      const g = groups.get(key) ?? { severity: f.severity, count: 0 };
      g.count++;
      groups.set(key, g);
    }
  }
  const penalties: QualityPenalty[] = [];
  let total = 0;
  for (const [key, g] of groups) {
    const weighAs: Severity = NOT_RUN_CODES.includes(key.slice(key.indexOf(':') + 1)) ? 'warning' : g.severity;
    const penalty = Math.min(g.count * weights.perFinding[weighAs], weights.capPerCode[weighAs]);
    if (penalty <= 0) continue;
    total += penalty;
    penalties.push({ code: key.slice(key.indexOf(':') + 1), severity: g.severity, count: g.count, penalty: round4(penalty) });
  }
  penalties.sort((a, b) => b.penalty - a.penalty || a.code.localeCompare(b.code));
  return { score: round4(Math.min(1, Math.max(0, 1 - total))), fatal: false, penalties };
}

/** Options of {@link runQualityStage}. */
export interface QualityStageOptions {
  /** The stage passes when the score is at least this. @defaultValue 0.5 */
  minScore?: number;
  weights?: QualityWeights;
}

/**
 * Stage 5: score the other stages' findings. The stage result carries `QUALITY_SCORE` (info) with
 * the score and its largest penalties, `QUALITY_PARTIAL` (info) when checks did not run because the part
 * was not tessellated by choice (the score covers the checks that ran), and fails with `QUALITY_FATAL` (score 0 by a fatal
 * condition) or `QUALITY_LOW` (score under `minScore`).
 */
export function runQualityStage(stages: readonly StageResult[], options: QualityStageOptions = {}): { stage: StageResult; quality: QualityScore } {
  const start = typeof performance !== 'undefined' ? performance.now() : Date.now();
  const quality = computeQualityScore(stages, options.weights);
  const minScore = options.minScore ?? 0.5;
  const top = quality.penalties.slice(0, 3).map((p) => `${p.code} ×${p.count} −${p.penalty}`).join(', ');
  const findings: Finding[] = [
    {
      code: 'QUALITY_SCORE',
      severity: 'info',
      message: quality.fatal ? `score 0 (${quality.fatalReason})` : `score ${quality.score}${top ? ` (${top})` : ''}`,
    },
  ];
  const notRun = stages.flatMap((s) => (s.name === 'quality' ? [] : s.findings)).filter((f) => SKIPPED_BY_CHOICE_CODES.includes(f.code));
  if (notRun.length > 0 && !quality.fatal)
    findings.push({
      code: 'QUALITY_PARTIAL',
      severity: 'info',
      message: `the score covers the checks that ran: ${notRun.length} mesh-only check(s) did not run (the part was not tessellated) and count neither as passed nor as failed`,
    });
  if (quality.fatal)
    findings.push({ code: 'QUALITY_FATAL', severity: 'error', message: `no quality: ${quality.fatalReason}` });
  else if (quality.score < minScore)
    findings.push({ code: 'QUALITY_LOW', severity: 'error', message: `score ${quality.score} is under the minimum ${minScore}` });
  const end = typeof performance !== 'undefined' ? performance.now() : Date.now();
  return {
    stage: { name: 'quality', passed: findings.every((f) => f.severity !== 'error'), findings, durationMs: end - start },
    quality,
  };
}
