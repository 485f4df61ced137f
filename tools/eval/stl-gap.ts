/**
 * Diagnostic: where the STL path loses triangles against Tier 2 on the B-Rep of the same generated part.
 *   npx tsx tools/eval/stl-gap.ts DIR [--limit N | --part NAME] [--verbose] [--faces]
 * DIR: generator output with `--stl` (NAME.step, NAME.stl, NAME.stl.labels.json).
 * Per triangle: STL right; STL wrong and B-Rep Tier 2 wrong (rules); STL wrong and B-Rep right (mesh side),
 * the last split by how the triangle's true face was segmented (clean 1:1, split, merged) and surface kind.
 * @internal
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createMeshPart, readStl } from '../../src/formats/mesh/index.js';
import { segmentMesh } from '../../src/stages/recognize/tier2-mesh/index.js';
import { recognizeFeatures } from '../../src/stages/recognize/tier2-heuristics/heuristic-recognizer.js';
import { applyBaseBodyStock, groupCompositeHoles } from '../../src/stages/recognize/index.js';
import { buildFeatureGraphFromPart } from '../../src/stages/recognize/tier2-heuristics/feature-graph.js';

import { AAGNET_CLASS_NAMES } from '../../src/inference/aagnet-classes.js';
import { createEvalTessellator, loadStepPart } from './tier2-data.js';
import { stlDiagnosticArgs } from './stl-part-names.js';

const args = process.argv.slice(2);
const { dir, names, verbose } = stlDiagnosticArgs(args);

const tess = createEvalTessellator();
const tot = { tri: 0, stlRight: 0, brepRight: 0, bothWrong: 0, meshLoss: 0, stlOnlyRight: 0 };
const lossBy = new Map<string, number>();
const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
const kindConf = new Map<string, number>();
const segStats = { trueFaces: 0, clean: 0, split: 0, merged: 0 };
const confusion = new Map<string, number>();
for (const name of names) {
  const stlBytes = new Uint8Array(readFileSync(join(dir, `${name}.stl`)));
  const { mesh } = readStl(stlBytes);
  const lab = JSON.parse(readFileSync(join(dir, `${name}.stl.labels.json`), 'utf8')) as { triangleClass: number[]; triangleFace: number[] };
  const stepBytes = new Uint8Array(readFileSync(join(dir, `${name}.step`)));
  const part = await loadStepPart(stepBytes, tess);
  // B-Rep Tier 2 as the pipeline and the evaluator answer: base body stock, composite holes grouped
  const brepOut = groupCompositeHoles(part, applyBaseBodyStock(part, recognizeFeatures(part)));
  const brepGraph = buildFeatureGraphFromPart(part);
  const brepClassByStep = new Map<number, number>();
  const brepKindByStep = new Map<number, string>();
  for (const f of brepOut.faces) if (f.stepId !== null) brepClassByStep.set(f.stepId, f.classId);
  for (const g of brepGraph.faces) if (g.stepId !== null) brepKindByStep.set(g.stepId, g.kind);
  const nt = mesh.indices.length / 3;
  const graph = segmentMesh(mesh);
  const stlOut = recognizeFeatures(createMeshPart(mesh, 'stl'));
  const stlClass = new Int32Array(nt).fill(-1);
  for (const f of stlOut.faces) for (const t of f.triangles ?? []) stlClass[t] = f.classId;
  const segOf = new Int32Array(nt);
  for (const f of graph.faces) for (const t of f.triangles ?? []) segOf[t] = f.index;
  // segment ↔ true face overlap
  const segFaces = graph.faces.map(() => new Map<number, number>());
  const faceSegs = new Map<number, Map<number, number>>();
  for (let t = 0; t < nt; t++) {
    const s = segOf[t], sf = lab.triangleFace[t];
    add(segFaces[s], String(sf), 1);
    if (!faceSegs.has(sf)) faceSegs.set(sf, new Map());
    faceSegs.get(sf)!.set(s, (faceSegs.get(sf)!.get(s) ?? 0) + 1);
  }
  const faceState = new Map<number, string>();
  for (const [sf, segs] of faceSegs) {
    segStats.trueFaces++;
    const merged = [...segs.keys()].some((s) => segFaces[s].size > 1);
    const st = segs.size > 1 ? (merged ? 'split+merged' : 'split') : merged ? 'merged' : 'clean';
    if (st === 'clean') segStats.clean++;
    else if (st === 'split') segStats.split++;
    else segStats.merged++;
    faceState.set(sf, st);
    if (segs.size === 1) {
      const s = [...segs.keys()][0];
      add(kindConf, `${brepKindByStep.get(sf)}->${graph.faces[s].kind}`, 1);
    }
  }
  let pr = 0, pb = 0;
  for (let t = 0; t < nt; t++) {
    const truth = lab.triangleClass[t], sf = lab.triangleFace[t];
    const b = brepClassByStep.get(sf) ?? -1;
    tot.tri++;
    const sr = stlClass[t] === truth, br = b === truth;
    if (sr) { tot.stlRight++; pr++; }
    if (br) { tot.brepRight++; pb++; }
    if (!sr && !br) tot.bothWrong++;
    if (sr && !br) tot.stlOnlyRight++;
    if (!sr && br) {
      tot.meshLoss++;
      add(lossBy, `${faceState.get(sf)} ${brepKindByStep.get(sf)}->${graph.faces[segOf[t]].kind}`, 1);
      add(confusion, `${AAGNET_CLASS_NAMES[truth]}->${stlClass[t] >= 0 ? AAGNET_CLASS_NAMES[stlClass[t]] : 'none'}`, 1);
    }
  }
  if (args.includes('--faces')) {
    for (const [sf, segs] of faceSegs)
      console.log(`  face ${sf} ${brepKindByStep.get(sf)} ${AAGNET_CLASS_NAMES[lab.triangleClass[lab.triangleFace.indexOf(sf)]]} -> ` +
        [...segs].map(([s2, c]) => `seg${s2}:${graph.faces[s2].kind}${graph.faces[s2].kind === 'torus' ? `(R${graph.faces[s2].majorRadius?.toFixed(2)} r${graph.faces[s2].radius?.toFixed(2)})` : graph.faces[s2].radius ? `(r${graph.faces[s2].radius?.toFixed(2)})` : ''}:${c}/${graph.faces[s2].triangles?.length}`).join(' '));
    const brepT = new Map(part.faces.map((f) => [f.stepId, f.surface] as const));
    for (const [sf] of faceSegs) { const su = brepT.get(sf) as { type: string; majorRadius?: number; minorRadius?: number; radius?: number } | undefined; if (su?.type === 'torus') console.log(`  brep ${sf} torus R${su.majorRadius} r${su.minorRadius}`); }
  }
  if (verbose) console.log(`${name} tris ${nt} stl ${(100 * pr / nt).toFixed(1)} brep ${(100 * pb / nt).toFixed(1)} brepFaces ${part.faces.length} segs ${graph.faces.length}`);
}
await tess.close();
const pct = (x: number) => `${((100 * x) / tot.tri).toFixed(1)} %`;
console.log(`parts ${names.length} triangles ${tot.tri}`);
console.log(`STL right ${pct(tot.stlRight)}  B-Rep T2 right (per triangle) ${pct(tot.brepRight)}  both wrong ${pct(tot.bothWrong)}  mesh loss (B-Rep right, STL wrong) ${pct(tot.meshLoss)}  STL-only right ${pct(tot.stlOnlyRight)}`);
console.log(`true faces ${segStats.trueFaces}: clean ${segStats.clean}, split ${segStats.split}, merged ${segStats.merged}`);
const top = (m: Map<string, number>, n = 15) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `  ${k}: ${v}`).join('\n');
console.log('mesh loss by segmentation state and kind (brep->mesh):\n' + top(lossBy));
console.log('mesh loss by class (truth->stl):\n' + top(confusion));
console.log('kind of cleanly-1:1 faces (brep->mesh):\n' + top(kindConf, 20));
