/**
 * The pipeline skips the byte-by-byte long-token pass (`shortenLongStepTokens`) when the STEP reader's
 * structural scan bounds every token below the rewrite threshold (`longestUnsplitBytes()`). The skip is
 * sound only if that bound really covers every token: files with an over-long token must still be shortened,
 * files near the threshold must be handed over as the full pass hands them over, and on real files the
 * hinted call must give what the full pass gives.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readStep } from '../../../src/formats/step/index.js';
import { shortenLongStepTokens } from '../../../src/formats/step/step-long-tokens.js';
import { cubeStepText, longProductNameStep } from '../../support/hostile-step.js';
import { HAS_SHARED, NO_SHARED_REASON, REALWORLD_DIR, REPO_DIR, evenSample, mfcadDir, mfcadNames } from '../../support/shared-data.js';
import { mfcadSplit } from '../../../tools/eval/mfcad-split.js';

const utf8 = (s: string) => new TextEncoder().encode(s);

/** The full pass and the pass with the reader's bound: the same bytes and rewrites. */
function expectHintAgrees(bytes: Uint8Array): { bound: number; rewrites: number } {
  const bound = readStep(bytes).longestUnsplitBytes();
  const full = shortenLongStepTokens(bytes);
  const hinted = shortenLongStepTokens(bytes, { longestUnsplitBytes: bound });
  expect(hinted.rewrites).toEqual(full.rewrites);
  if (full.rewrites.length === 0) expect(hinted.bytes).toBe(bytes);
  else expect(hinted.bytes).toEqual(full.bytes);
  return { bound, rewrites: full.rewrites.length };
}

describe('the STEP reader bounds every token (longestUnsplitBytes)', () => {
  const longTokens: Record<string, string> = {
    'a 16,400-character product name': longProductNameStep(16_400),
    'a 20,000-byte comment between instances': cubeStepText().replace('DATA;\n', `DATA;\n/* ${'c'.repeat(20_000)} */\n`),
    'a run of 20,000 blanks inside an instance': cubeStepText().replace("#13=CARTESIAN_POINT('',", `#13=CARTESIAN_POINT(''${' '.repeat(20_000)},`),
    'a real written with 20,000 digits': cubeStepText().replace("#21=VECTOR('',#15,10.);", `#21=VECTOR('',#15,10.${'0'.repeat(20_000)});`),
    'a 20,000-byte comment after the last section': `${cubeStepText()}\n/* ${'c'.repeat(20_000)} */\n`,
  };
  for (const [what, text] of Object.entries(longTokens)) {
    it(`${what}: the bound is over the threshold and the token is still shortened`, () => {
      const { bound, rewrites } = expectHintAgrees(utf8(text));
      expect(bound).toBeGreaterThan(16_200);
      expect(rewrites).toBe(1);
    });
  }

  it('tokens just under the threshold: the bound is at least the token, nothing is rewritten', () => {
    for (const chars of [16_000, 16_198]) {
      const { bound, rewrites } = expectHintAgrees(utf8(longProductNameStep(chars)));
      expect(bound).toBeGreaterThanOrEqual(chars + 2); // the string with its quotes
      expect(rewrites).toBe(0);
    }
  });

  it('the committed STEP fixtures: the hint gives what the full pass gives', () => {
    const dir = join(REPO_DIR, 'test', 'fixtures', 'step');
    const files = readdirSync(dir).filter((f) => f.endsWith('.step'));
    expect(files.length).toBeGreaterThan(5);
    let read = 0;
    for (const f of files) {
      const bytes = new Uint8Array(readFileSync(join(dir, f)));
      let ok = true;
      try {
        readStep(bytes);
      } catch {
        ok = false; // a deliberately broken fixture: the pipeline does not start OpenCascade with a hint then
      }
      if (!ok) continue;
      expectHintAgrees(bytes);
      read++;
    }
    expect(read).toBeGreaterThan(5);
  });

  it.skipIf(!HAS_SHARED)(`real parts (MFCAD tune sample, realworld tune): the hint gives what the full pass gives${HAS_SHARED ? '' : ` (${NO_SHARED_REASON})`}`, () => {
    const mfcad = mfcadDir()!;
    const names = evenSample(mfcadNames(mfcad).filter((n) => mfcadSplit(n) === 'tune'), 20).map((n) => join(mfcad, `${n}.step`));
    const tune = (JSON.parse(readFileSync(join(REPO_DIR, 'labels', 'realworld', 'split.json'), 'utf8')) as { tune: string[] }).tune;
    const parts = join(REALWORLD_DIR, 'parts');
    const real = readdirSync(parts)
      .filter((f) => tune.includes(f.split('__')[0]!) && /\.(step|stp)$/i.test(f))
      .map((f) => join(parts, f));
    let skipped = 0;
    for (const file of [...names, ...real]) {
      const { bound } = expectHintAgrees(new Uint8Array(readFileSync(file)));
      if (bound <= 16_200) skipped++;
    }
    // The point of the bound: almost every real file needs no second pass.
    expect(skipped).toBeGreaterThanOrEqual(names.length);
  }, 120_000);
});
