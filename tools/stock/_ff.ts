import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import { attachTessellation } from '../../src/tessellation/index.js';
import { createOcctWorkerTessellator } from '../../src/runtime/node/index.js';
import { bulgeFacts, freeFormSkinStockFaces } from '../../src/stages/recognize/stock-skin.js';
const dir = '/work/shared/datasets/realworld/parts';
const tess = createOcctWorkerTessellator();
for (const n of ['D01', 'D07', 'D10', 'D11', 'D17', 'D31', 'D33']) {
  const file = readdirSync(dir).find((f) => f.startsWith(n + '__'))!;
  const bytes = new Uint8Array(readFileSync(join(dir, file)));
  const bare = buildPartFromStep(readStep(bytes));
  const part = attachTessellation(bare, await tess.tessellate(bytes, 'step'));
  const labels = JSON.parse(readFileSync(`labels/realworld/${n}.json`, 'utf8'));
  const idx = part.faces.filter((f) => !['plane', 'cylinder', 'cone', 'sphere', 'torus'].includes(f.surfaceType)).map((f) => f.index);
  const b = bulgeFacts(part, idx), b0 = bulgeFacts(bare, idx);
  for (const i of idx) console.log(n, i, part.faces[i].surfaceType, labels.faces[String(part.faces[i].stepId)]?.class, b.get(i)?.width.toFixed(3), b.get(i)?.surfaceWidth.toFixed(3), b0.get(i)?.surfaceWidth.toFixed(3));
  const f1 = freeFormSkinStockFaces(part, () => 'other_feature'), f0 = freeFormSkinStockFaces(bare, () => 'other_feature');
  console.log(n, 'flags', part.faces.filter((_, i) => f1[i]).map((f) => f.index).join(' '), '| bare', part.faces.filter((_, i) => f0[i]).map((f) => f.index).join(' '));
}
await tess.close(); process.exit(0);
