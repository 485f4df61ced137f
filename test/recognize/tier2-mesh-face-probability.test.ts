/**
 * The STL path's face probabilities (tier2-mesh/mesh-face-probability.ts): each segmented face takes the precision
 * its rule had on segmented meshes (`mesh-rule-precision.ts`, measured per triangle on generated STL parts of seed
 * 201 by tools/tier2/measure-mesh-rule-precision.ts), looked up by `rule|class`, then `rule`; the faces of a hole the
 * mesh hole-stack pass joined are keyed `hole-stack`. Fixtures: test/fixtures/generated-stl/ (seed 7).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createMeshPart, readStl } from '../../src/formats/mesh/index.js';
import { recognizeFeatures, type HeuristicDetails } from '../../src/stages/recognize/tier2-heuristics/heuristic-recognizer.js';
import { MESH_RULE_PRECISION } from '../../src/stages/recognize/tier2-mesh/mesh-rule-precision.js';
import { applyMeshRulePrecision, HOLE_STACK_RULE, keyClassName } from '../../src/stages/recognize/tier2-mesh/mesh-face-probability.js';
import { countMeshPart, precisionTable } from '../../tools/tier2/measure-mesh-rule-precision.js';

const load = (name: string) => {
  const base = new URL(`../fixtures/generated-stl/${name}`, import.meta.url).href;
  const stl = new Uint8Array(readFileSync(new URL(`${base}.stl`)));
  const labels = JSON.parse(readFileSync(new URL(`${base}.stl.labels.json`), 'utf8')) as { triangleClass: number[]; triangleFace: number[] };
  const [[, body]] = JSON.parse(readFileSync(new URL(`${base}.json`), 'utf8')) as [[string, { composites: { type: string; faces: number[] }[] }]];
  return { stl, labels, body };
};

describe('STL path: face probabilities measured on segmented meshes', () => {
  it('syn_s7_000005: the countersunk hole the stack pass joined is keyed hole-stack; every face carries its key\'s mesh precision', () => {
    const { stl, labels, body } = load('syn_s7_000005');
    const out = recognizeFeatures(createMeshPart(readStl(stl).mesh, 'stl'));
    const rules = (out.details as unknown as HeuristicDetails).faceRules!;
    expect(rules).toHaveLength(out.faces.length);
    // the faces holding the countersink's triangles (cone and drill) come from the joined hole
    const sinkFaces = new Set(body.composites.find((c) => c.type === 'countersink')!.faces);
    const holeFaces = out.faces.filter((f) => (f.triangles ?? []).some((t) => sinkFaces.has(labels.triangleFace[t])));
    expect(holeFaces.length).toBeGreaterThanOrEqual(2);
    for (const f of holeFaces) expect(rules[f.faceIndex]).toBe(HOLE_STACK_RULE);
    expect(rules.filter((r) => r === 'stock').length).toBeGreaterThan(0);
    expect(Object.keys(MESH_RULE_PRECISION).length).toBeGreaterThan(0);
    for (const f of out.faces) {
      const p = MESH_RULE_PRECISION[`${rules[f.faceIndex]}|${keyClassName(f.classId)}`] ?? MESH_RULE_PRECISION[rules[f.faceIndex]];
      if (p !== undefined) expect(f.probability).toBe(p);
    }
    // the table's stock and hole-stack entries are what the measurement found: both high on generated meshes
    expect(MESH_RULE_PRECISION.stock).toBeGreaterThan(0.95);
    expect(MESH_RULE_PRECISION[HOLE_STACK_RULE]).toBeGreaterThan(0.8);
  });

  it('the lookup prefers rule|class, falls back to the rule, and leaves unknown keys alone', () => {
    const conf = [0.1, 0.2, 0.3];
    applyMeshRulePrecision(['pocket', 'pocket', 'nobody'], [14, 13, 14], conf, { 'pocket|rectangular_pocket': 0.9, pocket: 0.7 });
    expect(conf).toEqual([0.9, 0.7, 0.3]);
  });

  it('the measuring tool counts every triangle once per key and smooths the share right over faces', () => {
    const counts = new Map<string, { faces: number; triangles: number; right: number }>();
    for (const name of ['syn_s7_000005', 'syn_s7_000015']) {
      const { stl, labels } = load(name);
      countMeshPart(stl, labels.triangleClass, counts);
    }
    const total = load('syn_s7_000005').labels.triangleClass.length + load('syn_s7_000015').labels.triangleClass.length;
    const byRule = [...counts].filter(([k]) => !k.includes('|'));
    const byPair = [...counts].filter(([k]) => k.includes('|'));
    expect(byRule.reduce((a, [, c]) => a + c.triangles, 0)).toBe(total);
    expect(byPair.reduce((a, [, c]) => a + c.triangles, 0)).toBe(total);
    for (const [, c] of counts) expect(c.right).toBeLessThanOrEqual(c.triangles);
    const stock = counts.get('stock')!;
    expect(stock.faces).toBeGreaterThanOrEqual(10);
    // smoothed over faces, not triangles: the triangles of one face are right or wrong together
    expect(precisionTable(counts).stock).toBeCloseTo((stock.faces * (stock.right / stock.triangles) + 1) / (stock.faces + 2), 3);
    expect(precisionTable(counts).stock).toBeLessThan((stock.right + 1) / (stock.triangles + 2));
  });
});
