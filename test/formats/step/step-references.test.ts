import { describe, it, expect } from 'vitest';
import { isCadlensError } from '../../../src/errors/index.js';
import { readStep, validateStepReferences, checkStepReferences } from '../../../src/formats/step/index.js';

const wrap = (data: string) =>
  `ISO-10303-21;\nHEADER;\nFILE_DESCRIPTION((''),'2;1');\nFILE_NAME('','',(''),(''),'','','');\nFILE_SCHEMA(('X'));\nENDSEC;\nDATA;\n${data}\nENDSEC;\nEND-ISO-10303-21;\n`;

/** A long chain #1 → #2 → … → #n, closed into a cycle when `cyclic`. */
function chain(n: number, cyclic: boolean): string {
  const lines: string[] = [];
  for (let k = 1; k <= n; k++) lines.push(`#${k}=NODE('',(#${k < n ? k + 1 : cyclic ? 1 : k + 1}));`);
  if (!cyclic) lines.push(`#${n + 1}=LEAF();`);
  return lines.join('\n');
}

describe('validateStepReferences (async) and checkStepReferences (sync)', () => {
  it('a 200 000-long reference chain is handled iteratively (no stack overflow), acyclic', async () => {
    const f = readStep(wrap(chain(200_000, false)));
    const report = await validateStepReferences(f, { sliceMs: 5 });
    expect(report).toMatchObject({ ok: true, cycleCount: 0, danglingCount: 0, entitiesChecked: 200_001, referencesChecked: 200_000, complete: true });
  });
  it('the same chain closed into a cycle: one finding whose path is capped at 64 ids', async () => {
    const f = readStep(wrap(chain(200_000, true)));
    const report = await validateStepReferences(f);
    expect(report.cycleCount).toBe(1);
    const finding = report.findings[0];
    expect(finding.code).toBe('STEP_REFERENCE_CYCLE');
    expect(finding.ids).toHaveLength(65);
    expect(finding.ids.slice(0, 3)).toEqual([1, 2, 3]);
    expect(finding.message).toMatch(/^Reference cycle of 200000 entities through #1/);
  });
  it('sync and async give the same report', async () => {
    const f = readStep(wrap('#1=A(#2,#3,#9);\n#2=B(#1);\n#3=C(#3);'));
    const a = checkStepReferences(f);
    const b = await validateStepReferences(f);
    expect(b).toEqual(a);
    expect(a.findings.map((x) => [x.code, x.ids])).toEqual([
      ['STEP_DANGLING_REFERENCE', [9]],
      ['STEP_REFERENCE_CYCLE', [1, 2, 1]],
      ['STEP_REFERENCE_CYCLE', [3, 3]],
    ]);
  });
  it('an aborted signal stops it with ABORTED', async () => {
    const f = readStep(wrap(chain(50_000, false)));
    const controller = new AbortController();
    const pending = validateStepReferences(f, { signal: controller.signal, sliceMs: 0 });
    controller.abort(new Error('stop'));
    const error = await pending.catch((e: unknown) => e);
    expect(isCadlensError(error) && error.code).toBe('ABORTED');
    await expect(validateStepReferences(f, { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'ABORTED' });
  });
  it('maxReferences bounds the work and marks the report incomplete', () => {
    const f = readStep(wrap(chain(1000, false)));
    const report = checkStepReferences(f, { maxReferences: 100 });
    expect(report.complete).toBe(false);
    expect(report.ok).toBe(false);
    expect(report.referencesChecked).toBeLessThan(1000);
  });
});
