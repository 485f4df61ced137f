/**
 * Repro (issue 9, "MFCAD rotated" on the default pipeline): every copy written by
 * `tools/eval/rotate-step.ts` ended as PARSE_NO_TRIANGLES with every face unmapped. The tool rotates
 * every 3-D point and direction, so the placement item of the part's ADVANCED_BREP_SHAPE_REPRESENTATION
 * is rotated too. OpenCascade (occt-import-js here, and FreeCAD's OCCT 7.6 alike) places the solid by
 * that item, so its triangles came rotated a second time, off every surface of the B-Rep cadlens reads
 * from the same file, and no face mapped. The mapping now also tries the solid's representation
 * placement (`PartSolid.representationPlacement`) and brings the triangles back through it.
 *
 * `plate-hole-placed.step` is `plate-hole.step` rewritten by that tool with 90° about x.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createNodeAnalyzer } from '../../src/runtime/node/analyze-file.js';
import { readStep } from '../../src/formats/step/step-reader.js';
import { buildPartFromStep } from '../../src/brep/index.js';

const fixture = (name: string) => new Uint8Array(readFileSync(fileURLToPath(new URL(`../fixtures/step/${name}`, import.meta.url))));

describe('a solid whose representation has a non-identity placement item', () => {
  const analyzer = createNodeAnalyzer();
  afterAll(() => analyzer.dispose());

  it('records the placement on the solid (and nothing on a part written in the identity frame)', () => {
    const placed = buildPartFromStep(readStep(fixture('plate-hole-placed.step')));
    expect(placed.solids[0]!.representationPlacement).toEqual([1, 0, 0, 0, 0, 0, 1, 0, 0, -1, 0, 0, 0, 0, 0, 1].map((x) => expect.closeTo(x, 12)));
    expect(buildPartFromStep(readStep(fixture('plate-hole.step'))).solids[0]!.representationPlacement).toBeUndefined();
  });

  it('maps every face by order and recognizes what the same part in the identity frame gives', async () => {
    const placed = await analyzer.analyze(fixture('plate-hole-placed.step'), { name: 'plate-hole-placed.step' });
    const plain = await analyzer.analyze(fixture('plate-hole.step'), { name: 'plate-hole.step' });
    expect(placed.error).toBeUndefined();
    expect(placed.part!.faces.map((f) => f.mapping)).toEqual(plain.part!.faces.map(() => 'order'));
    expect(placed.part!.faces.every((f) => f.triangleCount > 0)).toBe(true);
    // Same areas face by face; the mesh is in the file's coordinates: the plate's thickness (z before) is now along y.
    placed.part!.faces.forEach((f, i) => expect(f.area).toBeCloseTo(plain.part!.faces[i]!.area, 6));
    const size = (b: { min: number[]; max: number[] }) => b.max.map((x, k) => x - b.min[k]!);
    const [px, py, pz] = size(plain.part!.bbox);
    const [qx, qy, qz] = size(placed.part!.bbox);
    expect([qx, qy, qz]).toEqual([expect.closeTo(px!, 6), expect.closeTo(pz!, 6), expect.closeTo(py!, 6)]);
    expect(placed.recognition?.faces.map((f) => f.className)).toEqual(plain.recognition?.faces.map((f) => f.className));
    expect(placed.recognition?.features.map((f) => f.type).sort()).toEqual(plain.recognition?.features.map((f) => f.type).sort());
  });
});
