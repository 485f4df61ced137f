import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CadlensError, classify, toCadlensError, type CadlensErrorCode } from 'cadlens';

const root = new URL('../../', import.meta.url);
const source = readFileSync(new URL('src/errors/error-codes.ts', root), 'utf8');
const doc = readFileSync(new URL('docs/errors.md', root), 'utf8');
const codes = [...new Set([...source.matchAll(/'([A-Z][A-Z0-9_]+)'/g)].map((m) => m[1]!))];
const rows = new Map(
  [...doc.matchAll(/^\| `([A-Z][A-Z0-9_]+)` \| (transient|permanent|systemic) \| .+ \|$/gm)].map((m) => [m[1]!, m[2]!]),
);

describe('docs/errors.md', () => {
  it('lists at least the codes known today', () => {
    expect(codes.length).toBeGreaterThan(50);
  });

  it.each(codes)('documents %s with its default kind', (code) => {
    expect(rows.has(code), `${code} is missing from docs/errors.md`).toBe(true);
    expect(rows.get(code)).toBe(new CadlensError(code as CadlensErrorCode, 'x').kind);
  });

  // The classifier gives these codes itself: its kind must be the table's, or a retrying queue and the doc disagree.
  it.each([
    ['a thrown string', 'boom', 'UNKNOWN'],
    ['a thrown undefined', undefined, 'UNKNOWN'],
    ['an unrecognised Error', new Error('something odd'), 'INTERNAL'],
  ] as const)('classify() of %s (%s) gives %s, with the kind documented for it', (_name, thrown, code) => {
    expect(classify(thrown)).toEqual({ code, kind: rows.get(code) });
    expect(toCadlensError(thrown).kind).toBe(rows.get(code));
  });
});
