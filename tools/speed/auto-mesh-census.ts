/**
 * Dev check for `mesh: 'auto'`: which realworld parts it analyses without OpenCascade's mesh. For each part it prints
 * whether the parse stage reported `PARSE_MESH_BUILT` (and why), `PARSE_MESH_NOT_BUILT` or neither (a part the reader
 * could not analyse), and how many free-form faces (B-spline, swept, offset) the B-Rep has; then the count. Only the
 * parse findings are read, never the labels, so every part is listed (the validation parts too), as bench/README.md
 * counts them.
 *
 * Usage: npx tsx tools/speed/auto-mesh-census.ts [--json out.json]
 * @internal
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createNodeAnalyzer } from '../../src/runtime/node/analyze-file.js';
import { REALWORLD_DIR } from '../../test/support/shared-data.js';

const ANALYTIC = new Set(['plane', 'cylinder', 'cone', 'sphere', 'torus']);
const args = process.argv.slice(2);
const jsonOut = args.includes('--json') ? args[args.indexOf('--json') + 1] : undefined;

interface CensusRow {
  file: string;
  /** `PARSE_MESH_BUILT` (tessellated), `PARSE_MESH_NOT_BUILT` (the B-Rep alone), or neither (the parse failed). */
  mesh: 'built' | 'not built' | 'no decision';
  reason: string;
  freeformFaces: number;
}

const dir = join(REALWORLD_DIR, 'parts');
// Recognition on, as in a caller's analysis: 'auto' decides knowing that recognition will run.
const analyzer = createNodeAnalyzer({ mesh: 'auto', occt: { deadlineMs: 600_000 } });
const rows: CensusRow[] = [];
try {
  for (const file of readdirSync(dir).sort()) {
    if (!/\.(step|stp)$/i.test(file)) continue;
    const { result, part } = await analyzer.analyzeFileDetailed(join(dir, file));
    const findings = result.stages.find((s) => s.name === 'parse')?.findings ?? [];
    const built = findings.find((f) => f.code === 'PARSE_MESH_BUILT');
    const notBuilt = findings.find((f) => f.code === 'PARSE_MESH_NOT_BUILT');
    const freeformFaces = part ? part.faces.filter((f) => !ANALYTIC.has(f.surfaceType)).length : 0;
    const row: CensusRow = { file, mesh: built ? 'built' : notBuilt ? 'not built' : 'no decision', reason: (built ?? notBuilt)?.message ?? result.error?.code ?? 'no finding', freeformFaces };
    rows.push(row);
    console.log(`${row.mesh.padEnd(11)}  ${file}  free-form ${freeformFaces}  ${row.reason}`);
  }
} finally {
  await analyzer.dispose();
}
const withoutMesh = rows.filter((r) => r.mesh === 'not built');
const undecided = rows.filter((r) => r.mesh === 'no decision').length;
console.log(
  `'auto' analysed ${withoutMesh.length} of ${rows.length} parts without the mesh (${withoutMesh.filter((r) => r.freeformFaces > 0).length} of them with free-form faces); ` +
    `tessellated ${rows.length - withoutMesh.length - undecided}; ${undecided} failed before the decision`,
);
if (jsonOut) writeFileSync(jsonOut, JSON.stringify(rows, null, 1) + '\n');
