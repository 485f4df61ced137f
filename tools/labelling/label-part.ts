/**
 * The labelling aid's command line (see docs/labelling.md):
 *
 *   npx tsx tools/labelling/label-part.ts <Dnn> table   [--solid <stepId>]   per-face table
 *   npx tsx tools/labelling/label-part.ts <Dnn> dump    [--solid <stepId>]   triangles + facts → .cache/labelling/Dnn.dump.json (for render-faces.py)
 *   npx tsx tools/labelling/label-part.ts <Dnn> propose [--solid <stepId>]   rule-based draft spec on stdout
 *   npx tsx tools/labelling/label-part.ts <Dnn> build                        tools/labelling/specs/Dnn.spec → labels/realworld/Dnn.json
 *   npx tsx tools/labelling/label-part.ts <Dnn> build --second               a second labeller's spec: specs/second-labeller/Dnn.spec →
 *                                                                            labels/realworld/second-labeller/Dnn.json (kept out of the
 *                                                                            evaluator's list, which reads labels/realworld/*.json only)
 *   npx tsx tools/labelling/label-part.ts <Dnn> solids                       solids/bodies with face counts (also
 *                                                                            bodies the B-Rep builder does not read)
 *
 * Another labelled set (OpenCascade's sample parts, tools/datasets/occt-samples.py): `--set occt-samples` reads
 * the parts from .cache/occt-samples, the specs from tools/labelling/specs/occt-samples and writes
 * labels/occt-samples. `--set caxif-samples` likewise for the CAx-IF parts (tools/datasets/caxif-samples.ts),
 * `--set freecad-samples` for FreeCAD's CAM test parts and tool-bit bodies (tools/datasets/freecad-samples.py).
 *
 * The part is read with cadlens's own STEP reader and B-Rep builder and tessellated by occt-import-js.
 * @internal
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEvalTessellator, loadStepPart } from '../eval/tier2-data.js';
import { readStep } from '../../src/formats/step/step-reader.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import type { Part } from '../../src/model/index.js';
import { faceFacts, formatFaceTable } from './face-facts.js';
import { proposeSpec } from './propose-labels.js';
import { buildLabelFile, type SpecPartInfo } from './label-spec.js';
import { labelFileProblems } from './label-file.js';
import { unreadBodies } from './unread-bodies.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

/** Where a labelled set's parts, specs and label files live. */
interface LabelSet {
  parts: string;
  specs: string;
  labels: string;
}

const LABEL_SETS: Record<string, LabelSet> = {
  realworld: {
    parts: join(REPO, '..', 'shared', 'datasets', 'realworld', 'parts'),
    specs: join(REPO, 'tools', 'labelling', 'specs'),
    labels: join(REPO, 'labels', 'realworld'),
  },
  'occt-samples': {
    parts: join(REPO, '.cache', 'occt-samples'),
    specs: join(REPO, 'tools', 'labelling', 'specs', 'occt-samples'),
    labels: join(REPO, 'labels', 'occt-samples'),
  },
  'caxif-samples': {
    parts: join(REPO, '.cache', 'caxif-samples'),
    specs: join(REPO, 'tools', 'labelling', 'specs', 'caxif-samples'),
    labels: join(REPO, 'labels', 'caxif-samples'),
  },
  'freecad-samples': {
    parts: join(REPO, '.cache', 'freecad-samples'),
    specs: join(REPO, 'tools', 'labelling', 'specs', 'freecad-samples'),
    labels: join(REPO, 'labels', 'freecad-samples'),
  },
};

function partFile(set: LabelSet, code: string): string {
  const name = readdirSync(set.parts).find((f) => f.startsWith(`${code}__`));
  if (!name) throw new Error(`no part ${code} in ${set.parts}`);
  return name;
}

/** Face stepIds per solid or surface body (from the B-Rep only; no tessellation needed). */
export function solidsOf(part: Part): SpecPartInfo['solids'] {
  return part.solids.map((s) => ({
    stepId: s.stepId ?? -1,
    kind: s.kind,
    faceStepIds: s.shells.flatMap((sh) => part.shells[sh].faces.map((f) => part.faces[f].stepId ?? -1)),
  }));
}

async function loadFull(bytes: Uint8Array): Promise<Part> {
  const tess = createEvalTessellator();
  try {
    return await loadStepPart(bytes, tess);
  } finally {
    await (tess as { dispose?: () => Promise<void> | void }).dispose?.();
  }
}

