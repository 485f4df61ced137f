/**
 * Free-form pieces of a chamfer are chamfer (src/stages/recognize/tier2-heuristics/blend-faces.ts, chamfer-rule.ts):
 * where a chamfer runs from a pocket's straight rim edges round its corner radii, OpenCascade makes planes along the
 * edges, cones round the radii and small B-spline pieces between them, tangent to both and to one another. A generated
 * dev part (test/fixtures/generated/syn_s122_000007) has two such chamfers; before, Tier 2 took the pieces tangent to a
 * cone for a round's corner patch (then no rule: stock) and the others for nothing (`other_feature`), 12 faces wrong
 * and each chamfer in up to six instances.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import { createHeuristicRecognizer, runRecognizers } from '../../src/stages/recognize/index.js';
import { testRecognizeContext } from '../support/recognize-context.js';

const fixture = (name: string) => new URL(`../fixtures/generated/${name}`, import.meta.url);
const part = buildPartFromStep(readStep(new Uint8Array(readFileSync(fixture('syn_s122_000007.step')))));
const [[, labels]] = JSON.parse(readFileSync(fixture('syn_s122_000007.json'), 'utf8')) as [string, { generator: { instances: Record<string, { class: string; faces: number[] }> } }][];

describe('free-form bevel pieces', () => {
  it('Tier 2 calls the B-spline pieces of both chamfers chamfer and finds the one whose planes it reads whole', async () => {
    const { result } = await runRecognizers(part, [createHeuristicRecognizer()], testRecognizeContext());
    const called = new Map(result.faces.map((f) => [part.faces[f.faceIndex].stepId!, f.className]));
    const pieces = [775, 1354, 1566, 1781, 2261, 2792, 2874, 2933, 5119, 5600, 5716, 6058];
    for (const id of pieces) expect(called.get(id), `face #${id}`).toBe('chamfer');
    const found = result.features.filter((f) => f.type === 'chamfer').map((f) => f.faces.map((i) => part.faces[i].stepId!).sort((a, b) => a - b));
    // instance 15: the chamfer round the pocket's rim (planes, cones, pieces); instance 13 keeps two vertical planes
    // no chamfer rule reads (other_feature), so it is not found whole
    expect(found).toContainEqual([...labels.generator.instances['15'].faces].sort((a, b) => a - b));
  });
});
