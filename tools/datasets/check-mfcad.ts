/**
 * `npm run dataset:mfcad [-- --limit N]`: runs the dataset check on every MFCAD part (13,214) and
 * writes tools/datasets/results/mfcad-check.json with per-part problems and totals.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createNodeAnalyzer } from '../../src/runtime/node/analyze-file.js';
import { mfcadDir, mfcadNames } from '../../test/support/shared-data.js';
import { checkMfcadPart, type MfcadPartCheck } from './mfcad-check.js';

const limitArg = process.argv.indexOf('--limit');
const limit = limitArg > 0 ? Number(process.argv[limitArg + 1]) : Infinity;
const dir = mfcadDir();
if (!dir) {
  console.error('../shared/datasets/mfcad not found: nothing to check');
  process.exit(0);
}
const names = mfcadNames(dir).slice(0, limit);
const analyzer = createNodeAnalyzer({ recognizers: [] });
const failures: MfcadPartCheck[] = [];
const started = Date.now();
let faces = 0;
let arcs = 0;
for (let i = 0; i < names.length; i++) {
  const check = await checkMfcadPart(analyzer, dir, names[i]);
  faces += check.faces;
  arcs += check.arcs;
  if (check.problems.length > 0) failures.push(check);
  if ((i + 1) % 250 === 0 || i + 1 === names.length) {
    // Written as it goes, so a long run that is stopped still leaves an honest partial report.
    writeReport(i + 1);
    console.error(`${i + 1}/${names.length} checked, ${failures.length} with problems`);
  }
}
await analyzer.dispose();
console.log(`${names.length} parts, ${faces} faces, ${arcs} AAG arcs: ${failures.length} with problems (${((Date.now() - started) / 1000).toFixed(0)} s)`);

function writeReport(checked: number): void {
  const report = {
    date: new Date().toISOString(),
    complete: checked === names.length,
    partsInSet: names.length,
    partsChecked: checked,
    faces,
    aagArcs: arcs,
    partsWithProblems: failures.length,
    seconds: (Date.now() - started) / 1000,
    failures,
  };
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  writeFileSync(new URL('./results/mfcad-check.json', import.meta.url), `${JSON.stringify(report, null, 1)}\n`);
}
