/**
 * Tier 2 (with the hole pass) follows docs/labelling.md, the one label convention for generated and real parts:
 * a composite hole is one instance whose every face has the hole's class, a pocket's cutter radii (end-mill corner
 * cylinders; a bull-nose cutter's corners, floor fillets and tori) are faces of the pocket, and a fillet made as
 * its own operation is one `round` instance per smooth chain. Parts: seed 101 (the dev seed) of the generator
 * (mfgen/2 and /3, labels in the guide's convention), committed in test/fixtures/synthetic/convention/.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import { AAGNET_CLASS_NAMES } from '../../src/inference/aagnet-classes.js';
import { createHeuristicRecognizer, runRecognizers, type RecognizeContext } from '../../src/stages/recognize/index.js';

const noop = () => undefined;
const ctx = (): RecognizeContext => ({ signal: new AbortController().signal, now: () => Date.now(), log: { debug: noop, info: noop, warn: noop } });
const tier2 = createHeuristicRecognizer();

interface Instance { class: string; feature: number; faces: number[] }

async function recognize(name: string, folder: 'convention' | 'convention-moved' = 'convention') {
  const base = new URL(`../fixtures/synthetic/${folder}/${name}`, import.meta.url);
  const part = buildPartFromStep(readStep(readFileSync(new URL(`${base.href}.step`))));
  const [[, body]] = JSON.parse(readFileSync(new URL(`${base.href}.json`), 'utf8')) as [[string, { generator: { features: { kind: string }[]; instances: Record<string, Instance> } }]];
  const { result } = await runRecognizers(part, [tier2], ctx());
  const stepId = (i: number) => part.faces[i].stepId!;
  const features = result.features.map((f) => ({ type: f.type, className: AAGNET_CLASS_NAMES[f.classId], faces: f.faces.map(stepId).sort((a, b) => a - b) }));
  const faceClass = new Map(result.faces.map((f) => [stepId(f.faceIndex), f.className]));
  const surface = new Map(part.faces.map((f) => [f.stepId!, f.surfaceType as string]));
  const truth = Object.values(body.generator.instances).map((i) => ({ ...i, kind: body.generator.features[i.feature].kind }));
  return { features, faceClass, surface, truth };
}

/** The predicted feature holding exactly the instance's faces, with every face in the instance's class. */
function expectFound(r: Awaited<ReturnType<typeof recognize>>, inst: Instance) {
  const f = r.features.find((x) => x.faces.join() === inst.faces.join());
  expect(f, `a feature with faces ${inst.faces.join(' ')}`).toBeDefined();
  expect(f!.className).toBe(inst.class);
  for (const id of inst.faces) expect(r.faceClass.get(id)).toBe(inst.class);
}

describe('Tier 2 follows docs/labelling.md on generated parts', () => {
  it('syn_s101_000000: a counterbore (bore, annular floor, drill, floor) is one counterbored_hole, every face blind_hole', async () => {
    const r = await recognize('syn_s101_000000');
    const counterbore = r.truth.find((t) => t.kind === 'counterbore')!;
    expect(counterbore.faces).toHaveLength(4);
    expectFound(r, counterbore);
    expect(r.features.find((f) => f.faces.join() === counterbore.faces.join())!.type).toBe('counterbored_hole');
  });

  it('syn_s101_000006: the countersink is one hole (its cone in it); the pocket\'s four corner radii are pocket faces', async () => {
    const r = await recognize('syn_s101_000006');
    const countersink = r.truth.find((t) => t.kind === 'countersink')!;
    expect(countersink.faces.map((f) => r.surface.get(f))).toContain('cone');
    expectFound(r, countersink);
    expect(r.features.find((f) => f.faces.join() === countersink.faces.join())!.type).toBe('countersunk_hole');
    // (a slot cuts this pocket in two, so Tier 2 answers it as two pockets: only the corners' class is checked)
    const corners = r.truth.find((t) => t.kind === 'pocket_corner_fillet')!.faces.filter((f) => r.surface.get(f) === 'cylinder');
    expect(corners).toHaveLength(4);
    for (const id of corners) expect(r.faceClass.get(id)).toBe('rectangular_pocket');
  });

  it('syn_s101_000020: a bull-nose pocket (corner cylinders, floor fillets, corner tori) is one rectangular_pocket', async () => {
    const r = await recognize('syn_s101_000020');
    const pocket = r.truth.find((t) => t.kind === 'pocket_floor_fillet')!;
    expect(new Set(pocket.faces.map((f) => r.surface.get(f)))).toEqual(new Set(['plane', 'cylinder', 'torus']));
    expectFound(r, pocket);
    expect(r.features.some((f) => f.className === 'round')).toBe(false);
  });

  it('syn_s101_000009 (moved, --motion): a bull-nose pocket in a tilted part, found only by the enclosed-pocket fallback, keeps its corners, floor fillets and tori', async () => {
    const r = await recognize('syn_s101_000009', 'convention-moved');
    const pocket = r.truth.find((t) => t.kind === 'pocket_floor_fillet')!;
    expect(new Set(pocket.faces.map((f) => r.surface.get(f)))).toEqual(new Set(['plane', 'cylinder', 'torus']));
    expectFound(r, pocket);
    expect(r.features.some((f) => f.className === 'round')).toBe(false);
  });

  it('syn_s101_000097: a bull-nose pocket whose floor fillet runs on round a hole\'s rim: the pocket takes its own radii, the fillets along the other features stay one round per smooth piece', async () => {
    const r = await recognize('syn_s101_000097');
    const pocket = r.truth.find((t) => t.kind === 'pocket_floor_fillet' && t.class === 'rectangular_pocket')!;
    expect(pocket.faces.filter((f) => r.surface.get(f) === 'torus').length).toBeGreaterThan(0);
    expectFound(r, pocket);
    const rimFillets = r.truth.filter((t) => t.kind === 'pocket_floor_fillet' && t.class === 'round');
    expect(rimFillets).toHaveLength(3);
    for (const t of rimFillets) expectFound(r, t);
  });

  it('syn_s101_000013 (mfgen/4 labels): floor fillets around sharp corners stay rounds, one instance for the loop they close; the end-mill pocket keeps its corners', async () => {
    const r = await recognize('syn_s101_000013');
    const rounds = r.truth.filter((t) => t.class === 'round');
    expect(rounds.map((t) => t.faces.length)).toEqual([6]);
    for (const t of rounds) expectFound(r, t);
    expectFound(r, r.truth.find((t) => t.kind === 'pocket_corner_fillet')!);
  });

  it('syn_s101_000032 (mfgen/3 labels): a round along a pocket rim that turns round its corner radii is one round, corner tori included', async () => {
    const r = await recognize('syn_s101_000032');
    const round = r.truth.find((t) => t.kind === 'round')!;
    expect(round.faces.filter((f) => r.surface.get(f) === 'torus')).toHaveLength(4); // mfgen/2 labelled the tori stock
    expectFound(r, round);
    expectFound(r, r.truth.find((t) => t.kind === 'pocket_corner_fillet')!);
  });
});
