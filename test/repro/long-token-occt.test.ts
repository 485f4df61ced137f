/**
 * Issue 10 / 9: a valid STEP file with one string of ≥ ~16 KiB (16,000 characters passed, 16,400 failed;
 * also a 1 MB `\X2\` string) read fine in cadlens's reader but failed as `OCCT_IMPORT_FAILED`.
 * The real limit, bisected with occt-import-js alone: OpenCascade's flex lexer reads no token longer
 * than 16,382 bytes (a string with its quotes, a run of blanks, a comment's text, a number). cadlens now
 * hands OpenCascade a copy with such tokens shortened, so these files work.
 */
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCadlensError } from '../../src/errors/index.js';
import { OCCT_MAX_TOKEN_BYTES, shortenLongStepTokens } from '../../src/formats/step/step-long-tokens.js';
import { readStep } from '../../src/formats/step/index.js';
import { analysisResultSchema } from '../../src/result/index.js';
import { createNodeAnalyzer } from '../../src/runtime/node/analyze-file.js';
import { cubeStepText, longProductNameStep } from '../support/hostile-step.js';

const utf8 = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

/** Hostile-but-valid variants of the cube fixture, each with one token over OpenCascade's limit. */
const VARIANTS: Record<string, string> = {
  'a 16,400-character product name': longProductNameStep(16_400),
  'a 1 MB \\X2\\ string': longProductNameStep(0, `\\X2\\${'00E9'.repeat(262_000)}\\X0\\`),
  'a 20,000-byte comment': cubeStepText().replace('DATA;\n', `DATA;\n/* ${'c'.repeat(20_000)} */\n`),
  'a run of 20,000 blanks': cubeStepText().replace("#13=CARTESIAN_POINT('',", `#13=CARTESIAN_POINT(''${' '.repeat(20_000)},`),
  'a real written with 20,000 digits': cubeStepText().replace("#21=VECTOR('',#15,10.);", `#21=VECTOR('',#15,10.${'0'.repeat(20_000)});`),
};

describe('repro: tokens longer than OpenCascade\'s lexer reads', () => {
  let occt: { ReadStepFile(b: Uint8Array, p: null): { success: boolean; meshes: unknown[] } };
  beforeAll(async () => {
    occt = await (createRequire(import.meta.url)('occt-import-js') as () => Promise<typeof occt>)();
  });
  const occtReads = (b: Uint8Array) => {
    const r = occt.ReadStepFile(b, null);
    return r.success && r.meshes.length > 0;
  };

  it(`the limit: a ${OCCT_MAX_TOKEN_BYTES}-byte string literal is read by occt-import-js, one byte more is not`, () => {
    expect(occtReads(utf8(longProductNameStep(OCCT_MAX_TOKEN_BYTES - 2)))).toBe(true);
    expect(occtReads(utf8(longProductNameStep(OCCT_MAX_TOKEN_BYTES - 1)))).toBe(false);
  });

  for (const [what, step] of Object.entries(VARIANTS)) {
    it(`${what}: cadlens reads it, occt-import-js alone fails, the shortened copy works`, () => {
      expect(() => readStep(step)).not.toThrow();
      expect(occtReads(utf8(step))).toBe(false);
      const short = shortenLongStepTokens(utf8(step));
      expect(short.rewrites).toHaveLength(1);
      expect(occtReads(short.bytes)).toBe(true);
    });
  }

  it('files without long tokens are handed over unchanged (same bytes object)', () => {
    const b = utf8(longProductNameStep(16_000));
    expect(shortenLongStepTokens(b).bytes).toBe(b);
  });

  it('only the long token changes: entity ids and every other byte stay; a long real becomes the same double', () => {
    const step = VARIANTS['a real written with 20,000 digits'];
    const out = text(shortenLongStepTokens(utf8(step)).bytes);
    expect(out).toBe(cubeStepText().replace("#21=VECTOR('',#15,10.);", '#21=VECTOR(\'\',#15,10.);'));
    const sci = cubeStepText().replace("#21=VECTOR('',#15,10.);", `#21=VECTOR('',#15,${'0'.repeat(17_000)}1.25E-3);`);
    expect(text(shortenLongStepTokens(utf8(sci)).bytes)).toContain("#21=VECTOR('',#15,0.00125);");
    const name = text(shortenLongStepTokens(utf8(longProductNameStep(20_000))).bytes);
    expect(name).toBe(longProductNameStep(256));
  });

  it('a token that cannot be shortened without changing data is a precise permanent OCCT_IMPORT_FAILED', () => {
    const binary = cubeStepText().replace('DATA;\n', `DATA;\n#9000=SOME_BLOB("${'F'.repeat(20_000)}");\n`);
    let error: unknown;
    try {
      shortenLongStepTokens(utf8(binary));
    } catch (e) {
      error = e;
    }
    expect(isCadlensError(error) && error.code).toBe('OCCT_IMPORT_FAILED');
    expect(isCadlensError(error) && error.kind).toBe('permanent');
    expect(isCadlensError(error) && error.details).toMatchObject({ tokenBytes: 20_002, limit: OCCT_MAX_TOKEN_BYTES });
  });

  describe('through the analyzer (real occt-import-js worker)', () => {
    const analyzer = createNodeAnalyzer({ recognizers: [] });
    afterAll(() => analyzer.dispose());
    for (const [what, step] of Object.entries(VARIANTS)) {
      it(`${what}: analysed like the plain cube, with an info finding`, async () => {
        const result = await analyzer.analyze(utf8(step), { name: 'long-token.step' });
        expect(analysisResultSchema.safeParse(result).success).toBe(true);
        expect(result.error).toBeUndefined();
        expect(result.part!.faces).toHaveLength(6);
        expect(result.part!.faces.every((f) => f.mapping !== 'unmapped')).toBe(true);
        expect(result.part!.volumeMm3).toBeCloseTo(1000, 6);
        const parse = result.stages.find((s) => s.name === 'parse')!;
        expect(parse.passed).toBe(true);
        expect(parse.findings.map((f) => f.code)).toContain('PARSE_LONG_TOKENS_SHORTENED');
      }, 60_000);
    }
  });
});