async function main(): Promise<void> {
  const [code, cmd, ...rest] = process.argv.slice(2);
  if (!code || !cmd) throw new Error('usage: label-part.ts <Dnn> table|dump|propose|build|solids [--solid <stepId>]');
  const setArg = rest.indexOf('--set');
  const setName = setArg >= 0 ? rest[setArg + 1] : 'realworld';
  const set = LABEL_SETS[setName];
  if (!set) throw new Error(`unknown --set ${setName} (${Object.keys(LABEL_SETS).join(', ')})`);
  const file = partFile(set, code);
  const bytes = new Uint8Array(readFileSync(join(set.parts, file)));
  const solidArg = rest.indexOf('--solid');
  const solidFilter = solidArg >= 0 ? Number(rest[solidArg + 1]) : null;

  if (cmd === 'build' || cmd === 'solids') {
    const step = readStep(bytes);
    const part = buildPartFromStep(step);
    const read = solidsOf(part);
    const unread = unreadBodies(step, new Set(read.map((s) => s.stepId)));
    const solids = [...read, ...unread];
    if (cmd === 'solids') {
      const names = new Map<number, string>();
      for (const p of part.assembly?.products ?? []) for (const s of p.solids) names.set(part.solids[s].stepId ?? -1, p.name);
      for (const s of solids) console.log(`${s.stepId}\t${s.kind}\t${s.faceStepIds.length} faces\t${names.get(s.stepId) ?? ''}`);
      return;
    }
    const info: SpecPartInfo = { file, sha256: createHash('sha256').update(bytes).digest('hex'), solids };
    // A second labeller's files live one folder down, so the evaluator (labels/realworld/*.json) never reads them.
    const sub = rest.includes('--second') ? ['second-labeller'] : [];
    const spec = readFileSync(join(set.specs, ...sub, `${code}.spec`), 'utf8');
    const labels = buildLabelFile(spec, info);
    const unreadIds = new Set(unread.map((s) => s.stepId));
    for (const s of labels.solids) if (s.labelled && unreadIds.has(s.stepId)) throw new Error(`body #${s.stepId} is not read into the Part: it cannot be labelled`);
    const problems = labelFileProblems(labels, { sha256: info.sha256, solids: new Map(solids.map((s) => [s.stepId, s.faceStepIds])) });
    if (problems.length) throw new Error(problems.join('\n'));
    const outDir = join(set.labels, ...sub);
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, `${code}.json`), JSON.stringify(labels, null, 1) + '\n');
    const counts: Record<string, number> = {};
    for (const f of Object.values(labels.faces)) counts[f.class] = (counts[f.class] ?? 0) + 1;
    console.log(`${code}: ${Object.keys(labels.faces).length} faces, ${Object.keys(labels.instances).length} instances`, counts);
    return;
  }

  const part = await loadFull(bytes);
  let facts = faceFacts(part);
  if (solidFilter !== null) facts = facts.filter((f) => f.solidStepId === solidFilter);
  if (cmd === 'table') {
    console.log(`${file}: ${part.units.lengthUnit}, bbox ${JSON.stringify(part.summary.bbox)}`);
    console.log(formatFaceTable(facts));
  } else if (cmd === 'propose') {
    const idx = new Set(facts.map((f) => f.index));
    const min = [Infinity, Infinity, Infinity];
    const max = [-Infinity, -Infinity, -Infinity];
    for (const f of part.faces) {
      if (!idx.has(f.index)) continue;
      for (let k = 0; k < 3; k++) {
        min[k] = Math.min(min[k], f.bbox.min[k]);
        max[k] = Math.max(max[k], f.bbox.max[k]);
      }
    }
    process.stdout.write(proposeSpec(facts, { min, max }));
  } else if (cmd === 'dump') {
    const { positions, indices } = part.mesh;
    const faces = facts.map((f) => {
      const tri = part.faces[f.index].triangles;
      const xyz: number[] = [];
      if (tri) {
        for (let t = tri.first; t < tri.first + tri.count; t++) {
          for (let k = 0; k < 3; k++) {
            const v = indices[3 * t + k];
            xyz.push(positions[3 * v], positions[3 * v + 1], positions[3 * v + 2]);
          }
        }
      }
      return { ...f, triangles: xyz.map((x) => Math.round(x * 1e4) / 1e4) };
    });
    const out = join(REPO, '.cache', 'labelling');
    mkdirSync(out, { recursive: true });
    const path = join(out, `${code}${solidFilter !== null ? `-${solidFilter}` : ''}.dump.json`);
    writeFileSync(path, JSON.stringify({ file, faces }));
    console.log(path);
  } else {
    throw new Error(`unknown command ${cmd}`);
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
