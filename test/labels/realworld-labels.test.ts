/**
 * Every committed hand label file (labels/realworld/Dnn.json) against its STEP file in ../shared: the
 * sha256 matches, every ADVANCED_FACE of each labelled solid has exactly one entry and there are no extra
 * ids, classes and tags are in the vocabulary, instances exist and agree with their faces, stock faces
 * have no instance. The face inventory is read here straight from the STEP entities (solid → shell →
 * faces), independently of the B-Rep builder the labelling aid uses. Skips with a visible reason when
 * ../shared is absent.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { labelFileProblems, type RealWorldLabelFile } from '../../tools/labelling/label-file.js';
import { buildLabelFile } from '../../tools/labelling/label-spec.js';
import { stepFaceInventory } from '../support/step-face-inventory.js';
import { HAS_SHARED, NO_SHARED_REASON, REPO_DIR, SHARED_DIR } from '../support/shared-data.js';

const LABEL_DIR = join(REPO_DIR, 'labels', 'realworld');
const PARTS_DIR = join(SHARED_DIR, 'datasets', 'realworld', 'parts');
const SECOND_DIR = join(LABEL_DIR, 'second-labeller');
const dnn = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir).filter((f) => /^D\d\d\.json$/.test(f)).sort() : []);
const labelFiles = dnn(LABEL_DIR);
// The second labeller's files (sessions 9 and 22, docs/labelling.md "Session 9: second labeller") get the same checks.
const checkedFiles = [...labelFiles, ...dnn(SECOND_DIR).map((f) => `second-labeller/${f}`)];

describe.skipIf(!HAS_SHARED)(`real-world face labels${HAS_SHARED ? '' : ` (${NO_SHARED_REASON})`}`, () => {
  it('has label files to check', () => {
    expect(labelFiles.length).toBeGreaterThan(0);
  });

  it.each(checkedFiles)('%s matches its STEP file face for face', (name) => {
    const labels = JSON.parse(readFileSync(join(LABEL_DIR, name), 'utf8')) as RealWorldLabelFile;
    expect(labels.file.startsWith(name.split('/').pop()!.slice(0, 3) + '__')).toBe(true);
    const inv = stepFaceInventory(new Uint8Array(readFileSync(join(PARTS_DIR, labels.file))));
    expect(labelFileProblems(labels, inv)).toEqual([]);
    // Exactly the labelled solids' faces, each face once (a face listed twice by the file would hide here).
    const expected = labels.solids.filter((s) => s.labelled).flatMap((s) => inv.solids.get(s.stepId) ?? []);
    expect(new Set(expected).size).toBe(expected.length);
    expect(Object.keys(labels.faces).map(Number).sort((a, b) => a - b)).toEqual([...expected].sort((a, b) => a - b));
    expect(labels.meta.minutes).toBeGreaterThan(0);
    expect(labels.meta.method.length).toBeGreaterThan(0);
  });

  it('catches a tampered label file (missing face, extra id, wrong hash, stock with instance, unknown class)', () => {
    const name = labelFiles[0];
    const labels = JSON.parse(readFileSync(join(LABEL_DIR, name), 'utf8')) as RealWorldLabelFile;
    const inv = stepFaceInventory(new Uint8Array(readFileSync(join(PARTS_DIR, labels.file))));
    const ids = Object.keys(labels.faces);
    const broken = structuredClone(labels);
    delete broken.faces[ids[0]];
    broken.faces['999999999'] = { class: 'stock', instance: null, bottom: false, tags: [] };
    broken.sha256 = '0'.repeat(64);
    const stockId = ids.find((k) => k !== ids[0] && labels.faces[k].class === 'stock') ?? ids[1];
    broken.faces[stockId] = { class: 'stock', instance: 'x', bottom: false, tags: [] };
    const featureId = ids.find((k) => labels.faces[k].class !== 'stock' && k !== ids[0]);
    if (featureId) broken.faces[featureId] = { ...broken.faces[featureId], class: 'slot' as never };
    const problems = labelFileProblems(broken, inv).join('\n');
    expect(problems).toContain(`face #${ids[0]} has no label`);
    expect(problems).toContain('face #999999999 is not a face of a labelled solid');
    expect(problems).toContain('sha256');
    expect(problems).toContain(`face #${stockId}: stock with instance x`);
    if (featureId) expect(problems).toContain(`face #${featureId}: class slot`);
  });
});

describe('label spec builder', () => {
  const info = {
    file: 'X.step',
    sha256: 'a'.repeat(64),
    solids: [{ stepId: 1, kind: 'manifold_solid_brep', faceStepIds: [10, 11, 12, 13, 14] }],
  };
  const head = '@minutes 3\n@method test\n';

  it('expands a complete spec into faces and instances', () => {
    const out = buildLabelFile(`${head}stock: 10 11\nblind_hole h1 bottom=13: 12 13\nthrough_hole h2 composite=counterbore: 14\n`, info);
    expect(out.faces['13']).toEqual({ class: 'blind_hole', instance: 'h1', bottom: true, tags: [] });
    expect(out.faces['14'].tags).toEqual(['counterbore']);
    expect(out.instances).toEqual({ h1: { class: 'blind_hole', composite: null }, h2: { class: 'through_hole', composite: 'counterbore' } });
    expect(labelFileProblems(out, { sha256: info.sha256, solids: new Map([[1, info.solids[0].faceStepIds]]) })).toEqual([]);
  });

  it('refuses a spec that leaves a face out, labels one twice or names an unknown class', () => {
    expect(() => buildLabelFile(`${head}stock: 10 11 12 13\n`, info)).toThrow(/faces without a label: 14/);
    expect(() => buildLabelFile(`${head}stock: 10 11 12 13 14 14\n`, info)).toThrow(/labelled twice/);
    expect(() => buildLabelFile(`${head}stock: 10 11 12 13\nslot s1: 14\n`, info)).toThrow(/unknown class slot/);
    expect(() => buildLabelFile(`${head}stock: 10 11 12 13\nround r1 bottom=10: 14\n`, info)).toThrow(/bottom face 10/);
  });
});
