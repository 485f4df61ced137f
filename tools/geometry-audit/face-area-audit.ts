/**
 * Dev audit of the exact face areas (src/analyze/brep-face-measures.ts, Green's theorem on the uv loops of
 * src/features/gaag/uv-bounds.ts) against OpenCascade's tessellation of the same file. Per STEP file: the Part
 * (readStep + buildPartFromStep), its exact measures (measureBrepFaces), and occt-import-js's mesh attached as
 * tools/eval/tier2-data.ts `tessellateForRecognition` does; then, per face, the exact area against the sum of the
 * face's triangle areas (tools/eval/evaluate-item.ts `triangleAreas`, the `face.triangles` range).
 *
 * A face is flagged when the two disagree beyond what tessellation error explains: |exact − mesh| > 2 % of the
 * larger and > 0.5 mm², or the face is unmeasured / reads 0 mm² while its triangles have > 0.5 mm². Faces without
 * triangles (mapping `unmapped`) are counted apart, not compared. A flag is a lead, not a verdict: confirm it
 * against OpenCascade's exact `Face.Area` (tools/geometry-audit/occt-face-areas.py) before calling it a bug —
 * a coarse mesh of a small curved face can miss 2 % on its own.
 *
 * Only geometry is read (no labels, no recognizer), so every file of a set may be audited.
 *
 * Usage: npx tsx tools/geometry-audit/face-area-audit.ts --out DIR [--every N] [--all-exact] PATH... (files or
 * folders; folders are read for *.step / *.stp, sorted; --every N keeps every N-th file of each folder; --all-exact
 * lists every file's exact face areas in files.jsonl, for occt-face-areas.py --all). Writes DIR/faces.jsonl
 * (one row per flagged face), DIR/files.jsonl (per-file totals) and prints the totals by surface type and cause.
 * Keep DIR outside the repository.
 * @internal
 */
import { appendFileSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readStep } from '../../src/formats/step/step-reader.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import { measureBrepFaces } from '../../src/analyze/brep-face-measures.js';
import { attachTessellation } from '../../src/tessellation/index.js';
import { createEvalTessellator } from '../eval/tier2-data.js';
import { triangleAreas } from '../eval/evaluate-item.js';

const REL_TOL = 0.02;
const ABS_TOL_MM2 = 0.5;

const args = process.argv.slice(2);
const take = (flag: string): string | undefined => {
  const i = args.indexOf(flag);
  if (i < 0) return undefined;
  const v = args[i + 1];
  args.splice(i, 2);
  return v;
};
const outDir = take('--out');
const every = Number(take('--every') ?? '1');
const allExact = args.includes('--all-exact');
if (allExact) args.splice(args.indexOf('--all-exact'), 1);
if (!outDir || args.length === 0) {
  console.error('usage: face-area-audit.ts --out DIR [--every N] PATH...');
  process.exit(2);
}

function listFiles(paths: string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    if (statSync(p).isDirectory()) {
      const files = readdirSync(p).filter((f) => /\.(step|stp)$/i.test(f)).sort();
      files.forEach((f, i) => {
        if (i % every === 0) out.push(join(p, f));
      });
    } else out.push(p);
  }
  return out.map((f) => resolve(f));
}

/** One flagged face. */
interface FlaggedFace {
  file: string;
  face: number;
  stepId: number | null;
  surface: string;
  exact: number;
  mesh: number;
  /** `unmeasured` (no exact area), `zero` (exact 0), `low` / `high` (exact below / above the mesh). */
  cause: 'unmeasured' | 'zero' | 'low' | 'high';
  mapping: string;
}

mkdirSync(outDir, { recursive: true });
const facesOut = join(outDir, 'faces.jsonl');
const filesOut = join(outDir, 'files.jsonl');
writeFileSync(facesOut, '');
writeFileSync(filesOut, '');

const tess = createEvalTessellator();
const totals = { files: 0, failed: 0, faces: 0, compared: 0, noTriangles: 0, flagged: 0 };
const byCause = new Map<string, number>();
const bySurface = new Map<string, { compared: number; flagged: number }>();

for (const file of listFiles(args)) {
  totals.files++;
  let flaggedHere = 0;
  let compared = 0;
  try {
    const bytes = new Uint8Array(readFileSync(file));
    const part = buildPartFromStep(readStep(bytes));
    const exact = measureBrepFaces(part);
    const unmeasured = new Set(exact.unmeasured);
    const meshed = attachTessellation(part, await tess.tessellate(bytes, 'step'));
    const tri = meshed.mesh ? triangleAreas(meshed.mesh) : new Float64Array(0);
    for (const f of meshed.faces) {
      totals.faces++;
      const surface = f.surfaceType;
      const s = bySurface.get(surface) ?? { compared: 0, flagged: 0 };
      bySurface.set(surface, s);
      if (!f.triangles || f.triangles.count === 0) {
        totals.noTriangles++;
        continue;
      }
      let mesh = 0;
      for (let t = f.triangles.first; t < f.triangles.first + f.triangles.count; t++) mesh += tri[t];
      const e = exact.part.faces[f.index].area;
      totals.compared++;
      compared++;
      s.compared++;
      let cause: FlaggedFace['cause'] | null = null;
      if (unmeasured.has(f.index)) cause = mesh > ABS_TOL_MM2 ? 'unmeasured' : null;
      else if (!(e > 0)) cause = mesh > ABS_TOL_MM2 ? 'zero' : null;
      else if (Math.abs(e - mesh) > ABS_TOL_MM2 && Math.abs(e - mesh) > REL_TOL * Math.max(e, mesh)) cause = e < mesh ? 'low' : 'high';
      if (!cause) continue;
      totals.flagged++;
      flaggedHere++;
      s.flagged++;
      byCause.set(cause, (byCause.get(cause) ?? 0) + 1);
      const row: FlaggedFace = { file, face: f.index, stepId: f.stepId, surface, exact: e, mesh, cause, mapping: f.mapping.status };
      appendFileSync(facesOut, JSON.stringify(row) + '\n');
    }
    // a file with flagged faces (every file, with --all-exact) also lists every face's exact area and centroid, for the OpenCascade check
    // (occt-face-areas.py matches faces by index, checked by these centroids)
    const exactFaces = flaggedHere > 0 || allExact ? exact.part.faces.map((f) => [f.area, ...f.centroid]) : undefined;
    appendFileSync(filesOut, JSON.stringify({ file, faces: part.faces.length, compared, flagged: flaggedHere, exactFaces }) + '\n');
  } catch (err) {
    totals.failed++;
    appendFileSync(filesOut, JSON.stringify({ file, error: err instanceof Error ? err.message : String(err) }) + '\n');
  }
  if (flaggedHere > 0) console.log(`${flaggedHere} flagged of ${compared}: ${file}`);
}
await tess.close();

console.log(JSON.stringify(totals));
console.log('by cause:', JSON.stringify(Object.fromEntries(byCause)));
console.log('by surface (compared / flagged):');
for (const [k, v] of [...bySurface].sort()) console.log(`  ${k}: ${v.compared} / ${v.flagged}`);
writeFileSync(join(outDir, 'totals.json'), JSON.stringify({ totals, byCause: Object.fromEntries(byCause), bySurface: Object.fromEntries(bySurface) }, null, 1));
