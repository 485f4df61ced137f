import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractGaag } from '../../src/features/gaag/index.js';
import { hasShared, loadPart, SHARED, SKIP_REASON } from './helpers.js';

// Reference values computed by OpenCascade 7.6 (FreeCAD's Part module) with
// tools/golden/freecad_gaag_golden.py: per face uv box (BRepTools::UVBounds), 5×5 trimming mask
// (BRepTopAdaptor_FClass2d IN, not ON), area and centroid (BRepGProp), per face pair convexity; unit box
// from BRepBndLib::AddOptimal. Everything in unit-box units, compared with ours in our own unit box.
const golden = JSON.parse(readFileSync(new URL('./golden/occt-gaag-golden.json', import.meta.url), 'utf8'));
const MFCAD_DIR = new URL('../../.cache/mfcad/', import.meta.url).pathname;
const TYPES: Record<string, string> = { Plane: 'plane', Cylinder: 'cylinder', Cone: 'cone', Sphere: 'sphere', Toroid: 'torus', BSplineSurface: 'bspline' };

/**
 * Known differences on real-world parts (no PCURVEs in the file, OpenCascade computes its own):
 * - uv boxes: which u period ShapeFix picks for seamless rings and computed pcurves, and B-spline
 *   pole boxes of pcurves OpenCascade approximates (D10: 4e-6); counted, capped below.
 * - Convexity: identical on every part (D15's cylinder–sphere edges through the sphere's poles needed the
 *   limit normal there, as OpenCascade takes it).
 */
const KNOWN_UV_BOX_DIFFS: Record<string, number> = { 'realworld/D03__transmission_pulley_at3_t10_motor.STEP': 2, 'realworld/D12__inactive-panel-standoff.step': 18, 'realworld/D15__nist_ftc_06_asme1_rd.stp': 11, 'realworld/D10__gripper_static_part.step': 7 };
const KNOWN_CONVEXITY_DIFFS: Record<string, number> = {};

function sourcePath(src: string): string {
  return src.startsWith('mfcad:') ? MFCAD_DIR + src.slice(6) : `${SHARED}/${src}`;
}

describe.skipIf(!hasShared)(`gAAG vs OpenCascade golden values${hasShared ? '' : ` — skipped: ${SKIP_REASON}`}`, () => {
  for (const [key, ref] of Object.entries<any>(golden.parts)) {
    const path = sourcePath(ref.source);
    it.skipIf(!existsSync(path))(`${key}${existsSync(path) ? '' : ' — skipped: file missing: extract the MFCAD archives into .cache/mfcad'}`, () => {
      const part = loadPart(path);
      const r = extractGaag(part, { maxFaces: 5000 });
      expect(r.faceOrder.length).toBe(ref.N);
      const s = r.unitBox.scale;
      // unit box: same transform as AddOptimal's box
      for (let k = 0; k < 3; k++) expect(Math.abs(r.unitBox.center[k] - ref.unitBox.center[k]) * s).toBeLessThan(1e-6);
      expect(Math.abs(s / ref.unitBox.scale - 1)).toBeLessThan(1e-6);
      let cells = 0;
      let cellsEqual = 0;
      let uvDiffs = 0;
      for (let i = 0; i < ref.N; i++) {
        const [type, reversed, uv, mask, area, centroid] = ref.faces[i];
        const f = part.faces[r.faceOrder[i]];
        expect(`${i}:${f.surfaceType}:${f.reversed}`).toBe(`${i}:${TYPES[type] ?? f.surfaceType}:${reversed}`);
        const lenU = f.surfaceType === 'plane' ? s : 1;
        const lenV = ['plane', 'cylinder', 'cone'].includes(f.surfaceType) ? s : 1;
        const d = Math.max(...[lenU, lenU, lenV, lenV].map((sc, k) => Math.abs(r.uvBoxes[i * 4 + k] - uv[k]) * sc));
        if (!(d <= 1e-6)) uvDiffs++;
        for (let a = 0; a < 5; a++)
          for (let b = 0; b < 5; b++) {
            // golden masks are not flipped; ours are (u index reversed for reversed faces)
            const m = r.inputs.faceGrid[i * 175 + 150 + (f.reversed ? 4 - a : a) * 5 + b];
            cells++;
            if (String(m) === mask[a * 5 + b]) cellsEqual++;
          }
        const A = r.inputs.faceAttr[i * 10 + 5];
        expect(Math.abs(A - area), `face ${i} area ${A} vs ${area}`).toBeLessThanOrEqual(1e-3 * area);
        for (let k = 0; k < 3; k++) {
          const c = r.inputs.faceAttr[i * 10 + 7 + k];
          expect(Math.abs(c - centroid[k]), `face ${i} centroid[${k}] ${c} vs ${centroid[k]}`).toBeLessThanOrEqual(1e-3 * Math.max(1, Math.abs(centroid[k])));
        }
      }
      expect(cellsEqual / cells).toBeGreaterThanOrEqual(0.99);
      expect(uvDiffs).toBeLessThanOrEqual(KNOWN_UV_BOX_DIFFS[key] ?? 0);
      // graph: same pairs, convexity identical
      const want = new Map<string, string>(ref.pairs.map((p: [number, number, string]) => [`${p[0]}-${p[1]}`, p[2]]));
      const E = r.inputs.edgeCount;
      expect(E).toBe(2 * ref.pairs.length);
      let convDiffs = 0;
      for (let k = 0; k < E; k++) {
        const a = Number(r.inputs.edgeIndex[k]);
        const b = Number(r.inputs.edgeIndex[E + k]);
        const w = want.get(`${Math.min(a, b)}-${Math.max(a, b)}`);
        expect(w, `pair ${a}-${b}`).toBeDefined();
        const x = r.inputs.edgeAttr.subarray(k * 12, k * 12 + 3);
        const got = x[1] ? 'v' : x[0] ? 'x' : x[2] ? 's' : '-';
        if (got !== w) convDiffs++;
      }
      expect(convDiffs / 2).toBeLessThanOrEqual(KNOWN_CONVEXITY_DIFFS[key] ?? 0);
    });
  }
});
