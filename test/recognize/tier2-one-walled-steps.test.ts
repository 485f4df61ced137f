/**
 * Tier 2 on steps that another cut left open to fewer sides (session 14; seed 111 dev parts copied to
 * test/fixtures/synthetic/convention/, mfgen/4 labels). A slot has two side walls facing each other; a rectangular cut
 * with one wall where a slot has two is a step's profile, whichever side another cut took: a floor, a wall and an end
 * wall open to two sides is a blind step (not a blind slot), a floor and a wall open along one axis and to the floor's
 * side is a through step (not a through slot). Pieces of one through slot a crossing cut parted along its floor keep
 * one wall each: they are tried together (`through-step (one wall)` is a joinable piece rule) and read as the slot.
 */
import { describe, expect, it } from 'vitest';
import { tier2ByStepId } from '../support/generated-fixtures.js';

describe('Tier 2: steps with one wall where a slot has two', () => {
  it('syn_s111_000030: a blind step whose third open side a slanted step took is a blind step', async () => {
    const { labels, classOf } = await tier2ByStepId('syn_s111_000030');
    const step = labels.generator.instances['0'];
    expect(step.class).toBe('rectangular_blind_step');
    for (const id of step.faces) expect(classOf(id), `face ${id}`).toBe('rectangular_blind_step');
  });

  it('syn_s111_000167: a through step whose side a V slot took is a through step', async () => {
    const { labels, classOf, featureOf } = await tier2ByStepId('syn_s111_000167');
    const step = labels.generator.instances['0'];
    expect(step.class).toBe('rectangular_through_step');
    for (const id of step.faces) expect(classOf(id), `face ${id}`).toBe('rectangular_through_step');
    expect(new Set(step.faces.map(featureOf)).size).toBe(1);
  });

  it('syn_s111_000056: a through slot a quarter-round step cut along its floor, one wall on each piece, stays one slot', async () => {
    const { labels, classOf, featureOf } = await tier2ByStepId('syn_s111_000056');
    const slot = labels.generator.instances['2'];
    expect(slot.class).toBe('rectangular_through_slot');
    for (const id of slot.faces) expect(classOf(id), `face ${id}`).toBe('rectangular_through_slot');
    expect(new Set(slot.faces.map(featureOf)).size).toBe(1);
  });
});
