/**
 * The blend pass (src/stages/recognize/blend-instances.ts; docs/labelling.md, "One blend operation") on FreeCAD-built
 * blocks whose four top edges are blended (test/fixtures/blend/make-fixtures.py): a chamfer or fillet round the whole
 * outline is one instance although its faces meet at sharp mitres in the corners; chamfers of two sizes are never one;
 * two equal fillets meeting at one corner (no loop) stay two. Run through the pipeline's orchestrator with Tier 2,
 * and on a Tier 1-shaped answer (one feature per face).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import type { Part } from '../../src/model/index.js';
import { createHeuristicRecognizer, groupBlendInstances, runRecognizers, type RecognitionOutput, type RecognizeContext } from '../../src/stages/recognize/index.js';

const noop = () => undefined;
const ctx = (): RecognizeContext => ({ signal: new AbortController().signal, now: () => Date.now(), log: { debug: noop, info: noop, warn: noop } });

function load(name: string): Part {
  return buildPartFromStep(readStep(readFileSync(new URL(`../fixtures/blend/${name}.step`, import.meta.url))));
}

async function recognize(name: string) {
  const part = load(name);
  const { result } = await runRecognizers(part, [createHeuristicRecognizer()], ctx());
  const blendFaces = (cls: string) => result.faces.filter((f) => f.className === cls).map((f) => f.faceIndex).sort((a, b) => a - b);
  return { part, result, blendFaces };
}

describe('blend pass: one instance per blend operation', () => {
  it('a 2 mm chamfer round the whole top outline is one chamfer feature of its four planes, its length the perimeter', async () => {
    const { result, blendFaces } = await recognize('chamfer-ring');
    const faces = blendFaces('chamfer');
    expect(faces).toHaveLength(4);
    const chamfers = result.features.filter((f) => f.type === 'chamfer');
    expect(chamfers).toHaveLength(1);
    expect(chamfers[0].faces).toEqual(faces);
    expect(chamfers[0].parameters.distance1Mm).toBeCloseTo(2, 3);
    expect(chamfers[0].parameters.lengthMm).toBeCloseTo(2 * (60 + 40), 1);
  });

  it('an r3 fillet round the top outline (convex cylinders meeting at sharp mitres) is one round feature', async () => {
    const { result, blendFaces } = await recognize('round-ring');
    const rounds = result.features.filter((f) => f.type === 'round');
    expect(rounds).toHaveLength(1);
    expect(rounds[0].faces).toEqual(blendFaces('round'));
    expect(rounds[0].parameters.radiusMm).toBeCloseTo(3, 6);
  });

  it('chamfers of two sizes (2 mm on the long edges, 4 mm on the short) that meet in every corner are never one feature', async () => {
    const { result, blendFaces } = await recognize('mixed-ring');
    expect(blendFaces('chamfer')).toHaveLength(4);
    const chamfers = result.features.filter((f) => f.type === 'chamfer');
    expect(chamfers).toHaveLength(4);
    expect(chamfers.map((f) => Math.round(f.parameters.distance1Mm)).sort()).toEqual([2, 2, 4, 4]);
  });

  it('two equal fillets that meet at one corner and go no further round stay two features', async () => {
    const { result, blendFaces } = await recognize('round-l');
    expect(blendFaces('round')).toHaveLength(2);
    expect(result.features.filter((f) => f.type === 'round').map((f) => f.faces.length)).toEqual([1, 1]);
  });

  it('joins a Tier 1-shaped answer (one feature per blend face) the same way', async () => {
    const { part, result } = await recognize('chamfer-ring');
    const perFace: RecognitionOutput = {
      faces: result.faces,
      confidence: result.confidence,
      features: result.features.flatMap((f) => f.faces.map((x) => ({ ...f, faces: [x], bottomFaces: [] }))),
    };
    expect(perFace.features.filter((f) => f.type === 'chamfer')).toHaveLength(4);
    const grouped = groupBlendInstances(part, perFace);
    const chamfers = grouped.features.filter((f) => f.type === 'chamfer');
    expect(chamfers).toHaveLength(1);
    expect(chamfers[0].faces).toHaveLength(4);
    expect(grouped.faces).toBe(perFace.faces);
  });

  it('an r2 round along the top outline and the r8 corner radii it runs round (tangent, two radii) are never one feature', async () => {
    const { part, result, blendFaces } = await recognize('corner-radii');
    const rounds = result.features.filter((f) => f.type === 'round');
    const radius = (f: number) => {
      const s = part.faces[f].surface!;
      return s.type === 'torus' ? s.minorRadius : s.type === 'cylinder' ? s.radius : NaN;
    };
    expect(blendFaces('round').map(radius).sort((a, b) => a - b)).toEqual([2, 2, 2, 2, 2, 2, 2, 2, 8, 8, 8, 8]);
    // one r2 round of eight faces (four cylinders, four tori) and each r8 corner its own round
    expect(rounds.map((f) => f.faces.length).sort((a, b) => a - b)).toEqual([1, 1, 1, 1, 8]);
    for (const f of rounds) expect(new Set(f.faces.map(radius)).size).toBe(1);
    // a Tier 1-shaped answer that holds all twelve faces as one round is split by radius the same way
    const all = blendFaces('round');
    const oneRound: RecognitionOutput = { ...result, features: [...result.features.filter((f) => f.type !== 'round'), { ...rounds[0], faces: all, bottomFaces: [] }] };
    const grouped = groupBlendInstances(part, oneRound).features.filter((f) => f.type === 'round');
    expect(grouped.map((f) => f.faces.length).sort((a, b) => a - b)).toEqual([1, 1, 1, 1, 8]);
  });

  it('a turned 120° chamfer on a hex prism, cut by the six flats into seven cone pieces, is one chamfer feature', async () => {
    const { part, result, blendFaces } = await recognize('hex-chamfer');
    const cones = part.faces.map((f, k) => (f.surface?.type === 'cone' ? k : -1)).filter((k) => k >= 0);
    expect(cones).toHaveLength(7);
    expect(blendFaces('chamfer')).toEqual(cones);
    const chamfers = result.features.filter((f) => f.type === 'chamfer');
    expect(chamfers).toHaveLength(1);
    expect(chamfers[0].faces).toEqual(cones);
  });
});
