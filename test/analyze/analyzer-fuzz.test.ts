/**
 * Seeded fuzzing of the whole analyzer (reader, builder, OpenCascade worker, validation, recognition,
 * scoring) on mutated small real STEP files: the hand-authored fixtures and generated hostile ones.
 * Bounded in count and time so it runs in CI; the seed is in the test name, so a failure replays with
 * the same inputs. Raise `CADLENS_FUZZ_COUNT` (and change `CADLENS_FUZZ_SEED`) locally for a longer run.
 *
 * Asserted for every input: `analyze()` resolves (no throw of any kind for bad input), the result passes
 * `analysisResultSchema`, nothing in it is an untyped failure (`INTERNAL`, `VALIDATOR_FAILED`), and the
 * plain cube analysed right after it succeeds (no state leaks from a bad file into the next one).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createSeededRandom } from '../../src/geometry/seeded-random.js';
import { analysisResultSchema } from '../../src/result/index.js';
import { createNodeAnalyzer } from '../../src/runtime/node/analyze-file.js';
import { cubeStepText, instancedCubeStep, longProductNameStep } from '../support/hostile-step.js';

const SEED = Number(process.env.CADLENS_FUZZ_SEED ?? 0x5eed10);
const COUNT = Number(process.env.CADLENS_FUZZ_COUNT ?? 24);
const FIXTURES = fileURLToPath(new URL('../fixtures/step/', import.meta.url));

const corpus: { name: string; text: string }[] = [
  ...readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.step'))
    .sort()
    .map((f) => ({ name: f, text: readFileSync(FIXTURES + f, 'latin1') })),
  { name: 'cube ×8 by MAPPED_ITEM', text: instancedCubeStep(3, 2) },
  { name: 'cube under a 70-level MAPPED_ITEM chain', text: instancedCubeStep(70) },
  { name: 'cube with a 17,000-character name', text: longProductNameStep(17_000) },
];

/** Bytes that matter to a Part 21 reader, to make mutations hit syntax more often than random bytes do. */
const SIGNIFICANT = "#'(),;=$*.-+0123456789EeT/\\\"\n !X";
const NUMBERS = ['0.', '-0.', '1.E300', '-1.E-300', '1.E+999', '123456789012345678901234567890.', '.5', '1', '-7', '3.14159'];

/** One seeded mutation of `text`. */
function mutate(text: string, rnd: () => number): { text: string; how: string } {
  const at = (n: number) => Math.floor(rnd() * n);
  const pos = at(text.length);
  switch (at(6)) {
    case 0: {
      const c = rnd() < 0.7 ? SIGNIFICANT[at(SIGNIFICANT.length)] : String.fromCharCode(at(256));
      return { text: text.slice(0, pos) + c + text.slice(pos + 1), how: `byte ${pos} → ${JSON.stringify(c)}` };
    }
    case 1: {
      const len = 1 + at(64);
      return { text: text.slice(0, pos) + text.slice(pos + len), how: `delete ${len} at ${pos}` };
    }
    case 2: {
      const len = 1 + at(64);
      const to = at(text.length);
      return { text: text.slice(0, to) + text.slice(pos, pos + len) + text.slice(to), how: `copy ${len} from ${pos} to ${to}` };
    }
    case 3:
      return { text: text.slice(0, pos), how: `truncate at ${pos}` };
    case 4: {
      // swap two references in the DATA section
      const refs = [...text.matchAll(/(?<==[^;]*)#\d+/g)];
      if (refs.length < 2) return { text, how: 'no references to swap' };
      const a = refs[at(refs.length)];
      const b = refs[at(refs.length)];
      if (a.index === b.index) return { text, how: 'swap a reference with itself' };
      const [x, y] = a.index! < b.index! ? [a, b] : [b, a];
      const swapped = text.slice(0, x.index) + y[0] + text.slice(x.index! + x[0].length, y.index) + x[0] + text.slice(y.index! + y[0].length);
      return { text: swapped, how: `swap ${x[0]} ↔ ${y[0]}` };
    }
    default: {
      const nums = [...text.matchAll(/(?<=[(,])-?\d+\.\d*(E[+-]?\d+)?(?=[,)])/g)];
      if (nums.length === 0) return { text, how: 'no number to change' };
      const m = nums[at(nums.length)];
      const v = NUMBERS[at(NUMBERS.length)];
      return { text: text.slice(0, m.index) + v + text.slice(m.index! + m[0].length), how: `number ${m[0]} → ${v}` };
    }
  }
}

/** The seeded inputs: a corpus file and 1–3 mutations each. */
function inputs(seed: number, count: number): { name: string; text: string }[] {
  const rnd = createSeededRandom(seed);
  return Array.from({ length: count }, () => {
    const base = corpus[Math.floor(rnd() * corpus.length)];
    let text = base.text;
    const how: string[] = [];
    for (let k = 1 + Math.floor(rnd() * 3); k > 0; k--) {
      const m = mutate(text, rnd);
      text = m.text;
      how.push(m.how);
    }
    return { name: `${base.name}: ${how.join('; ')}`, text };
  });
}

describe(`analyzer fuzz, seed 0x${SEED.toString(16)}, ${COUNT} mutated STEP files`, () => {
  const analyzer = createNodeAnalyzer();
  afterAll(() => analyzer.dispose());
  const good = new TextEncoder().encode(cubeStepText());

  it('the generator is deterministic and mutates', () => {
    const a = inputs(SEED, 5);
    expect(inputs(SEED, 5)).toEqual(a);
    expect(a.some((x) => corpus.every((c) => c.text !== x.text))).toBe(true);
  });

  it('every result passes the schema, nothing fails untyped, and the cube succeeds right after each input', async () => {
    for (const input of inputs(SEED, COUNT)) {
      const bytes = new Uint8Array(Buffer.from(input.text, 'latin1'));
      const result = await analyzer.analyze(bytes, { name: 'fuzz.step' }).catch((e: unknown) => ({ thrown: e }));
      expect('thrown' in result ? String((result as { thrown: unknown }).thrown) : 'resolved', input.name).toBe('resolved');
      if ('thrown' in result) continue;
      const parsed = analysisResultSchema.safeParse(result);
      expect(parsed.success ? 'valid' : parsed.error.message, input.name).toBe('valid');
      const json = JSON.stringify(result);
      expect(json.includes('"INTERNAL"') || json.includes('VALIDATOR_FAILED') ? json.slice(0, 2000) : 'typed', input.name).toBe('typed');

      const after = await analyzer.analyze(good, { name: 'cube.step' });
      expect(after.error, `cube after ${input.name}`).toBeUndefined();
      expect(after.part?.faces.length, `cube after ${input.name}`).toBe(6);
      expect(after.stages.every((s) => s.passed), `cube after ${input.name}`).toBe(true);
    }
  }, 120_000);
});
