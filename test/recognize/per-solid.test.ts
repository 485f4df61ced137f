import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeAnalyzer, type NodeAnalyzer } from '../../src/runtime/node/analyze-file.js';
import { createOnnxNodeEngine } from '../../src/runtime/node/onnx-engine.js';
import type { InferenceEngine } from '../../src/inference/index.js';
import { partBodyCount, solidInstances, splitPartBySolid, type Part } from '../../src/model/index.js';
import { analysisResultSchema, type AnalysisResult } from '../../src/result/index.js';
import {
  createAagnetRecognizer,
  createHeuristicRecognizer,
  recognizePerSolid,
  defineRecognizer,
  runRecognizers,
  type RecognizeContext,
  type Recognizer,
} from '../../src/stages/recognize/index.js';
import { formatSummary } from '../../src/runtime/node/cli/format-summary.js';
import { REALWORLD_DIR } from '../support/shared-data.js';

// Fixtures: test/fixtures/step/per-solid (written by generate-per-solid.py with FreeCAD, and
// derive-repeated-instance.sh); the geometry is described in those scripts.
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/step/per-solid/${name}`, import.meta.url));
const ctx = (): RecognizeContext => ({ signal: new AbortController().signal, now: () => Date.now(), log: { debug() {}, info() {}, warn() {} } });

/**
 * A face's geometric key (surface type, centroid to 0.1 mm), the same in any file. Not the area: it comes
 * from the tessellation, whose deflection OpenCascade scales with the whole file's size.
 */
function faceKey(r: AnalysisResult, faceIndex: number): string {
  const f = r.part!.faces[faceIndex];
  return `${f.surfaceType} ${f.centroid.map((c) => c.toFixed(1)).join(',')}`;
}
/** Face key → class name, from a result's recognition. */
function labelsByKey(r: AnalysisResult): Map<string, string> {
  return new Map(r.recognition!.faces.map((f) => [faceKey(r, f.faceIndex), f.className]));
}
/** Feature type + its faces' keys, sorted: the same feature in any file gives the same string. */
function featureKeys(r: AnalysisResult): string[] {
  return r.recognition!.features.map((f) => `${f.type}: ${f.faces.map((i) => faceKey(r, i)).sort().join(' | ')}`).sort();
}

let engine: InferenceEngine;
const analyzers: NodeAnalyzer[] = [];
/** An analyzer with exactly these recognizers (the real OpenCascade tessellator). */
function analyzerWith(recognizers: Recognizer[]): NodeAnalyzer {
  const a = createNodeAnalyzer({ recognizers });
  analyzers.push(a);
  return a;
}
beforeAll(async () => {
  engine = await createOnnxNodeEngine();
});
afterAll(async () => {
  for (const a of analyzers) await a.dispose();
  await engine?.dispose();
});

describe('splitPartBySolid on two separated solids (plate with a hole, block with a pocket)', () => {
  let part: Part;
  let alone: Part[];
  beforeAll(async () => {
    const a = analyzerWith([]);
    part = (await a.analyzeFileDetailed(fixture('two-solids.step'))).part!;
    alone = [(await a.analyzeFileDetailed(fixture('plate-hole-alone.step'))).part!, (await a.analyzeFileDetailed(fixture('block-pocket-alone.step'))).part!];
  });

  it('gives each solid a self-consistent Part of its own, with a face map back to the file', () => {
    const bodies = splitPartBySolid(part);
    expect(partBodyCount(part)).toBe(2);
    expect(partBodyCount(alone[0])).toBe(1);
    expect(bodies.map((b) => [b.solid, b.kind, b.closed, b.part.faces.length])).toEqual([
      [0, 'manifold_solid_brep', true, 7],
      [1, 'manifold_solid_brep', true, 11],
    ]);
    // Every face of the file in exactly one body.
    expect(bodies.flatMap((b) => b.faceMap).sort((x, y) => x - y)).toEqual(part.faces.map((f) => f.index));
    expect(bodies.reduce((s, b) => s + b.part.aag.arcs.length, 0)).toBe(part.aag.arcs.length);
    expect(bodies.reduce((s, b) => s + b.part.edges.length, 0)).toBe(part.edges.length);
    expect(bodies.reduce((s, b) => s + b.part.mesh.triangleFace.length, 0)).toBe(part.mesh.triangleFace.length);
    for (const [k, b] of bodies.entries()) {
      const p = b.part;
      // Same face, renumbered: STEP id, area, triangles all carried over.
      for (const [i, f] of p.faces.entries()) {
        const whole = part.faces[b.faceMap[i]];
        expect([f.index, f.stepId, f.area, f.triangles?.count]).toEqual([i, whole.stepId, whole.area, whole.triangles?.count]);
        for (let t = f.triangles!.first; t < f.triangles!.first + f.triangles!.count; t++) expect(p.mesh.triangleFace[t]).toBe(i);
        for (const bd of f.bounds) for (const ce of bd.coedges) expect(p.edges[ce.edge].faces).toContain(i);
      }
      for (const e of p.edges) expect(p.vertices[e.start] && p.vertices[e.end]).toBeTruthy();
      for (const arc of p.aag.arcs) expect(arc.b).toBeLessThan(p.faces.length);
      // The body's own box (what Tier 2's stock and Tier 1's unit box see) is that of the solid alone.
      expect(p.summary.bbox.min[0]).toBeCloseTo(alone[k].summary.bbox.min[0], 6);
      expect(p.summary.bbox.max[0]).toBeCloseTo(alone[k].summary.bbox.max[0], 6);
      // Volume from the body's own triangles (the tessellation of the pair is a little coarser).
      expect(Math.abs(p.summary.volumeMm3! / alone[k].summary.volumeMm3! - 1)).toBeLessThan(1e-3);
    }
  });
});

describe('per-solid recognition labels each solid as it labels the solid alone', () => {
  for (const tier of [1, 2] as const) {
    it(`Tier ${tier}: same face classes and features in the pair as in each file alone, each tagged with its solid`, async () => {
      const recognizer = tier === 1 ? createAagnetRecognizer({ engine }) : createHeuristicRecognizer();
      const a = analyzerWith([recognizer]);
      const pair = await a.analyzeFile(fixture('two-solids.step'));
      const plate = await a.analyzeFile(fixture('plate-hole-alone.step'));
      const block = await a.analyzeFile(fixture('block-pocket-alone.step'));
      expect(analysisResultSchema.parse(pair)).toBeTruthy();
      const r = pair.recognition!;
      expect(r.tier).toBe(tier);
      if (tier === 1) expect(r.details!.provider).toBe('cpu');
      expect(r.solids!.map((s) => [s.index, s.faceCount, s.tier, s.skipReason])).toEqual([
        [0, 7, tier, undefined],
        [1, 11, tier, undefined],
      ]);
      expect(r.faces).toHaveLength(18);

      const expected = new Map([...labelsByKey(plate), ...labelsByKey(block)]);
      expect(labelsByKey(pair)).toEqual(expected);
      expect(featureKeys(pair)).toEqual([...featureKeys(plate), ...featureKeys(block)].sort());
      // The parts really have features: a through hole in the plate, a pocket in the block.
      expect(r.features.map((f) => [f.type, f.solid])).toEqual(
        expect.arrayContaining([
          ['through_hole', 0],
          ['rectangular_pocket', 1],
        ]),
      );
      // Faces and features say which solid they belong to (the plate's are its 7 faces).
      const plateFaces = new Set(splitPartBySolid((await a.analyzeFileDetailed(fixture('two-solids.step'))).part!)[0].faceMap);
      for (const f of r.faces) expect(f.solid).toBe(plateFaces.has(f.faceIndex) ? 0 : 1);
      for (const f of r.features) for (const i of f.faces) expect(plateFaces.has(i)).toBe(f.solid === 0);
      // Stock per solid: 6 stock faces each (one stock box for both would leave the inner walls non-stock).
      expect(r.faces.filter((f) => f.className === 'stock').length).toBe(12);
    });
  }

  it('without the split, Tier 1 declines the whole file for having two solids (the behaviour this replaces)', async () => {
    const part = (await analyzerWith([]).analyzeFileDetailed(fixture('two-solids.step'))).part!;
    const tier1 = createAagnetRecognizer({ engine });
    const whole = await runRecognizers(part, [tier1], ctx());
    expect(whole.result.tier).toBeNull();
    expect(whole.result.skipped[0]).toMatchObject({ reason: 'out_of_domain', detail: '2 solids (AAGNet takes one)' });
    const split = await recognizePerSolid(part, [tier1], ctx());
    expect(split.result.tier).toBe(1);
  });
});

describe('tiers chosen per solid', () => {
  /** The real recognizer `inner`, declining every part whose face count is not `faces` (to steer which body it gets). */
  const onlyFor = (inner: Recognizer, faces: number): Recognizer =>
    defineRecognizer({
      id: `${inner.id}-only-${faces}`,
      tier: inner.tier,
      nominalConfidence: inner.nominalConfidence,
      canRecognize: (p, c) => (p.faces.length === faces ? inner.canRecognize(p, c) : { ok: false, reason: 'out_of_domain', detail: `not ${faces} faces` }),
      recognize: (p, c) => inner.recognize(p, c),
    });

  it('Tier 1 on the plate and Tier 2 on the block: each body says which tier answered; the top level names the tier with most faces', async () => {
    const part = (await analyzerWith([]).analyzeFileDetailed(fixture('two-solids.step'))).part!;
    const { result } = await recognizePerSolid(part, [onlyFor(createAagnetRecognizer({ engine }), 7), createHeuristicRecognizer()], ctx());
    expect(result.solids!.map((s) => [s.tier, s.recognizer])).toEqual([
      [1, 'aagnet-only-7'],
      [2, 'aag-heuristics'],
    ]);
    // The block's Tier 1 skip is recorded with its solid.
    expect(result.skipped).toEqual([{ tier: 1, recognizer: 'aagnet-only-7', reason: 'out_of_domain', detail: 'not 7 faces', solid: 1 }]);
    expect(formatSummary({ ...(await analyzerWith([]).analyzeFile(fixture('two-solids.step'))), recognition: result })).toContain(
      '    body 1: skipped tier 1 (aagnet-only-7): out_of_domain — not 7 faces',
    );
    expect([result.tier, result.recognizer, result.nominalConfidence]).toEqual([2, 'aag-heuristics', 0.75]);
    // Top-level details: the leading tier's (largest) body's; each body keeps its own.
    expect(result.details).toEqual(result.solids![1].details);
    expect(result.details!.stockFaceCount).toBe(6);
    expect(result.solids![0].details!.provider).toBe('cpu');
    const [plate, block] = result.solids!;
    expect(result.confidence).toBeCloseTo((plate.confidence * 7 + block.confidence * 11) / 18, 12);
  });

  it('a solid no tier takes is reported as no_tier while the other is still recognized', async () => {
    const part = (await analyzerWith([]).analyzeFileDetailed(fixture('two-solids.step'))).part!;
    const { result } = await recognizePerSolid(part, [onlyFor(createHeuristicRecognizer(), 11)], ctx());
    expect(result.solids!.map((s) => [s.tier, s.skipReason ?? null])).toEqual([
      [null, 'no_tier'],
      [2, null],
    ]);
    expect(result.solids![0].skipped).toEqual([{ tier: 2, recognizer: 'aag-heuristics-only-11', reason: 'out_of_domain', detail: 'not 11 faces' }]);
    expect(result.faces).toHaveLength(11);
  });

  it('an aborted signal stops the per-solid run', async () => {
    const part = (await analyzerWith([]).analyzeFileDetailed(fixture('two-solids.step'))).part!;
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(recognizePerSolid(part, [createHeuristicRecognizer()], { ...ctx(), signal: controller.signal })).rejects.toThrow('stop');
  });
});

describe('bodies that are skipped beside a solid', () => {
  it('a surface body and a 0.01 mm speck are reported and skipped; the solid is still recognized by Tier 1', async () => {
    const a = analyzerWith([createAagnetRecognizer({ engine }), createHeuristicRecognizer()]);
    const { result, part } = await a.analyzeFileDetailed(fixture('solid-surface-tiny.step'));
    expect(analysisResultSchema.parse(result)).toBeTruthy();
    const r = result.recognition!;
    expect(r.tier).toBe(1);
    expect(partBodyCount(part!)).toBe(splitPartBySolid(part!).length);
    const solids = r.solids!;
    expect(solids.map((s) => [s.kind, s.faceCount, s.tier, s.skipReason ?? null])).toEqual([
      ['manifold_solid_brep', 7, 1, null],
      ['manifold_solid_brep', 6, null, 'too_small'],
      ['shell_based_surface_model', 1, null, 'not_solid'],
    ]);
    // Only the plate's faces are labelled, and the hole is found.
    expect(r.faces).toHaveLength(7);
    expect(r.features.map((f) => f.type)).toContain('through_hole');
    // The CLI summary counts the bodies by tier and skip reason.
    expect(formatSummary(result)).toContain('    bodies: 3 (tier 1: 1, too_small: 1, not_solid: 1)');
    // The same file as one Part: Tier 1 refuses it for the surface body, so it would fall to Tier 2.
    const whole = await runRecognizers(part!, [createAagnetRecognizer({ engine })], ctx());
    expect(whole.result.tier).toBeNull();
  });

  it('the thresholds are options: with minBodySizeRatio 0 the speck is recognized too', async () => {
    const part = (await analyzerWith([]).analyzeFileDetailed(fixture('solid-surface-tiny.step'))).part!;
    const { result } = await recognizePerSolid(part, [createHeuristicRecognizer()], ctx(), { minBodySizeRatio: 0 });
    expect(result.solids!.map((s) => s.skipReason ?? null)).toEqual([null, null, 'not_solid']);
    expect(result.faces).toHaveLength(13);
  });

  it('a file of surface bodies only is recognized as a whole, as before, and still lists why each body was skipped', async () => {
    const part = (await analyzerWith([]).analyzeFileDetailed(fixture('solid-surface-tiny.step'))).part!;
    const { result } = await recognizePerSolid(part, [createHeuristicRecognizer()], ctx(), { minBodyFaces: 100 });
    expect(result.solids!.map((s) => s.skipReason)).toEqual(['too_few_faces', 'too_few_faces', 'not_solid']);
    expect(result.tier).toBe(2);
    expect(result.faces).toHaveLength(part.faces.length);
  });
});

describe('assembly with a repeated instance', () => {
  it('recognizes the cube once and reports both of its placements, the slab once', async () => {
    const a = analyzerWith([createHeuristicRecognizer()]);
    const { result, part } = await a.analyzeFileDetailed(fixture('assembly-repeated-instance.step'));
    expect(analysisResultSchema.parse(result)).toBeTruthy();
    expect(part!.assembly!.instances).toHaveLength(3);
    const r = result.recognition!;
    expect(r.solids!.map((s) => [s.name, s.faceCount, s.tier])).toEqual([
      ['cube', 6, 2],
      ['slab', 6, 2],
    ]);
    // Each face labelled once, even though the cube is placed twice.
    expect(r.faces.map((f) => f.faceIndex).sort((x, y) => x - y)).toEqual(part!.faces.map((f) => f.index));
    const [cube, slab] = r.solids!;
    expect(cube.instances.map((i) => [i.path, i.transform.slice(12, 15)])).toEqual([
      [[258], [100, 0, 0]],
      [[270], [0, 50, 0]],
    ]);
    expect(slab.instances.map((i) => i.path)).toEqual([[263]]);
  });
});

describe('solidInstances', () => {
  const translate = (x: number, y: number, z: number) => [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, x, y, z, 1];
  it('composes the usages of a nested assembly from the root down (the file\'s assembly used twice in a bigger one)', async () => {
    const part = (await analyzerWith([]).analyzeFileDetailed(fixture('assembly-repeated-instance.step'))).part!;
    const asm = part.assembly!;
    expect(asm.roots).toEqual([9]);
    // A new root product 900 places the file's root product #9 twice, at z = 100 and z = 200.
    const nested: Part = {
      ...part,
      assembly: {
        products: [...asm.products, { stepId: 900, id: 'TOP', name: 'TOP', solids: [] }],
        instances: [...asm.instances, { stepId: 901, parent: 900, child: 9, transform: translate(0, 0, 100) }, { stepId: 902, parent: 900, child: 9, transform: translate(0, 0, 200) }],
        roots: [900],
      },
    };
    const cube = part.solids.findIndex((s) => s.name === 'cube');
    expect(solidInstances(nested, cube).map((i) => [i.path, i.transform.slice(12, 15)])).toEqual([
      [[901, 258], [100, 0, 100]],
      [[902, 258], [100, 0, 200]],
      [[901, 270], [0, 50, 100]],
      [[902, 270], [0, 50, 200]],
    ]);
    // Without an assembly: one placement, identity.
    expect(solidInstances({ ...part, assembly: null }, cube)).toEqual([{ path: [], transform: translate(0, 0, 0) }]);
  });
});

describe('single-solid parts are unchanged', () => {
  it('no solids[] and no solid tags for a file with one solid', async () => {
    const r = (await analyzerWith([createHeuristicRecognizer()]).analyzeFile(fixture('plate-hole-alone.step'))).recognition!;
    expect(r.tier).toBe(2);
    expect(r.solids).toBeUndefined();
    expect(r.faces.every((f) => f.solid === undefined)).toBe(true);
    expect(r.features.every((f) => f.solid === undefined)).toBe(true);
  });
});

// Real multi-body files from the shared set (README of datasets/realworld): D37 two coloured solids,
// D33 a 9-body assembly, D22 and D34 a solid beside open-shell surface bodies, D32 a servo written as one
// surface model of 20 shells (10 closed, 10 open).
const REAL: { file: string; bodies: number; surfaceBodies: number; tier1: boolean }[] = [
  { file: 'D37__red_cube_blue_cylinder.step', bodies: 2, surfaceBodies: 0, tier1: true },
  { file: 'D33__sensor-assembly.step', bodies: 9, surfaceBodies: 0, tier1: true },
  { file: 'D22__nist_ctc_02_asme1_rc.stp', bodies: 2, surfaceBodies: 1, tier1: true },
  { file: 'D34__nist_ftc_10_asme1_ap242-e2.stp', bodies: 13, surfaceBodies: 12, tier1: true },
  // Tier 1 takes only manifold solids, so the servo's closed shells go to Tier 2.
  { file: 'D32__Robotis_DYNAMIXEL_XL430_W250_T.STEP', bodies: 20, surfaceBodies: 10, tier1: false },
];
for (const { file, bodies, surfaceBodies, tier1 } of REAL) {
  const path = join(REALWORLD_DIR, 'parts', file);
  const present = existsSync(path);
  describe.skipIf(!present)(`real multi-body file ${file}${present ? '' : ` — skipped: ${path} not found (set CADLENS_SHARED_DIR)`}`, () => {
    it('no tier declines the whole file for its several bodies; every closed body is recognized, surface bodies are reported', async () => {
      const a = analyzerWith([createAagnetRecognizer({ engine }), createHeuristicRecognizer()]);
      const result = await a.analyzeFile(path);
      expect(analysisResultSchema.parse(result)).toBeTruthy();
      const r = result.recognition!;
      expect(r.tier).not.toBeNull();
      for (const s of r.skipped) expect(s.detail ?? '').not.toMatch(/solids \(AAGNet takes one\)|besides the solid/);
      expect(r.solids).toHaveLength(bodies);
      expect(r.solids!.filter((s) => s.skipReason === 'not_solid')).toHaveLength(surfaceBodies);
      const recognized = r.solids!.filter((s) => s.skipReason === undefined);
      expect(recognized.length).toBeGreaterThan(0);
      for (const s of r.solids!) expect(s.tier !== null || s.skipReason !== undefined).toBe(true);
      expect(recognized.some((s) => s.tier === 1)).toBe(tier1);
      // Each recognized body's faces labelled once, tagged with it.
      expect(r.faces).toHaveLength(recognized.reduce((n, s) => n + s.faceCount, 0));
      expect(new Set(r.faces.map((f) => f.faceIndex)).size).toBe(r.faces.length);
    });
  });
}
