/**
 * Diagnostic: where the mesh-segmented graph states other facts than the B-Rep graph of the same
 * generated part, over true faces segmented 1:1 (clean): surface kind, hole side, radius, span, area,
 * and the convexity of arcs between two clean faces.
 *   npx tsx tools/eval/stl-graph-diff.ts DIR [--limit N | --part NAME] [--verbose]
 * @internal
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readStl } from '../../src/formats/mesh/index.js';
import { segmentMesh } from '../../src/stages/recognize/tier2-mesh/index.js';
import { buildFeatureGraphFromPart, type FeatureGraph } from '../../src/stages/recognize/tier2-heuristics/feature-graph.js';
import { createEvalTessellator, loadStepPart } from './tier2-data.js';
import { stlDiagnosticArgs } from './stl-part-names.js';

const { dir, names, verbose } = stlDiagnosticArgs(process.argv.slice(2));

const tess = createEvalTessellator();
const diff = new Map<string, number>();
const add = (k: string, v = 1) => diff.set(k, (diff.get(k) ?? 0) + v);
const arcKey = (a: number, b: number) => (a < b ? `${a},${b}` : `${b},${a}`);
const arcMap = (g: FeatureGraph) => new Map(g.arcs.map((a) => [arcKey(a.a, a.b), a] as const));
for (const name of names) {
  const { mesh } = readStl(new Uint8Array(readFileSync(join(dir, `${name}.stl`))));
  const lab = JSON.parse(readFileSync(join(dir, `${name}.stl.labels.json`), 'utf8')) as { triangleFace: number[] };
  const stepBytes = new Uint8Array(readFileSync(join(dir, `${name}.step`)));
  const part = await loadStepPart(stepBytes, tess);
  const bg = buildFeatureGraphFromPart(part);
  const mg = segmentMesh(mesh);
  const brepOfStep = new Map(bg.faces.map((f) => [f.stepId, f.index] as const));
  // true face → segment counts
  const segsOf = new Map<number, Map<number, number>>();
  const facesOfSeg = mg.faces.map(() => new Set<number>());
  for (const f of mg.faces)
    for (const t of f.triangles ?? []) {
      const sf = lab.triangleFace[t];
      if (!segsOf.has(sf)) segsOf.set(sf, new Map());
      segsOf.get(sf)!.set(f.index, (segsOf.get(sf)!.get(f.index) ?? 0) + 1);
      facesOfSeg[f.index].add(sf);
    }
  const segOfBrep = new Map<number, number>();
  for (const [sf, segs] of segsOf) {
    if (segs.size !== 1) continue;
    const s = [...segs.keys()][0];
    if (facesOfSeg[s].size !== 1) continue;
    const b = brepOfStep.get(sf);
    if (b !== undefined) segOfBrep.set(b, s);
  }
  for (const [b, s] of segOfBrep) {
    const bf = bg.faces[b], mf = mg.faces[s];
    add('clean faces');
    const tag = (k: string) => {
      add(k);
      if (verbose) console.log(`${name} face ${bf.stepId} ${bf.kind}: ${k}`);
    };
    if (bf.kind !== mf.kind) tag(`kind ${bf.kind}->${mf.kind}`);
    else if (bf.kind !== 'plane') {
      if (bf.inward !== mf.inward) tag(`inward ${bf.kind} ${bf.inward}->${mf.inward}`);
      if (bf.radius !== null && mf.radius !== null && Math.abs(Math.abs(bf.radius) - Math.abs(mf.radius)) > 0.01 * Math.abs(bf.radius) && bf.kind !== 'cone') tag(`radius ${bf.kind}`);
      if ((bf.spanRad === undefined) !== (mf.spanRad === undefined)) tag(`span defined ${bf.spanRad !== undefined}->${mf.spanRad !== undefined}`);
      else if (bf.spanRad !== undefined && Math.abs(bf.spanRad - mf.spanRad!) > 0.1) tag(`span ${bf.kind} ${bf.spanRad.toFixed(2)}->${mf.spanRad!.toFixed(2)}`);
    } else if (bf.normal && mf.normal && bf.normal[0] * mf.normal[0] + bf.normal[1] * mf.normal[1] + bf.normal[2] * mf.normal[2] < 0.99) tag('plane normal');
    if (Math.abs(bf.area - mf.area) > 0.02 * bf.area) tag(`area ${bf.kind}`);
  }
  const ma = arcMap(mg);
  for (const arc of bg.arcs) {
    const sa = segOfBrep.get(arc.a), sb = segOfBrep.get(arc.b);
    if (sa === undefined || sb === undefined) continue;
    add('clean arcs');
    const m = ma.get(arcKey(sa, sb));
    const kinds = `${bg.faces[arc.a].kind}/${bg.faces[arc.b].kind}`;
    if (!m) {
      add(`arc missing ${arc.convexity} ${kinds}`);
      if (verbose) console.log(`${name} arc ${bg.faces[arc.a].stepId}-${bg.faces[arc.b].stepId} missing (${arc.convexity}, ${arc.lengthMm.toFixed(2)} mm)`);
    } else if (m.convexity !== arc.convexity) {
      add(`arc ${arc.convexity}->${m.convexity} ${kinds}`);
      if (verbose) console.log(`${name} arc ${bg.faces[arc.a].stepId}-${bg.faces[arc.b].stepId} ${arc.convexity}->${m.convexity} (${arc.dihedralDeg.toFixed(1)}° vs ${m.dihedralDeg.toFixed(1)}°)`);
    }
  }
  const ba = new Map<string, true>();
  for (const arc of bg.arcs) {
    const sa = segOfBrep.get(arc.a), sb = segOfBrep.get(arc.b);
    if (sa !== undefined && sb !== undefined) ba.set(arcKey(sa, sb), true);
  }
  const cleanSegs = new Set(segOfBrep.values());
  for (const m of mg.arcs) if (cleanSegs.has(m.a) && cleanSegs.has(m.b) && !ba.has(arcKey(m.a, m.b))) add(`arc extra ${m.convexity}`);
}
await tess.close();
for (const [k, v] of [...diff].sort((a, b) => b[1] - a[1])) console.log(`${k}: ${v}`);
