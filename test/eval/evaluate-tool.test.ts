/**
 * The evaluation tool end to end on a small fixed sample of each set (real STEP/STL files, real
 * recognizers, real onnxruntime): hand-labelled synthetic fixtures, an STL with per-triangle labels,
 * a two-solid part in the real-world format, D05 (labels/realworld) and four MFCAD validation parts
 * from ../shared (skipped with the reason when absent); and the loud failure on label files whose
 * face ids (or hash) do not match their STEP file, in-process and through the CLI's exit code.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runEvaluation } from '../../tools/eval/run-evaluation.js';
import { renderMarkdown } from '../../tools/eval/report-markdown.js';
import { triangleAreas } from '../../tools/eval/evaluate-item.js';
import { createMeshPart, readStl } from '../../src/formats/mesh/index.js';
import { recognizeFeatures } from '../../src/stages/recognize/tier2-heuristics/heuristic-recognizer.js';
import { isEvalError } from '../../tools/eval/eval-error.js';
import { mfcadSplit } from '../../tools/eval/mfcad-split.js';
import { runUnlabelledPatterns } from '../../tools/eval/unlabelled-patterns.js';
import { HAS_SHARED, NO_SHARED_REASON, REPO_DIR, SHARED_DIR } from '../support/shared-data.js';

const FIX = join(REPO_DIR, 'test', 'fixtures', 'eval');
const REALWORLD_PARTS = join(SHARED_DIR, 'datasets', 'realworld', 'parts');
const tmp = mkdtempSync(join(tmpdir(), 'cadlens-eval-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function expectEvalError(p: Promise<unknown>, code: string): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(isEvalError(e), String(e)).toBe(true);
    expect((e as { code: string }).code).toBe(code);
    return (e as Error).message;
  }
  throw new Error(`expected ${code}, nothing was thrown`);
}

/** Sum of a confusion matrix. */
const total = (m: number[][]) => m.reduce((s, r) => s + r.reduce((a, b) => a + b, 0), 0);

describe('npm run eval: synthetic fixtures (AAGNet layout, keyed by ADVANCED_FACE id)', () => {
  it('scores Tier 1, Tier 2 and the STL path on three labelled parts, with instances at IoU = 1 and ≥ 0.5', async () => {
    const report = await runEvaluation({ set: 'synthetic', dir: join(FIX, 'synthetic'), tiers: ['1', '2', 'stl'], warmUp: false }, REPO_DIR);
    expect(report.items).toBe(3);
    for (const t of ['1', '2'] as const) {
      const r = report.results[t]!;
      expect(r.parts).toEqual({ total: 3, answered: 3, declined: 0, failed: 0 });
      // plate-hole 7 + plate-hole-pocket 12 + fillet-block 7 faces, 18 of them stock
      expect(r.faces.faces).toBe(26);
      expect(total(r.faces.confusion)).toBe(26);
      expect(r.stock.elements).toBe(18);
      expect(r.stock.areaMm2).toBeGreaterThan(0);
      // true instances: hole, hole + pocket, round
      expect(r.instances!.iou1.truth).toBe(4);
      expect(r.instances!.iou05.matched).toBeGreaterThanOrEqual(r.instances!.iou1.matched);
      expect(r.calibration.face.samples).toBe(26);
      expect(r.perPart.map((p) => p.name)).toEqual(['fillet-block', 'plate-hole', 'plate-hole-pocket']);
    }
    const stl = report.results.stl!;
    expect(stl.unit).toBe('triangle');
    expect(stl.parts.answered).toBe(3);
    expect(stl.faces.faces).toBeGreaterThan(26);
    expect(stl.instances!.iou1.truth).toBe(4);
    const md = renderMarkdown(report);
    expect(md).toContain('| Tier 1 (AAGNet) | face | 3 / 0 / 0 | 26 |');
    expect(md).toContain('Confusion matrix, Tier 2');
  });

  it('--rotate evaluates seeded rotated copies: same faces, same labels, reported in the header', async () => {
    const report = await runEvaluation({ set: 'synthetic', dir: join(FIX, 'synthetic'), tiers: ['2'], rotateSeed: 7, warmUp: false }, REPO_DIR);
    expect(report.rotation).toContain('seed 7');
    const r = report.results['2']!;
    expect(r.parts.answered).toBe(3);
    expect(r.faces.faces).toBe(26);
    expect(r.instances!.iou1.truth).toBe(4);
  });

  it('fails with EVAL_LABELS_MISMATCH when a label file lacks a face of the STEP file, or names one it does not have', async () => {
    const [[name, body]] = JSON.parse(readFileSync(join(FIX, 'synthetic', 'plate-hole.json'), 'utf8')) as [[string, { seg: Record<string, number>; bottom: Record<string, number>; inst: number[][]; face_ids: number[] }]];
    // Drop the hole face (#154) consistently from every field: the file is well-formed, its ids are not the STEP's.
    const k = body.face_ids.indexOf(154);
    const missing = structuredClone(body);
    delete missing.seg['154'];
    delete missing.bottom['154'];
    missing.face_ids.splice(k, 1);
    missing.inst = missing.inst.filter((_, i) => i !== k).map((r) => r.filter((_, j) => j !== k));
    const dirMissing = join(tmp, 'synthetic-missing');
    cpSync(join(FIX, 'synthetic', 'plate-hole.step'), join(dirMissing, 'plate-hole.step'), { recursive: true });
    writeFileSync(join(dirMissing, 'plate-hole.json'), JSON.stringify([[name, missing]]));
    const msg = await expectEvalError(runEvaluation({ set: 'synthetic', dir: dirMissing, tiers: ['2'] }, REPO_DIR), 'EVAL_LABELS_MISMATCH');
    expect(msg).toContain('#154');

    // Renumber the hole to an id the file does not have.
    const extra = structuredClone(body);
    extra.seg['9999'] = extra.seg['154'];
    extra.bottom['9999'] = 0;
    delete extra.seg['154'];
    delete extra.bottom['154'];
    extra.face_ids[k] = 9999;
    const dirExtra = join(tmp, 'synthetic-extra');
    cpSync(join(FIX, 'synthetic', 'plate-hole.step'), join(dirExtra, 'plate-hole.step'), { recursive: true });
    writeFileSync(join(dirExtra, 'plate-hole.json'), JSON.stringify([[name, extra]]));
    expect(await expectEvalError(runEvaluation({ set: 'synthetic', dir: dirExtra, tiers: ['2'] }, REPO_DIR), 'EVAL_LABELS_MISMATCH')).toContain('#9999');

    // The CLI turns it into exit code 2 with the code on stderr.
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(REPO_DIR, 'tools/eval/evaluate.ts'), '--set', 'synthetic', '--dir', dirExtra, '--tiers', '2', '--quiet'], { cwd: REPO_DIR, encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('EVAL_LABELS_MISMATCH');
    expect(run.stdout).toBe('');
  });
});

