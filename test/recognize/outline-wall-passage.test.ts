/**
 * The outline-wall stock rule of the base-body pass keeps a passage's walls (session 13; seed 109 dev part copied to
 * test/fixtures/synthetic/convention/, mfgen/4 labels). Where a later cut joins a passage through a thin plate to the
 * plate's outline, the passage's walls lie on the outer loop of the plate's faces, and the rule took them for outline
 * walls a tier cannot call a passage (`base-body-stock.ts`, `outlineWallStockFaces`). Walls of one passage that meet
 * each other concavely face every way round the plate's direction; a notch in an outline faces within a half-turn.
 */
import { describe, expect, it } from 'vitest';
import { tier2ByStepId } from '../support/generated-fixtures.js';

describe('outline walls: a passage joined to the plate outline by a later cut', () => {
  it('syn_s109_000116: a six-sided passage opened by a triangular through slot keeps its class; so does the whole triangular passage', async () => {
    const { labels, classOf } = await tier2ByStepId('syn_s109_000116');
    const hexagon = labels.generator.instances['4'];
    const triangle = labels.generator.instances['3'];
    expect(hexagon.class).toBe('6sides_passage');
    expect(triangle.class).toBe('triangular_passage');
    for (const id of hexagon.faces) expect(classOf(id), `face ${id}`).toBe('6sides_passage');
    for (const id of triangle.faces) expect(classOf(id), `face ${id}`).toBe('triangular_passage');
  });
});
