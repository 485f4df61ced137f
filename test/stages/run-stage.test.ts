import { describe, expect, it } from 'vitest';
import { isCadlensError } from '../../src/errors/index.js';
import { defineValidator, runStage, skippedStage } from '../../src/stages/validate/validator.js';

describe('runStage', () => {
  const warn = defineValidator<{ n: number }>({
    id: 'test/warn',
    stage: 'geometry',
    validate: (ctx) => [{ code: 'TEST_WARN', severity: 'warning', message: `n=${ctx.n}` }],
  });
  const fail = defineValidator<{ n: number }>({
    id: 'test/fail',
    stage: 'geometry',
    validate: async () => [{ code: 'TEST_ERR', severity: 'error', message: 'bad' }],
  });
  const boom = defineValidator<{ n: number }>({
    id: 'test/boom',
    stage: 'geometry',
    validate: () => {
      throw new Error('kaput');
    },
  });

  it('collects findings in validator order; warnings pass, errors fail', async () => {
    const ok = await runStage('geometry', [warn], { n: 1 });
    expect(ok).toMatchObject({ name: 'geometry', passed: true, findings: [{ code: 'TEST_WARN', message: 'n=1' }] });
    expect(ok.durationMs).toBeGreaterThanOrEqual(0);
    const bad = await runStage('geometry', [warn, fail], { n: 2 });
    expect(bad.passed).toBe(false);
    expect(bad.findings.map((f) => f.code)).toEqual(['TEST_WARN', 'TEST_ERR']);
  });
  it('a throwing validator becomes VALIDATOR_FAILED and the others still run', async () => {
    const r = await runStage('geometry', [boom, warn], { n: 3 });
    expect(r.findings).toEqual([
      { code: 'VALIDATOR_FAILED', severity: 'error', message: 'validator test/boom failed: kaput' },
      { code: 'TEST_WARN', severity: 'warning', message: 'n=3' },
    ]);
  });
  it('an aborted signal throws ABORTED', async () => {
    const e = await runStage('geometry', [warn], { n: 4 }, { signal: AbortSignal.abort() }).catch((x) => x);
    expect(isCadlensError(e) && e.code).toBe('ABORTED');
  });
  it('skippedStage says why', () => {
    expect(skippedStage('geometry', 'no part could be built')).toEqual({
      name: 'geometry',
      passed: false,
      skipped: { reason: 'no part could be built' },
      findings: [{ code: 'STAGE_SKIPPED', severity: 'info', message: 'geometry stage skipped: no part could be built' }],
      durationMs: 0,
    });
  });
});