describe('npm run eval: STL with per-triangle labels', () => {
  it('runs the STL path through the CLI and writes the JSON and markdown reports', () => {
    const json = join(tmp, 'stl.json');
    const md = join(tmp, 'stl.md');
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(REPO_DIR, 'tools/eval/evaluate.ts'), '--set', 'stl', '--dir', join(FIX, 'stl'), '--tiers', 'stl,default', '--json', json, '--md', md, '--quiet'], { cwd: REPO_DIR, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const report = JSON.parse(readFileSync(json, 'utf8'));
    const labels = JSON.parse(readFileSync(join(FIX, 'stl', 'plate-hole-pocket.stl.labels.json'), 'utf8')) as { triangleClass: number[] };
    const r = report.results.stl;
    expect(r.unit).toBe('triangle');
    expect(r.faces.faces).toBe(labels.triangleClass.length);
    expect(r.stock.elements).toBe(labels.triangleClass.filter((c) => c === 24).length);
    expect(r.instances.iou1.truth).toBe(2);
    // the default pipeline on the STL bytes answers per input triangle (Tier 1 has no B-Rep to take)
    const d = report.results.default;
    expect(d.parts.answered).toBe(1);
    expect(d.faces.faces).toBe(labels.triangleClass.length);
    expect(Object.keys(d.answeredBy)).toEqual(['aag-heuristics']);
    expect(readFileSync(md, 'utf8')).toBe(run.stdout);
  });

  it('refuses per-triangle labels whose count is not the STL triangle count', async () => {
    const dir = join(tmp, 'stl-short');
    cpSync(join(FIX, 'stl'), dir, { recursive: true });
    const p = join(dir, 'plate-hole-pocket.stl.labels.json');
    const labels = JSON.parse(readFileSync(p, 'utf8')) as { triangleClass: number[]; triangleFace: number[] };
    writeFileSync(p, JSON.stringify({ triangleClass: labels.triangleClass.slice(1), triangleFace: labels.triangleFace.slice(1) }));
    await expectEvalError(runEvaluation({ set: 'stl', dir, tiers: ['stl'] }, REPO_DIR), 'EVAL_LABELS_MISMATCH');
  });
});

