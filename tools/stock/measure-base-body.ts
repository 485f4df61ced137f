/**
 * Measures the base-body stock rule (src/stages/recognize/base-body-stock.ts) against face labels, on the
 * dev data only: which faces it makes stock, split by truth, and what it changes in Tier 2's answer
 * (stock area called features per part, before → after; feature faces turned to stock). Tier 2 alone is
 * the cheap stand-in for "a tier's answer"; the default pipeline is measured with `npm run eval`.
 *
 * ```sh
 * npx tsx tools/stock/measure-base-body.ts --set realworld [--verbose]
 * npx tsx tools/stock/measure-base-body.ts --set synthetic --dir /work/gen/dev --limit 200
 * npx tsx tools/stock/measure-base-body.ts --set mfcad --limit 200
 * ```
 * Real parts and MFCAD: the `tune` split only. Never point it at a validation set.
 * @internal
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Part } from '../../src/model/index.js';
import { recognizeFeatures } from '../../src/stages/recognize/tier2-heuristics/index.js';
import { groupCompositeHoles } from '../../src/stages/recognize/composite-holes.js';
import { baseBodyStockFaces, describeBaseBody, findBasePlate } from '../../src/stages/recognize/base-body-stock.js';
import { buildFeatureGraphFromPart } from '../../src/stages/recognize/tier2-heuristics/feature-graph.js';
import type { Vec3 } from '../../src/model/index.js';
import { AAGNET_STOCK_CLASS_ID } from '../../src/inference/aagnet-classes.js';
import { listSet } from '../eval/eval-sets.js';
import { evenSample } from '../eval/dataset-sampling.js';
import { createEvalTessellator } from '../eval/tier2-data.js';
import { NOT_COUNTED, TRUTH_CLASS_NAMES } from '../eval/part-truth.js';
import { loadLabelledPart } from '../eval/labelled-part.js';

const STOCK = AAGNET_STOCK_CLASS_ID;
const dot = (a: Vec3, b: Vec3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];

/** The range of a face's triangle corners along `dir` (bounding-box corners without triangles). */
function extentAlong(part: Readonly<Part>, face: number, dir: Vec3): [number, number] {
  let lo = Infinity, hi = -Infinity;
  const f = part.faces[face];
  const { positions, indices } = part.mesh;
  const corners: Vec3[] = [];
  if (f.triangles && f.triangles.count > 0) {
    for (let t = f.triangles.first; t < f.triangles.first + f.triangles.count; t++)
      for (let c = 0; c < 3; c++) {
        const v = indices[3 * t + c] * 3;
        corners.push([positions[v], positions[v + 1], positions[v + 2]]);
      }
  } else for (let k = 0; k < 8; k++) corners.push([k & 1 ? f.bbox.max[0] : f.bbox.min[0], k & 2 ? f.bbox.max[1] : f.bbox.min[1], k & 4 ? f.bbox.max[2] : f.bbox.min[2]]);
  for (const c of corners) (lo = Math.min(lo, dot(c, dir))), (hi = Math.max(hi, dot(c, dir)));
  return [lo, hi];
}

