import { describe, expect, it } from 'vitest';
import { stepCommentEnd } from '../../src/formats/step/step-comments.js';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('stepCommentEnd (one comment scanner for every pass over STEP bytes)', () => {
  it('returns the offset after the closing */', () => {
    expect(stepCommentEnd(bytes('/* a */X'), 0)).toBe(7);
    expect(stepCommentEnd(bytes('ab/**/X'), 2)).toBe(6);
    expect(stepCommentEnd(bytes('/*/ still open */'), 0)).toBe(17); // "/*/" does not close itself
    expect(stepCommentEnd(bytes('/* a ** b */'), 0)).toBe(12);
  });
  it('returns -1 when the bytes end first, also on a trailing * or */ inside the opener', () => {
    expect(stepCommentEnd(bytes('/* never closed'), 0)).toBe(-1);
    expect(stepCommentEnd(bytes('/* ends on *'), 0)).toBe(-1);
    expect(stepCommentEnd(bytes('/*'), 0)).toBe(-1);
  });
});
