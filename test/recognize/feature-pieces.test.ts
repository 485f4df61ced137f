/**
 * The pieces pass (`feature-pieces.ts`) and the combination's remnant join (`combine-tiers.ts`) on generated dev parts
 * (seed 107, committed in test/fixtures/synthetic/convention/): pieces of one feature that a crossing cut took apart,
 * each read as the feature's class, are one instance (docs/labelling.md, "Where a feature ends": pieces on the same
 * surfaces stay one instance); so is a feature whose faces the two tiers answered in parts. Every other feature of the
 * class keeps its own instance. Each case failed before (the feature in two predicted instances).
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import { createDefaultRecognizerSet } from '../../src/runtime/node/default-recognizers.js';
import { runRecognizers, type RecognizeContext } from '../../src/stages/recognize/index.js';
import { sortedInstances, tier2InstancesOnConventionFixture, trueInstancesOf, type GeneratedLabels } from '../support/generated-fixtures.js';

const sorted = sortedInstances;
const truthOf = trueInstancesOf;
const tier2Instances = tier2InstancesOnConventionFixture;

describe('Tier 2: pieces of one feature a crossing cut took apart', () => {
  it('syn_s107_000045: an O-ring groove cut into two arcs (each outer wall, floor and inner wall) is one O-ring', async () => {
    const r = await tier2Instances('syn_s107_000045', 'Oring');
    expect(r.truth).toEqual([[2261, 2350, 2576, 2604, 3092, 3120]]);
    // before: two O-rings of three faces each
    expect(r.predicted).toEqual(r.truth);
  });

  it('syn_s107_000170: a triangular blind step whose slanted wall a cut split off its floor is one step', async () => {
    const r = await tier2Instances('syn_s107_000170', 'triangular_blind_step');
    expect(r.truth).toContainEqual([2297, 2672, 3005]);
    // before: the wall piece alone and the wall with the floor
    expect(r.predicted).toEqual(r.truth);
  });

  it('syn_s107_000263: a two-sided through step in two pieces on its two planes is one step', async () => {
    const r = await tier2Instances('syn_s107_000263', '2sides_through_step');
    expect(r.truth).toEqual([[303, 1311, 1424, 2305]]);
    expect(r.predicted).toEqual(r.truth);
  });

  it('syn_s107_000123: a circular-end pocket whose two ends a slot took apart (one floor plane) is one pocket', async () => {
    const r = await tier2Instances('syn_s107_000123', 'circular_end_pocket');
    const pocket = r.truth.find((t) => t.includes(4035))!;
    expect(pocket).toHaveLength(5);
    // before: three faces and two
    expect(r.predicted).toContainEqual(pocket);
  });
});

describe('default pipeline (Tier 2 with Tier 1): one feature the tiers answered in parts', () => {
  const noop = () => undefined;
  const ctx: RecognizeContext = { signal: new AbortController().signal, now: () => Date.now(), log: { debug: noop, info: noop, warn: noop } };
  const set = createDefaultRecognizerSet();
  afterAll(() => set.dispose());

  async function defaultInstances(name: string, cls: string) {
    const base = new URL(`../fixtures/synthetic/convention/${name}`, import.meta.url).href;
    const part = buildPartFromStep(readStep(readFileSync(new URL(`${base}.step`))));
    const [[, labels]] = JSON.parse(readFileSync(new URL(`${base}.json`), 'utf8')) as [[string, GeneratedLabels]];
    const { result } = await runRecognizers(part, set.recognizers, ctx);
    expect(result.tier).toBe(1);
    const stepId = (i: number) => part.faces[i].stepId!;
    return { predicted: sorted(result.features.filter((f) => f.type === cls).map((f) => f.faces.map(stepId))), truth: truthOf(labels, cls) };
  }

  it('syn_s107_000112: a V-shaped circular-end slot whose straight wall Tier 1 gave an instance of its own (it meets the round end tangentially) is one slot', async () => {
    const r = await defaultInstances('syn_s107_000112', 'v_circular_end_blind_slot');
    expect(r.truth).toEqual([[17, 529, 900, 1269, 1321]]);
    expect(r.predicted).toEqual(r.truth);
  });

  it('syn_s107_000270: a triangular through slot piece only Tier 1 answered joins the Tier 2 slot its Tier 1 instance overlaps', async () => {
    const r = await defaultInstances('syn_s107_000270', 'triangular_through_slot');
    const slot = [1812, 1839, 2020, 2047];
    expect(r.truth).toContainEqual(slot);
    // before: two pieces of two faces each
    expect(r.predicted).toContainEqual(slot);
    expect(r.predicted.filter((p) => p.some((x) => slot.includes(x)))).toHaveLength(1);
  });
});
