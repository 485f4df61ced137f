/**
 * Repro (issue 10, defect 1): a valid part lost all its triangles. OpenCascade's sample `screw.step`
 * has three faces on a spindle torus (minor radius 54.87 > major radius 8.25) that lie on the torus's
 * inner "lemon" part. `distanceToSurface` measured only the generating circle on the point's own side
 * of the axis, so OpenCascade's (correct) triangles of those faces were 3 mm "off" their surface; the
 * order check failed 3 of 10 faces, the geometric fallback matched 7 < 80 %, the whole body stayed
 * unattached and the part ended as PARSE_NO_TRIANGLES with every face unmapped.
 *
 * `lemon-barrel.step` is a hand-written part with the same cause: a barrel on the lemon part of a
 * spindle torus (R = 10, r = 30) between two planes z = ±10.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { distanceToSurface, projectPointOnSurface } from '../../src/geometry/surface-distance.js';
import { elementaryParameters, evaluateSurface } from '../../src/geometry/surface-eval.js';
import type { Surface, Vec3 } from '../../src/model/index.js';
import { createOcctWorkerTessellator } from '../../src/runtime/node/index.js';
import { createNodeAnalyzer } from '../../src/runtime/node/analyze-file.js';
import { attachTessellationDetailed } from '../../src/tessellation/index.js';
import { readStep } from '../../src/formats/step/step-reader.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import { analysisResultSchema } from '../../src/result/index.js';

const fixture = fileURLToPath(new URL('../fixtures/step/lemon-barrel.step', import.meta.url));
const R = 10;
const r = 30;
const spindle: Surface = {
  type: 'torus',
  frame: { origin: [0, 0, 0], x: [1, 0, 0], y: [0, 1, 0], z: [0, 0, 1] },
  majorRadius: R,
  minorRadius: r,
};
/** A point of the lemon part: radius −R + √(r² − z²) at height z, azimuth `phi`. */
const lemonPoint = (z: number, phi: number): Vec3 => {
  const rho = -R + Math.sqrt(r * r - z * z);
  return [rho * Math.cos(phi), rho * Math.sin(phi), z];
};
/** Volume of the barrel, ∫ π ρ(z)² dz over z ∈ [−10, 10] (midpoint rule, converged far below the mesh error). */
const barrelVolume = (() => {
  const n = 20_000;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const z = -10 + (20 * (i + 0.5)) / n;
    v += Math.PI * (-R + Math.sqrt(r * r - z * z)) ** 2;
  }
  return (v * 20) / n;
})();

describe('spindle torus (minor > major radius): the lemon part is on the surface', () => {
  it('distanceToSurface is 0 on the lemon part and exact off it', () => {
    for (const [z, phi] of [[0, 0], [10, 1], [-7, 4], [25, 2.5]] as const) {
      expect(distanceToSurface(spindle, lemonPoint(z, phi))).toBeLessThan(1e-9);
    }
    // 2 mm outside the lemon's equator (radius 20): the nearest surface point is the equator, 2 mm away.
    expect(distanceToSurface(spindle, [22, 0, 0])).toBeCloseTo(2, 9);
    // the outer (apple) part still measures as before: radius R + r = 40 at z = 0
    expect(distanceToSurface(spindle, [40, 0, 0])).toBeLessThan(1e-9);
  });

  it('elementaryParameters / projectPointOnSurface invert a lemon point (u on the far side, R + r cos v < 0)', () => {
    const p = lemonPoint(5, 0.7);
    const uv = elementaryParameters(spindle, p)!;
    expect(R + r * Math.cos(uv[1])).toBeLessThan(0);
    const q = evaluateSurface(spindle, uv[0], uv[1]);
    expect(Math.hypot(q[0] - p[0], q[1] - p[1], q[2] - p[2])).toBeLessThan(1e-9);
    expect(projectPointOnSurface(spindle, p)!.distance).toBeLessThan(1e-9);
  });
});

describe('lemon-barrel.step: every face keeps its OpenCascade triangles (real occt-import-js worker)', () => {
  const tess = createOcctWorkerTessellator();
  const analyzer = createNodeAnalyzer();
  afterAll(async () => {
    await tess.close();
    await analyzer.dispose();
  });

  it('attachTessellationDetailed maps all 3 faces by order; the volume is the barrel’s', async () => {
    const bytes = new Uint8Array(readFileSync(fixture));
    const part = buildPartFromStep(readStep(bytes));
    expect(part.faces.map((f) => f.surface?.type)).toEqual(['plane', 'torus', 'plane']);
    const { part: mapped, report } = attachTessellationDetailed(part, await tess.tessellate(bytes, 'step'));
    expect(report).toMatchObject({ order: 3, geometric: 0, unmapped: 0, skippedMeshes: [], unmatchedOcctFaces: [] });
    expect(mapped.faces.every((f) => f.triangles && f.triangles.count > 0)).toBe(true);
    expect(Math.abs(mapped.summary.volumeMm3! - barrelVolume) / barrelVolume).toBeLessThan(5e-3);
  });

  it('analyzeFile: the parse and geometry stages pass, no PARSE_NO_TRIANGLES, the result passes the schema', async () => {
    const result = await analyzer.analyzeFile(fixture);
    expect(analysisResultSchema.safeParse(result).success).toBe(true);
    expect(result.error).toBeUndefined();
    const parse = result.stages.find((s) => s.name === 'parse')!;
    expect(parse.passed).toBe(true);
    expect(parse.findings.map((f) => f.code)).not.toContain('PARSE_NO_TRIANGLES');
    expect(result.stages.find((s) => s.name === 'geometry')!.passed).toBe(true);
    expect(result.part!.faces.every((f) => f.mapping === 'order')).toBe(true);
  });
});
