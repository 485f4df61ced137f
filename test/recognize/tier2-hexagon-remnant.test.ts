/**
 * Tier 2 on a six-sided pocket that a later cut left three walls of (session 13; seed 109 dev part copied to
 * test/fixtures/synthetic/convention/, mfgen/4 labels). The outline of a pocket or passage came from the number of
 * distinct wall normals (`depression-shape.ts`, `wallOutline`): three read as a triangle. A triangle's three walls
 * face every way round; three walls that all face within a half-turn are what is left of a polygon with more sides.
 */
import { describe, expect, it } from 'vitest';
import { tier2ByStepId } from '../support/generated-fixtures.js';

describe('Tier 2: three walls of a six-sided pocket', () => {
  it('syn_s109_000030: a hexagonal pocket with three walls left is six-sided; the whole hexagon beside it too', async () => {
    const { labels, classOf } = await tier2ByStepId('syn_s109_000030');
    for (const k of ['4', '6']) {
      const pocket = labels.generator.instances[k];
      expect(pocket.class).toBe('6sides_pocket');
      for (const id of pocket.faces) expect(classOf(id), `face ${id}`).toBe('6sides_pocket');
    }
  });

  it('syn_s101_000123: whole triangular pockets (three walls facing every way round) stay triangular', async () => {
    const { labels, classOf } = await tier2ByStepId('syn_s101_000123');
    for (const k of ['3', '4']) {
      const pocket = labels.generator.instances[k];
      expect(pocket.class).toBe('triangular_pocket');
      for (const id of pocket.faces) expect(classOf(id), `face ${id}`).toBe('triangular_pocket');
    }
  });
});
