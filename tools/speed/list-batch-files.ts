// Dev helper: prints the files of a benchmark batch, one a line (the same choice as bench/mesh-path.bench.ts):
// `mfcad [N] [portion]` (an even sample of N parts of the MFCAD tune portion by default) or `realworld [split]`.
// usage: npx tsx tools/speed/list-batch-files.ts mfcad 100 tune > LIST
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { REALWORLD_DIR, mfcadDir, mfcadNames } from '../../test/support/shared-data.js';
import { evenSample } from '../eval/dataset-sampling.js';
import { mfcadSplit } from '../eval/mfcad-split.js';

const [set, a, b] = process.argv.slice(2);
if (set === 'realworld') {
  const split = a ?? 'tune';
  const ids = (JSON.parse(readFileSync(new URL('../../labels/realworld/split.json', import.meta.url), 'utf8')) as Record<string, string[]>)[split] ?? [];
  const dir = join(REALWORLD_DIR, 'parts');
  for (const f of readdirSync(dir).sort().filter((f) => ids.includes(f.split('__')[0]))) console.log(join(dir, f));
} else {
  const dir = mfcadDir();
  if (!dir) throw new Error('MFCAD not found');
  const portion = mfcadNames(dir).filter((n) => mfcadSplit(n) === (b ?? 'tune'));
  for (const n of evenSample(portion, Number(a ?? 100))) console.log(join(dir, `${n}.step`));
}
