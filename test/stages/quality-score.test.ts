import { describe, expect, it } from 'vitest';
import { computeQualityScore, runQualityStage } from '../../src/stages/score/index.js';
import type { Finding, StageResult, ValidationStageName } from '../../src/stages/validate/finding.js';
import { skippedStage } from '../../src/stages/validate/validator.js';

const f = (code: string, severity: Finding['severity'] = 'error'): Finding => ({ code, severity, message: code });
const stage = (name: ValidationStageName, findings: Finding[] = []): StageResult => ({
  name,
  passed: !findings.some((x) => x.severity === 'error'),
  findings,
  durationMs: 1,
});
const clean = () => [stage('input'), stage('format'), stage('parse'), stage('geometry')];

describe('quality score', () => {
  it('no findings: 1', () => expect(computeQualityScore(clean())).toEqual({ score: 1, fatal: false, penalties: [] }));
  it('info findings weigh nothing', () => {
    const s = clean();
    s[1] = stage('format', [f('FORMAT_SCHEMA', 'info')]);
    expect(computeQualityScore(s).score).toBe(1);
  });
  it('one warning: 0.97; one error: 0.8', () => {
    const s = clean();
    s[1] = stage('format', [f('FORMAT_BOM', 'warning')]);
    expect(computeQualityScore(s).score).toBe(0.97);
    s[3] = stage('geometry', [f('GEOM_SHELL_NOT_CLOSED')]);
    expect(computeQualityScore(s).score).toBe(0.77);
  });
  it('caps repeated codes: 5 warnings of one code cost 0.09, 3 errors of one code 0.4', () => {
    const s = clean();
    s[1] = stage('format', Array.from({ length: 5 }, () => f('FORMAT_NON_ASCII', 'warning')));
    s[3] = stage('geometry', Array.from({ length: 3 }, () => f('GEOM_INVERTED_SHELL')));
    const q = computeQualityScore(s);
    expect(q.score).toBe(0.51);
    expect(q.penalties).toEqual([
      { code: 'GEOM_INVERTED_SHELL', severity: 'error', count: 3, penalty: 0.4 },
      { code: 'FORMAT_NON_ASCII', severity: 'warning', count: 5, penalty: 0.09 },
    ]);
  });
  it('mixed: format error + open-shell warning + two geometry errors → 0.37', () => {
    const s = clean();
    s[1] = stage('format', [f('FORMAT_SCHEMA_NOT_CAD')]);
    s[3] = stage('geometry', [f('GEOM_OPEN_SHELL', 'warning'), f('GEOM_FACE_FLIPPED'), f('GEOM_SELF_INTERSECTION')]);
    expect(computeQualityScore(s).score).toBe(0.37);
  });
  it('never below 0', () => {
    const s = clean();
    s[3] = stage('geometry', ['A', 'B', 'C', 'D', 'E', 'F'].map((c) => f(`GEOM_${c}`)));
    expect(computeQualityScore(s).score).toBe(0);
    expect(computeQualityScore(s).fatal).toBe(false);
  });
  it('unmapped faces are not fatal: 2 of them cost 0.4', () => {
    const s = clean();
    s[2] = stage('parse', [f('PARSE_FACE_UNMAPPED'), f('PARSE_FACE_UNMAPPED')]);
    expect(computeQualityScore(s)).toMatchObject({ score: 0.6, fatal: false });
  });
  it('checks that did not run (GEOM_CHECK_NOT_RUN) fail the geometry stage but weigh as warnings: 5 of them cost 0.09', () => {
    const s = clean();
    s[2] = stage('parse', [f('PARSE_FACE_UNMAPPED'), f('PARSE_FACE_UNMAPPED')]);
    s[3] = stage('geometry', Array.from({ length: 5 }, () => f('GEOM_CHECK_NOT_RUN')));
    expect(s[3].passed).toBe(false);
    const q = computeQualityScore(s);
    expect(q).toMatchObject({ score: 0.51, fatal: false });
    expect(q.penalties).toContainEqual({ code: 'GEOM_CHECK_NOT_RUN', severity: 'error', count: 5, penalty: 0.09 });
  });
  it('fatal: failed input, parse error, skipped stages → 0', () => {
    let s = clean();
    s[0] = stage('input', [f('INTAKE_EMPTY')]);
    expect(computeQualityScore(s)).toEqual({ score: 0, fatal: true, fatalReason: 'input stage failed', penalties: [] });
    s = clean();
    s[2] = stage('parse', [f('STEP_DANGLING_REFERENCE')]);
    expect(computeQualityScore(s)).toMatchObject({ score: 0, fatal: true, fatalReason: 'parse error STEP_DANGLING_REFERENCE' });
    s = clean();
    s[3] = skippedStage('geometry', 'parse failed');
    expect(computeQualityScore(s)).toMatchObject({ score: 0, fatal: true, fatalReason: 'geometry stage skipped: parse failed' });
    expect(computeQualityScore(clean().slice(0, 2))).toMatchObject({ score: 0, fatalReason: 'parse stage missing' });
  });
  it('format errors alone are not fatal', () => {
    const s = clean();
    s[1] = stage('format', [f('FORMAT_HEADER_ENTITY_MISSING')]);
    expect(computeQualityScore(s).score).toBe(0.8);
  });
  it('the quality stage passes at or above minScore and fails under it', () => {
    const s = clean();
    s[3] = stage('geometry', [f('GEOM_A'), f('GEOM_B')]);
    const ok = runQualityStage(s, { minScore: 0.6 });
    expect(ok.quality.score).toBe(0.6);
    expect(ok.stage).toMatchObject({ name: 'quality', passed: true });
    expect(ok.stage.findings[0]).toMatchObject({ code: 'QUALITY_SCORE', severity: 'info' });
    const low = runQualityStage(s, { minScore: 0.7 });
    expect(low.stage.passed).toBe(false);
    expect(low.stage.findings.map((x) => x.code)).toEqual(['QUALITY_SCORE', 'QUALITY_LOW']);
    s[0] = stage('input', [f('INTAKE_TOO_LARGE')]);
    expect(runQualityStage(s).stage.findings.map((x) => x.code)).toEqual(['QUALITY_SCORE', 'QUALITY_FATAL']);
  });
});