/** How one face sits relative to the plate (normal or axis against its direction, span in plate thicknesses, neighbours: L = a plate level, +/-/~ convexity). */
function explainFace(part: Readonly<Part>, face: number): string {
  const g = buildFeatureGraphFromPart(part);
  const plate = findBasePlate(g);
  if (!plate) return '';
  const f = g.faces[face];
  const [lo, hi] = extentAlong(part, face, plate.direction);
  const rel = (h: number) => ((h - plate.bottom.height) / (plate.top.height - plate.bottom.height)).toFixed(2);
  const c = f.normal ? dot(f.normal, plate.direction).toFixed(3) : f.axis ? `axis ${dot(f.axis, plate.direction).toFixed(3)}` : '';
  const levels = new Set([...plate.top.faces, ...plate.bottom.faces]);
  const sign = { convex: '+', concave: '-', smooth: '~', unknown: '?' } as const;
  const nb = g.neighbours[face].map((k) => g.arcs[k]).map((a) => { const o = a.a === face ? a.b : a.a; return `${o}${levels.has(o) ? 'L' : ''}${sign[a.convexity]}`; }).join(' ');
  return `n·d ${c} span ${rel(lo)}..${rel(hi)} nb [${nb}]`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { set: { type: 'string' }, dir: { type: 'string' }, limit: { type: 'string' }, parts: { type: 'string' }, verbose: { type: 'boolean', default: false } },
  });
  const repo = resolve(import.meta.dirname, '..', '..');
  const set = values.set as 'synthetic' | 'realworld' | 'mfcad';
  if (values.dir && /\/gen\/val\b/.test(values.dir)) throw new Error('the validation set is not for tuning');
  const { items: all } = listSet({ set, split: 'tune', ...(values.dir ? { dir: values.dir } : {}) }, repo);
  const wanted = values.parts ? new Set(values.parts.split(',')) : null;
  const some = wanted ? all.filter((i) => wanted.has(i.name)) : all;
  const items = values.limit ? evenSample(some, Number(values.limit)) : some;
  const tess = createEvalTessellator();
  const fired = { stock: 0, feature: 0, stockArea: 0 };
  const wrongByClass = new Map<string, number>();
  const turned = { right: 0, wrong: 0 };
  let stockFaces = 0, beforeCalled = 0, afterCalled = 0, partsWithStock = 0, sumBefore = 0, sumAfter = 0;
  let faceCount = 0, t2RightBefore = 0, t2RightAfter = 0;
  for (const item of items) {
    const loaded = await loadLabelledPart(item, tess);
    if (!loaded) continue;
    const { truth, bodies } = loaded;
    let pStock = 0, pBefore = 0, pAfter = 0;
    for (const { part: body, faceMap } of bodies) {
      if (!faceMap.some((fi) => truth.faceClass[fi] !== NOT_COUNTED)) continue;
      const t2 = groupCompositeHoles(body, recognizeFeatures(body));
      const t2Class = new Map(t2.faces.map((f) => [f.faceIndex, f.classId]));
      const bb = baseBodyStockFaces(body);
      if (values.verbose) process.stdout.write(`${item.name}: ${describeBaseBody(body)}\n`);
      body.faces.forEach((f, i) => {
        const t = truth.faceClass[faceMap[i]];
        if (t === NOT_COUNTED) return;
        const before = t2Class.get(i) ?? -1;
        const after = bb[i] ? STOCK : before;
        faceCount++;
        if (before === t) t2RightBefore++;
        if (after === t) t2RightAfter++;
        if (t === STOCK) {
          stockFaces++;
          pStock += f.area;
          if (before !== STOCK) (beforeCalled++, (pBefore += f.area));
          if (after !== STOCK) (afterCalled++, (pAfter += f.area));
        }
        if (bb[i]) {
          if (t === STOCK) (fired.stock++, (fired.stockArea += f.area));
          else {
            fired.feature++;
            wrongByClass.set(TRUTH_CLASS_NAMES[t], (wrongByClass.get(TRUTH_CLASS_NAMES[t]) ?? 0) + 1);
          }
          if (before !== STOCK) {
            if (t === STOCK) turned.right++;
            else turned.wrong++;
          }
        }
        if (values.verbose && ((t === STOCK && after !== STOCK) || (bb[i] && t !== STOCK)))
          process.stdout.write(`  ${t === STOCK ? 'MISSED' : 'WRONG '} face ${f.stepId} ${f.surfaceType}${f.reversed ? '(rev)' : ''} area ${f.area.toFixed(1)} truth ${TRUTH_CLASS_NAMES[t]} t2 ${before} ${explainFace(body, i)}\n`);
      });
    }
    if (pStock > 0) {
      partsWithStock++;
      sumBefore += pBefore / pStock;
      sumAfter += pAfter / pStock;
    }
  }
  await tess.close();
  const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
  process.stdout.write(
    [
      `set ${set}${values.dir ? ` (${values.dir})` : ''}: ${items.length} parts, ${faceCount} labelled faces, ${stockFaces} stock`,
      `base-body rule fires on ${fired.stock + fired.feature} faces: ${fired.stock} stock, ${fired.feature} features (${[...wrongByClass].map(([k, v]) => `${k} ${v}`).join(', ')})`,
      `Tier 2 answer changed: ${turned.right} faces feature→stock rightly, ${turned.wrong} wrongly`,
      `Tier 2 stock faces called features: ${beforeCalled} → ${afterCalled}; mean per part of stock area: ${pct(sumBefore / (partsWithStock || 1))} → ${pct(sumAfter / (partsWithStock || 1))}`,
      `Tier 2 face accuracy: ${pct(t2RightBefore / faceCount)} → ${pct(t2RightAfter / faceCount)}`,
    ].join('\n') + '\n',
  );
}

await main();