describe('npm run eval: STL accuracy by area (generated part with dense blend corners)', () => {
  // syn_s301_000098 (test/fixtures/generated-stl): a rectangular pocket whose two 30 mm² corner fillets carry 420
  // triangles each (a 4,027 mm² stock face 304); the STL path calls the pocket's blends `round`
  it('weighs each triangle by its area: right area over all area, whatever the triangle count', async () => {
    const name = 'syn_s301_000098';
    const src = join(REPO_DIR, 'test', 'fixtures', 'generated-stl');
    const dir = join(tmp, 'stl-area');
    mkdirSync(dir);
    for (const f of [`${name}.stl`, `${name}.stl.labels.json`, `${name}.json`]) cpSync(join(src, f), join(dir, f));
    const report = await runEvaluation({ set: 'stl', dir, tiers: ['stl'], warmUp: false }, REPO_DIR);
    const r = report.results.stl!;

    // the same figure from the recognizer's own answer, triangle by triangle
    const { mesh } = readStl(new Uint8Array(readFileSync(join(dir, `${name}.stl`))));
    const labels = JSON.parse(readFileSync(join(dir, `${name}.stl.labels.json`), 'utf8')) as { triangleClass: number[] };
    const out = recognizeFeatures(createMeshPart(mesh, 'stl'));
    const pred = new Int32Array(labels.triangleClass.length).fill(-1);
    for (const f of out.faces) for (const t of f.triangles ?? []) pred[t] = f.classId;
    const area = triangleAreas(mesh);
    let all = 0, right = 0, rightTriangles = 0;
    area.forEach((a, t) => {
      all += a;
      if (pred[t] === labels.triangleClass[t]) (right += a), rightTriangles++;
    });
    expect(r.faces.correct).toBe(rightTriangles);
    expect(r.areaAccuracy.pooled).toBeCloseTo(right / all, 12);
    expect(r.areaAccuracy.meanPart).toBeCloseTo(right / all, 12); // one part
    // the triangles the path gets wrong are the blends' small ones: a far larger share of the triangles than of the area
    expect(rightTriangles).toBeLessThan(labels.triangleClass.length);
    expect(1 - r.areaAccuracy.pooled!).toBeLessThan((1 - r.faces.accuracy) / 5);
    expect(renderMarkdown(report)).toContain(
      `| ${(100 * r.faces.meanPartAccuracy).toFixed(1)} | ${(100 * r.areaAccuracy.pooled!).toFixed(1)} / ${(100 * r.areaAccuracy.meanPart!).toFixed(1)} |`,
    );
  });
});

describe('npm run eval: real-world format (cadlens-face-labels/1)', () => {
  const parts = join(FIX, 'realworld-parts');
  const labels = join(FIX, 'realworld-labels');

  it('counts only the faces of solids marked labelled (two-solid file: 6 of 12 faces)', async () => {
    const report = await runEvaluation({ set: 'realworld', dir: parts, labelsDir: labels, tiers: ['1', '2'], warmUp: false }, REPO_DIR);
    // Tier 1 takes one solid: it answers body by body, as the analyzer with `tier: 1` does
    const t1 = report.results['1']!;
    expect(t1.parts.answered).toBe(1);
    expect(t1.faces.faces).toBe(6);
    const t2 = report.results['2']!;
    expect(t2.parts.answered).toBe(1);
    expect(t2.faces.faces).toBe(6);
    expect(t2.stock.elements).toBe(6);
  });

  it('fails with EVAL_LABELS_HASH_MISMATCH for labels made on other bytes, EVAL_LABELS_MISMATCH for a missing face', async () => {
    const doc = JSON.parse(readFileSync(join(labels, 'A01.json'), 'utf8')) as { sha256: string; faces: Record<string, unknown> };
    const badHash = join(tmp, 'rw-hash');
    cpSync(labels, badHash, { recursive: true });
    writeFileSync(join(badHash, 'A01.json'), JSON.stringify({ ...doc, sha256: '0'.repeat(64) }));
    await expectEvalError(runEvaluation({ set: 'realworld', dir: parts, labelsDir: badHash, tiers: ['2'] }, REPO_DIR), 'EVAL_LABELS_HASH_MISMATCH');

    const missing = join(tmp, 'rw-missing');
    cpSync(labels, missing, { recursive: true });
    const faces = { ...doc.faces };
    delete faces[Object.keys(faces)[0]];
    writeFileSync(join(missing, 'A01.json'), JSON.stringify({ ...doc, faces }));
    await expectEvalError(runEvaluation({ set: 'realworld', dir: parts, labelsDir: missing, tiers: ['2'] }, REPO_DIR), 'EVAL_LABELS_MISMATCH');
  });

  it.skipIf(!HAS_SHARED || !existsSync(REALWORLD_PARTS))(`D05 (partA, 32 faces) from labels/realworld against ../shared${HAS_SHARED ? '' : ` — ${NO_SHARED_REASON}`}`, async () => {
    const d05Labels = join(tmp, 'rw-d05');
    cpSync(join(REPO_DIR, 'labels', 'realworld', 'D05.json'), join(d05Labels, 'D05.json'));
    const labelled = JSON.parse(readFileSync(join(d05Labels, 'D05.json'), 'utf8')) as { instances: Record<string, unknown>; faces: Record<string, { class: string }> };
    const truthInstances = Object.keys(labelled.instances).length;
    const stockFaces = Object.values(labelled.faces).filter((f) => f.class === 'stock').length;
    const report = await runEvaluation({ set: 'realworld', labelsDir: d05Labels, tiers: ['1', '2', 'default'], warmUp: false }, REPO_DIR);
    for (const t of ['1', '2', 'default'] as const) {
      const r = report.results[t]!;
      expect(r.parts.answered, t).toBe(1);
      expect(r.faces.faces).toBe(32);
      expect(r.instances!.iou1.truth).toBe(truthInstances); // every labelled instance is scored
      expect(r.stock.elements).toBe(stockFaces);
    }
    expect(report.results.default!.answeredBy).toEqual({ aagnet: 1 });

    const patterns = await runUnlabelledPatterns({ parts: ['D05'] }, REPO_DIR);
    expect(patterns.parts).toHaveLength(1);
    expect(patterns.parts[0]).toMatchObject({ part: 'D05__partA', faces: 32, solids: 1, tier1: 'answered', tier2: 'answered' });
    expect(patterns.parts[0].agreement).not.toBeNull();
  });
});

