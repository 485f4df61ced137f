import { describe, expect, it } from 'vitest';
import { checkAccounting, runLoad } from '../../bench/load/run-load.js';
import { loadInputs } from '../../bench/load/load-inputs.js';

// The short CI version of bench/load.bench.ts: a real server process on loopback (worker pool of 2,
// memory stores, the Tier 1 fault injector), 10 clients for 8 s, every 10th request a malformed file,
// Tier 1 failing from 1.5 s to 4 s. No timing assertions: only what must hold under any load.
describe('the load run\'s accounting check', () => {
  const letter = (requestId: string, kind = 'permanent') => ({ requestId, code: 'X', kind, stage: 'parse', tier: null });
  it('holds when every request is a result or a dead letter, and names the lost ones otherwise', () => {
    const sent = [
      { id: 'a', status: 200, resultOk: true },
      { id: 'b', status: 422, resultOk: false },
      { id: 'c', status: 503, resultOk: false },
      { id: 'd', status: 200, resultOk: false }, // a 200 whose body is not this request's result
      { id: 'e', status: 0, resultOk: false }, // no answer at all
    ];
    const ledger = { requests: ['a', 'b', 'c', 'd'].map((requestId) => ({ requestId, status: 200, method: 'POST', path: '/analyze' })), deadLetters: [letter('b'), letter('c', 'transient'), letter('a', 'transient')] };
    expect(checkAccounting(sent, ledger)).toEqual({
      results: 1,
      deadLetteredWithoutResult: 2,
      resultAndDeadLetter: 1,
      lost: ['d', 'e'],
      unansweredByServer: ['e'],
      holds: false,
    });
    expect(checkAccounting(sent.slice(0, 3), ledger).holds).toBe(true);
  });
});

describe('service under load with a Tier 1 fault (real server process, real workers, loopback)', () => {
  it('every request ends as a result or a dead letter; malformed files get typed 4xx; the breaker opens and recovers; no crash', async () => {
    const inputs = loadInputs({ mfcadCount: 40 });
    const report = await runLoad({
      workers: 2,
      clients: 10,
      durationMs: 8_000,
      parts: inputs.parts,
      malformed: inputs.malformed,
      fault: { fromMs: 1_500, untilMs: 4_000 },
      breakerThreshold: 3,
      breakerTimeoutS: 1,
    });
    expect(report.failures).toEqual([]);
    expect(report.server.exitCode).toBe(0);
    expect(report.requests.sent).toBeGreaterThan(0);
    expect(report.requests.malformed).toBeGreaterThan(0);
    expect(report.accounting.lost).toEqual([]);
    expect(report.accounting.results + report.accounting.deadLetteredWithoutResult).toBe(report.requests.sent + 2); // + the 2 warm-ups
    expect(report.malformed.typed4xx).toBe(report.malformed.total);
    expect(report.breaker.openedDuringFault).toBe(true);
    expect(report.breaker.recoveredAfterFault).toBe(true);
    expect(report.breaker.finalState).toBe('closed');
    expect(report.breaker.tier1DeadLetters).toBeGreaterThanOrEqual(3);
  }, 300_000);
});
