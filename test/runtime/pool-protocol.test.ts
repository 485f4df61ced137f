import { describe, expect, it } from 'vitest';
import { deserializeError, serializeError } from '../../src/runtime/node/pool/pool-protocol.js';
import { CadlensError, isCadlensError } from '../../src/errors/index.js';

describe('pool protocol: errors cross the thread boundary and come back as CadlensError', () => {
  it('a CadlensError survives structured clone with code, kind, stage and details', () => {
    const original = new CadlensError('OCCT_TIMEOUT', 'too slow', { stage: 'parse', details: { deadlineMs: 5 } });
    // structuredClone is what postMessage does; a raw Error would lose code and kind on the way.
    expect(isCadlensError(structuredClone(original))).toBe(false);
    const back = deserializeError(structuredClone(serializeError(original)));
    expect(isCadlensError(back)).toBe(true);
    expect([back.code, back.kind, back.stage, back.details, back.message]).toEqual(['OCCT_TIMEOUT', 'transient', 'parse', { deadlineMs: 5 }, 'too slow']);
  });

  it('anything else becomes a systemic INTERNAL error with its message', () => {
    const back = deserializeError(structuredClone(serializeError(new TypeError('x is undefined'))));
    expect([back.code, back.kind, back.message]).toEqual(['INTERNAL', 'systemic', 'x is undefined']);
  });
});
