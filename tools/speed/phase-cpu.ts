/**
 * Dev check: CPU time (process.cpuUsage, reliable on a loaded machine where sampling profiles are not)
 * of recognition's phases per realworld part, `mesh: 'never'`: each recognizer's canRecognize and
 * recognize (wrapped), and the rest of `recognizePerSolid` (per-solid split, tier combination,
 * base-body pass, composite holes). Medians over `--runs`, each on a freshly built Part.
 *
 * Usage: npx tsx tools/speed/phase-cpu.ts D13,D22 [--runs 5]
 * @internal
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createNodeAnalyzer, createDefaultRecognizers } from '../../src/node.js';
import { recognizePerSolid, type Recognizer } from '../../src/stages/recognize/index.js';
import { REALWORLD_DIR } from '../../test/support/shared-data.js';

const args = process.argv.slice(2);
const match = (args[0] ?? 'D22').split(',');
const runs = Number(args[args.indexOf('--runs') + 1] || 5);
const dir = join(REALWORLD_DIR, 'parts');
const files = readdirSync(dir)
  .filter((f) => match.some((m) => f.startsWith(m)))
  .sort();
const analyzer = createNodeAnalyzer({ mesh: 'never', recognize: false });
const spent = new Map<string, number>();
const cpu = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};
const wrap = (r: Recognizer): Recognizer => ({
  ...r,
  canRecognize: async (part, ctx) => {
    const t = cpu();
    try {
      return await r.canRecognize(part, ctx);
    } finally {
      spent.set(`t${r.tier} can`, (spent.get(`t${r.tier} can`) ?? 0) + cpu() - t);
    }
  },
  recognize: async (part, ctx) => {
    const t = cpu();
    try {
      return await r.recognize(part, ctx);
    } finally {
      spent.set(`t${r.tier} recognize`, (spent.get(`t${r.tier} recognize`) ?? 0) + cpu() - t);
    }
  },
});
const base = createDefaultRecognizers();
const recognizers = base.map(wrap);
const noop = () => undefined;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const file of files) {
  const bytes = new Uint8Array(readFileSync(join(dir, file)));
  const rows = new Map<string, number[]>();
  for (let i = 0; i <= runs; i++) {
    const part = (await analyzer.analyzeDetailed(bytes, { name: file })).part!;
    spent.clear();
    const t = cpu();
    await recognizePerSolid(part, recognizers, { signal: new AbortController().signal, now: () => Date.now(), log: { debug: noop, info: noop, warn: noop } });
    const total = cpu() - t;
    if (i === 0) continue;
    const inTiers = [...spent.values()].reduce((a, b) => a + b, 0);
    for (const [k, v] of [...spent, ['rest (split, combine, base body, composite holes)', total - inTiers] as const, ['total', total] as const]) rows.set(k, [...(rows.get(k) ?? []), v]);
  }
  console.log(`${file.slice(0, 3)}: ${[...rows].map(([k, v]) => `${k} ${median(v).toFixed(0)}`).join(' | ')} (ms CPU, median of ${runs})`);
}
await analyzer.dispose();
for (const r of base) await r.dispose?.();
