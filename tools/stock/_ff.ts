import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
const dir = '/work/shared/datasets/realworld/parts';
for (const n of ['D07']) {
  const file = readdirSync(dir).find((f) => f.startsWith(n + '__'))!;
  const part = buildPartFromStep(readStep(new Uint8Array(readFileSync(join(dir, file)))));
  for (const f of part.faces) if (f.surfaceType === 'revolution' || f.surfaceType==='cylinder') console.log(f.index, f.stepId, f.surfaceType, JSON.stringify(f.surface).slice(0, 400));
}
