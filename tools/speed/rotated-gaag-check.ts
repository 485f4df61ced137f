/**
 * Dev check for Tier 1's aligned extraction: on each part (the Part the analyzer builds with
 * `mesh: 'never'`, first solid), the gAAG of the stock-aligned copy as Tier 1 extracts it (uv boundaries
 * and areas taken from the original through `rotatedPartSource`) against the gAAG of an unrecorded
 * copy of the same aligned Part (everything rebuilt on the rotated surfaces: the code before the
 * change). Prints the largest absolute difference per input array (0 and −0 count as equal; NaN as
 * different from everything) and the extraction times.
 * MFCAD parts are axis-aligned, so they are first turned by a seeded random rotation (`rotateStepText`).
 *
 * Usage: npx tsx tools/speed/rotated-gaag-check.ts [--match D03,D08,D37] [--mfcad 20] [--seed 20261206]
 * Realworld parts: the `tune` list of labels/realworld/split.json only.
 * @internal
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createNodeAnalyzer } from '../../src/runtime/node/analyze-file.js';
import { splitPartBySolid, type Part } from '../../src/model/index.js';
import { extractGaag } from '../../src/features/gaag/index.js';
import { rotatePart, stockAlignment } from '../../src/stages/recognize/tier1-aagnet/align-part.js';
import { sameEdgeRanges } from '../../src/features/gaag/rotated-part-source.js';
import { computeEdgeRanges } from '../../src/features/gaag/uv-bounds.js';
import { evenSample } from '../eval/dataset-sampling.js';
import { mfcadDir, mfcadSplit } from '../eval/mfcad-split.js';
import { rotateStepText } from '../eval/rotate-step.js';
import { mulberry32, randomRotation } from '../eval/seeded-rotation.js';
import { REALWORLD_DIR, REPO_DIR } from '../../test/support/shared-data.js';

const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const match = (arg('--match') ?? 'D03,D08,D37').split(',');
const mfcadCount = Number(arg('--mfcad') ?? 20);
const random = mulberry32(Number(arg('--seed') ?? 20261206));

const tune = (JSON.parse(readFileSync(join(REPO_DIR, 'labels', 'realworld', 'split.json'), 'utf8')) as Record<string, string[]>).tune;
const files: { name: string; text: () => string }[] = [];
const partsDir = join(REALWORLD_DIR, 'parts');
for (const f of readdirSync(partsDir).sort()) {
  const id = f.split('_')[0];
  if (tune.includes(id) && match.includes(id)) files.push({ name: f, text: () => readFileSync(join(partsDir, f), 'latin1') });
}
const dir = mfcadDir(REPO_DIR);
const names = readdirSync(dir).filter((f) => f.endsWith('.step')).map((f) => f.slice(0, -5)).sort().filter((n) => mfcadSplit(n) === 'tune');
for (const n of evenSample(names, mfcadCount)) {
  const r = randomRotation(random);
  files.push({ name: `mfcad/${n} (rotated)`, text: () => rotateStepText(readFileSync(join(dir, `${n}.step`), 'latin1'), r).text });
}

const analyzer = createNodeAnalyzer({ mesh: 'never', recognize: false });
const worst: Record<string, number> = {};
function diff(key: string, a: ArrayLike<number | bigint>, b: ArrayLike<number | bigint>): string {
  let d = a.length === b.length ? 0 : Infinity;
  for (let i = 0; i < a.length && d < Infinity; i++) {
    if (typeof a[i] === 'bigint' || typeof b[i] === 'bigint') d = Math.max(d, a[i] === b[i] ? 0 : Infinity);
    else if (a[i] !== b[i]) d = Math.max(d, Math.abs((a[i] as number) - (b[i] as number)) || Infinity);
  }
  worst[key] = Math.max(worst[key] ?? 0, d);
  return `${key} ${d.toExponential(1)}`;
}
for (const f of files) {
  const { part } = await analyzer.analyzeDetailed(new TextEncoder().encode(f.text()), { name: f.name });
  if (!part) {
    console.log(`${f.name}: no Part`);
    continue;
  }
  const body: Part = splitPartBySolid(part)[0]?.part ?? part;
  const alignment = stockAlignment(body);
  if (!alignment) {
    console.log(`${f.name}: already aligned (nothing to compare)`);
    continue;
  }
  const aligned = rotatePart(body, alignment.rotation);
  const [ra, rb] = [computeEdgeRanges(aligned), computeEdgeRanges(body)];
  const through = aligned.faces.filter((face) => sameEdgeRanges(face, ra, rb)).length;
  const t0 = performance.now();
  const fast = extractGaag(aligned);
  const t1 = performance.now();
  const plain = extractGaag({ ...rotatePart(body, alignment.rotation) }); // unrecorded copy: no source to read through
  const t2 = performance.now();
  const same = JSON.stringify(fast.warnings) === JSON.stringify(plain.warnings) && fast.faceOrder.join() === plain.faceOrder.join();
  const parts = [
    diff('faceAttr', fast.inputs.faceAttr, plain.inputs.faceAttr),
    diff('faceGrid', fast.inputs.faceGrid, plain.inputs.faceGrid),
    diff('edgeAttr', fast.inputs.edgeAttr, plain.inputs.edgeAttr),
    diff('edgeIndex', fast.inputs.edgeIndex, plain.inputs.edgeIndex),
    diff('uvBoxes', fast.uvBoxes, plain.uvBoxes),
  ];
  if (!same) worst.warningsOrOrder = Infinity;
  console.log(`${f.name} (${body.faces.length} faces, ${through} read through, ${alignment.angleDeg.toFixed(1)}°): ${parts.join(', ')}${same ? '' : ', WARNINGS/ORDER DIFFER'} | extract ${(t1 - t0).toFixed(1)} vs ${(t2 - t1).toFixed(1)} ms`);
}
await analyzer.dispose();
console.log(`largest |Δ| over all parts: ${Object.entries(worst).map(([k, v]) => `${k} ${v.toExponential(2)}`).join(', ')}`);
