/**
 * The foundation's dataset check on MFCAD: every part must parse, map every face to its STEP entity,
 * build the AAG, and validate as a closed manifold solid — and its face names must line up with its
 * `face_truth` labels. Used by test/datasets/mfcad-sample.test.ts (a fixed sample, in CI) and by
 * `npm run dataset:mfcad` (all parts, with a JSON report).
 * @internal
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NodeAnalyzer } from '../../src/runtime/node/analyze-file.js';
import { parseFaceTruth } from '../eval/mfcad-face-truth.js';

/** What one part's check found. `problems` is empty when the part is fine. */
export interface MfcadPartCheck {
  name: string;
  faces: number;
  arcs: number;
  ms: number;
  problems: string[];
}

/** Analyse one MFCAD part and list everything that is not as the dataset promises. */
export async function checkMfcadPart(analyzer: NodeAnalyzer, dir: string, name: string): Promise<MfcadPartCheck> {
  const started = performance.now();
  const problems: string[] = [];
  let faces = 0;
  let arcs = 0;
  try {
    const result = await analyzer.analyzeFile(join(dir, `${name}.step`));
    if (result.error) problems.push(`error ${result.error.code}: ${result.error.message}`);
    for (const s of result.stages) {
      if (!s.passed) problems.push(`stage ${s.name} failed: ${s.findings.filter((f) => f.severity === 'error').map((f) => f.code).join(',')}`);
    }
    const part = result.part;
    if (part) {
      faces = part.faces.length;
      arcs = result.aag?.arcs.length ?? 0;
      const unmapped = part.faces.filter((f) => f.mapping !== 'order');
      if (unmapped.length > 0) problems.push(`${unmapped.length} face(s) not mapped by verified order`);
      if (part.counts.solids !== 1) problems.push(`${part.counts.solids} solids (expected 1)`);
      if (arcs === 0) problems.push('empty AAG');
      if (part.volumeMm3 === null || part.volumeMm3 <= 0) problems.push(`volume ${part.volumeMm3}`);
      const truth = parseFaceTruth(new Uint8Array(readFileSync(join(dir, `${name}.face_truth`))));
      const ids = part.faces.map((f) => Number(f.name));
      if (ids.some((id) => !Number.isInteger(id) || id < 0 || id >= truth.length)) problems.push('a face name is not a face_truth index');
      if (new Set(ids).size !== ids.length) problems.push('duplicate face names');
      if (truth.length !== faces) problems.push(`face_truth has ${truth.length} labels for ${faces} faces`);
    } else problems.push('no part');
  } catch (e) {
    problems.push(`exception: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
  }
  return { name, faces, arcs, ms: performance.now() - started, problems };
}
