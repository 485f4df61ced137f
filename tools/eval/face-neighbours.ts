/**
 * The faces around given faces of one STEP part: each face's surface (kind, Ø, inward/outward, axis), STEP id, and
 * its neighbours with the dihedral angle and convexity of the edge between them. A development aid to read why
 * `hole-instance-diff.ts --group round|chamfer` lists an instance (which faces meet tangentially, which along
 * sharp edges).
 *
 *   npx tsx tools/eval/face-neighbours.ts PART.step 94,95,96
 *
 * Use it on development data only (the real `tune` split, generated dev sets).
 * @internal
 */
import { readFileSync } from 'node:fs';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import { featureGeometryOfPart, type FeatureGeometry } from '../../src/features/parameters/index.js';

const [path, list] = process.argv.slice(2);
if (!path || !list) {
  console.error('usage: face-neighbours.ts PART.step FACE,FACE,…');
  process.exit(2);
}
const part = buildPartFromStep(readStep(new Uint8Array(readFileSync(path))));
const geom = featureGeometryOfPart(part);
const r = (x: number) => Math.round(x * 100) / 100;
function surfaceOf(g: FeatureGeometry, f: number): string {
  const m = g.face(f);
  const ax = m.axis ? `ax(${m.axis.map(r).join(',')})` : m.normal ? `n(${m.normal.map(r).join(',')})` : '';
  const size = m.radius !== null ? `Ø${r(2 * m.radius)}` : '';
  const cone = m.semiAngleRad !== null ? ` ${r((2 * m.semiAngleRad * 180) / Math.PI)}°` : '';
  return `${m.kind}${m.kind !== 'plane' && m.kind !== 'other' ? (m.inward ? ' in' : ' out') : ''} ${size}${cone} ${ax} area ${r(m.area)}`.replace(/\s+/g, ' ').trim();
}
for (const f of list.split(',').map(Number)) {
  console.log(`f${f} #${part.faces[f]?.stepId ?? '?'} ${surfaceOf(geom, f)}`);
  for (const ai of part.aag.neighbours[f] ?? []) {
    const arc = part.aag.arcs[ai];
    const o = arc.a === f ? arc.b : arc.a;
    console.log(`    f${o} #${part.faces[o]?.stepId ?? '?'} ${r(arc.dihedralDeg)}° ${arc.convexity} len ${r(arc.lengthMm)}  ${surfaceOf(geom, o)}`);
  }
}
