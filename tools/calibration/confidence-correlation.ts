/**
 * How well the part-level confidence tracks the share of faces labelled right: for each path of an
 * evaluation report (`npm run eval -- … --json report.json`), the Pearson correlation between the
 * parts' confidence and their measured accuracy, with the means of both.
 *
 * ```sh
 * npx tsx tools/calibration/confidence-correlation.ts report.json
 * ```
 * @internal
 */
import { readFileSync } from 'node:fs';
import { pearson } from './face-records.js';

interface PartEntry {
  name: string;
  status: string;
  elements: number;
  correct: number;
  confidence: number | null;
}

const report = JSON.parse(readFileSync(process.argv[2], 'utf8')) as { results: Record<string, { perPart: PartEntry[] }> };
console.log('| path | parts | r(confidence, accuracy) | mean confidence | mean accuracy |');
console.log('|---|---:|---:|---:|---:|');
for (const [path, result] of Object.entries(report.results)) {
  const parts = result.perPart.filter((p) => p.status === 'ok' && p.elements > 0 && p.confidence !== null);
  const conf = parts.map((p) => p.confidence!);
  const acc = parts.map((p) => p.correct / p.elements);
  const mean = (x: number[]) => x.reduce((a, b) => a + b, 0) / x.length;
  const r = parts.length > 2 ? pearson(conf, acc).toFixed(2) : 'n/a';
  console.log(`| ${path} | ${parts.length} | ${r} | ${mean(conf).toFixed(3)} | ${mean(acc).toFixed(3)} |`);
}
