import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TIER2_RULES, recognizeFeatures } from '../../src/stages/recognize/tier2-heuristics/index.js';
import { FALLBACK_FACE_CLASS } from '../../src/stages/recognize/tier2-heuristics/fallback-face-class.js';
import { AAGNET_CLASS_NAMES } from '../../src/inference/aagnet-classes.js';
import { createMeshPart } from '../../src/formats/mesh/index.js';
import type { PartMesh } from '../../src/model/index.js';
import { REPO_DIR } from '../support/shared-data.js';

/** What docs/tier2.md says about the rules has to be what the code does. */
const tier2Doc = readFileSync(join(REPO_DIR, 'docs', 'tier2.md'), 'utf8');
const rulesDir = join(REPO_DIR, 'src', 'stages', 'recognize', 'tier2-heuristics');

describe('docs/tier2.md and the Tier 2 code agree', () => {
  it('the rules table lists the rules in the order TIER2_RULES tries them, one file each', () => {
    const documented = [...tier2Doc.matchAll(/^\| `([a-z-]+)-rule` \|/gm)].map((m) => m[1]);
    expect(documented).toEqual(TIER2_RULES.map((r) => r.id));
    for (const id of documented) expect(existsSync(join(rulesDir, `${id}-rule.ts`)), `${id}-rule.ts`).toBe(true);
  });

  it('the fallback is the constant class and probability the page names', () => {
    const m = /constant class of\s+`fallback-face-class\.ts` — `([a-z_0-9]+)` at probability ([0-9.]+)/.exec(tier2Doc);
    expect(m, 'the sentence about the fallback').not.toBeNull();
    expect(FALLBACK_FACE_CLASS.className).toBe(m![1]);
    expect(FALLBACK_FACE_CLASS.classId).toBe(AAGNET_CLASS_NAMES.length); // one past the AAGNet classes
    expect(FALLBACK_FACE_CLASS.confidence).toBe(Number(m![2]));
  });
});

/**
 * A 40 × 30 × 20 block (x × y × z) whose top +x edge is cut by a 45° chamfer of leg `c`, as a closed
 * triangle mesh: the profile in the xz-plane is extruded along y.
 */
function chamferedBlock(c: number): PartMesh {
  const profile: [number, number][] = [[0, 0], [40, 0], [40, 20 - c], [40 - c, 20], [0, 20]];
  const positions: number[] = [];
  for (const y of [0, 30]) for (const [x, z] of profile) positions.push(x, y, z);
  const n = profile.length;
  const indices: number[] = [];
  // The profile turns counter-clockwise in (x, z), i.e. about -y. Caps (convex fans): y = 0 faces -y, y = 30 faces +y.
  for (let i = 1; i < n - 1; i++) indices.push(0, i, i + 1, n, n + i + 1, n + i);
  // Side quads, wound so their normals point away from the profile.
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    indices.push(i, n + j, j, i, n + i, n + j);
  }
  return {
    positions: new Float64Array(positions),
    normals: new Float32Array(0),
    indices: new Uint32Array(indices),
    triangleFace: new Int32Array(indices.length / 3).fill(-1),
  };
}

describe('chamfer-rule has no size limit (its comment used to promise a "narrow" check that never existed)', () => {
  for (const c of [2, 12]) {
    it(`a ${c} mm × 45° corner cut on a 40 × 30 × 20 block is a chamfer, ${c === 12 ? 'although its width (17 mm) exceeds a quarter of the part (10 mm)' : 'a narrow one'}`, () => {
      const part = createMeshPart(chamferedBlock(c), 'stl');
      const out = recognizeFeatures(part);
      const chamfers = out.features.filter((f) => f.type === 'chamfer');
      expect(chamfers).toHaveLength(1);
      expect(chamfers[0]!.parameters.lengthMm).toBeCloseTo(30, 6);
      expect(chamfers[0]!.parameters.widthMm).toBeCloseTo(c * Math.SQRT2, 6);
      // The two faces it joins (top and side), not the end caps: angles between normals, setbacks = the leg.
      expect(chamfers[0]!.parameters.angle1Deg).toBeCloseTo(45, 4);
      expect(chamfers[0]!.parameters.angle2Deg).toBeCloseTo(45, 4);
      expect(chamfers[0]!.parameters.distance1Mm).toBeCloseTo(c, 4);
      expect(out.features.map((f) => f.type)).toEqual(['chamfer']);
    });
  }
});
