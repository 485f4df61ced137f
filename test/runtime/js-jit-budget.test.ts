import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { cliInterruptBudget, SHORT_RUN_INTERRUPT_BUDGET } from '../../src/runtime/node/cli/js-jit-budget.js';
import { LIFTOFF_MAX_INPUT_BYTES } from '../../src/runtime/node/cli/wasm-tiering-choice.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const budgetModule = pathToFileURL(join(repo, 'src/runtime/node/cli/js-jit-budget.ts')).href;

/**
 * A fresh process (V8 flags are per process) that applies a budget (or none), runs a small function 40 times
 * (about 4,000 loop iterations in all), waits up to 5 s for a background compile to finish without calling
 * it again, and prints whether V8 ended with the function optimized by TurboFan (V8's test natives).
 */
function probe(budget: number | null): { applied: boolean; turbofan: boolean } {
  const script = join(mkdtempSync(join(tmpdir(), 'cadlens-jit-budget-')), 'probe.mts');
  writeFileSync(
    script,
    `import { applyInterruptBudget } from ${JSON.stringify(budgetModule)};
const applied = applyInterruptBudget(${JSON.stringify(budget)});
const f = new Function('n', 'let s = 0; for (let i = 0; i < n; i++) s = (s + i * 3) & 0xffff; return s;') as (n: number) => number;
const turbofan = new Function('f', 'return %ActiveTierIsTurbofan(f)') as (f: unknown) => boolean;
let sum = 0;
for (let k = 0; k < 40; k++) {
  sum += f(100);
  await new Promise((r) => setTimeout(r, 5));
}
const until = Date.now() + 5_000;
while (!turbofan(f) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
console.log(JSON.stringify({ applied, turbofan: turbofan(f), sum }));
`,
  );
  const out = execFileSync(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', script], { cwd: repo, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  const r = JSON.parse(out.trim().split('\n').pop()!) as { applied: boolean; turbofan: boolean; sum: number };
  // The function's result is the same on every tier.
  expect(r.sum).toBe(594000);
  return { applied: r.applied, turbofan: r.turbofan };
}

describe('applyInterruptBudget', () => {
  it("V8's default: a function that has run ~4,000 loop iterations is optimized by TurboFan", () => {
    expect(probe(null)).toEqual({ applied: false, turbofan: true });
  });

  it('the short-run budget: the same function stays unoptimized', () => {
    expect(probe(SHORT_RUN_INTERRUPT_BUDGET)).toEqual({ applied: true, turbofan: false });
  });
});

describe('cliInterruptBudget (on real files)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cadlens-jit-budget-files-'));
  const small = join(dir, 'small.step');
  writeFileSync(small, 'ISO-10303-21;\nEND-ISO-10303-21;\n');
  const big = join(dir, 'big.step');
  writeFileSync(big, Buffer.alloc(LIFTOFF_MAX_INPUT_BYTES + 1, 32));
  const folder = join(dir, 'parts');
  mkdirSync(folder);

  it('sets the short-run budget for analyze / validate of listed files up to the size limit', () => {
    expect(cliInterruptBudget(['analyze', small], undefined, [], '')).toBe(SHORT_RUN_INTERRUPT_BUDGET);
    expect(cliInterruptBudget(['validate', '--json', small], undefined, [], '')).toBe(SHORT_RUN_INTERRUPT_BUDGET);
  });

  it('sets it for listed files of any size too (a long batch gained as well: the CLI batch rule)', () => {
    expect(cliInterruptBudget(['analyze', big], undefined, [], '')).toBe(SHORT_RUN_INTERRUPT_BUDGET);
    expect(cliInterruptBudget(['validate', big, small], undefined, [], '')).toBe(SHORT_RUN_INTERRUPT_BUDGET);
  });

  it("keeps V8's default for folders, globs, servers and queue runs", () => {
    expect(cliInterruptBudget(['analyze', folder], undefined, [], '')).toBeNull();
    expect(cliInterruptBudget(['analyze', join(dir, '*.step')], undefined, [], '')).toBeNull();
    expect(cliInterruptBudget(['serve'], undefined, [], '')).toBeNull();
    expect(cliInterruptBudget(['batch', small], undefined, [], '')).toBeNull();
  });

  it('CADLENS_JS_INTERRUPT_BUDGET decides, and a budget the process was started with wins', () => {
    expect(cliInterruptBudget(['analyze', small], 'v8-default', [], '')).toBeNull();
    expect(cliInterruptBudget(['analyze', big], '250000', [], '')).toBe(250_000);
    expect(cliInterruptBudget(['analyze', small], undefined, ['--interrupt-budget=5000'], '')).toBeNull();
    expect(cliInterruptBudget(['analyze', small], undefined, [], '--interrupt_budget=5000')).toBeNull();
  });
});