const HAS_MFCAD = existsSync(join(SHARED_DIR, 'datasets', 'mfcad')) || existsSync(join(REPO_DIR, '.cache', 'mfcad'));
describe.skipIf(!HAS_MFCAD)(`npm run eval: MFCAD validation portion${HAS_MFCAD ? '' : ` — ${NO_SHARED_REASON}`}`, () => {
  it('reads face_truth through the face names and scores three validation parts (Tier 1, Tier 2, STL path)', async () => {
    const report = await runEvaluation({ set: 'mfcad', limit: 3, tiers: ['1', '2', 'stl'], warmUp: false }, REPO_DIR);
    expect(report.items).toBe(3);
    const names = report.results['1']!.perPart.map((p) => p.name);
    expect(names.every((n) => mfcadSplit(n) === 'validation')).toBe(true);
    for (const t of ['1', '2', 'stl'] as const) {
      const r = report.results[t]!;
      expect(r.parts.answered, t).toBe(3);
      expect(r.instances).toBeNull(); // MFCAD has no instance labels
      expect(total(r.faces.confusion)).toBe(r.faces.faces);
    }
    expect(report.results['1']!.faces.faces).toBe(report.results['2']!.faces.faces);
  });
});

describe('npm run eval: --help and bad arguments', () => {
  const evalCli = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', join(REPO_DIR, 'tools/eval/evaluate.ts'), ...args], { cwd: REPO_DIR, encoding: 'utf8' });

  it('a run of a set with a held-out portion and no --split says on stderr what it reads', () => {
    const run = evalCli('--set', 'realworld', '--dir', join(FIX, 'realworld-parts'), '--labels', join(FIX, 'realworld-labels'), '--tiers', '2', '--quiet');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain('eval: --set realworld without --split reads every file, the held-out validation files included; for development pass --split tune');
  });

  it('--help prints the synopsis of docs/recognition.md and exits 0', () => {
    const run = evalCli('--help');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Usage: npm run eval -- --set mfcad\|synthetic\|realworld\|stl /);
    const docs = readFileSync(join(REPO_DIR, 'docs/recognition.md'), 'utf8');
    // Every option of the documented synopsis is in the help (and the other way round).
    const options = (text: string) => [...new Set(text.match(/--[a-z][a-z-]+/g))].sort();
    const synopsis = docs.slice(docs.indexOf('## The tool'), docs.indexOf('```', docs.indexOf('```sh', docs.indexOf('## The tool')) + 5));
    expect(options(run.stdout)).toEqual(options(synopsis));
  });

  it('an unknown option exits 2 and points to --help', () => {
    const run = evalCli('--bogus');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("EVAL_BAD_ARGUMENTS: Unknown option '--bogus'");
    expect(run.stderr).toContain("Run 'npm run eval -- --help' for the options.");
  });
});
