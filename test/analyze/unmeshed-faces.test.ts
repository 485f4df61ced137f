/**
 * OpenCascade leaves a few faces of a sound STEP B-Rep without triangles (session 20: FreeCAD's IDF library part
 * SOD_323.stp, 2 faces of 75): the parse stage reports them (`PARSE_FACE_UNMAPPED`, error) but recognition still
 * reads the B-Rep, as it does without any mesh (`mesh: 'never'`), instead of declining every tier. A part with more
 * than 20 % of its faces unmeshed, or with a fatal parse error, is still not recognized.
 *
 * The missing triangles are simulated (name: "simulated"): a wrapper around the real OpenCascade worker drops one
 * face's triangles from its result — OpenCascade cannot be made to fail on a face of a small fixture at will.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createNodeAnalyzer } from '../../src/runtime/node/analyze-file.js';
import { createOcctWorkerTessellator } from '../../src/runtime/node/occt-worker-tessellator.js';
import type { OcctImportResult, OcctMesh, Tessellator } from '../../src/tessellation/index.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/step/block-pocket.step', import.meta.url));

/** The mesh without the triangles of its B-Rep faces `drop` (their ranges left empty, the others shifted). */
function withoutFaces(mesh: OcctMesh, drop: ReadonlySet<number>): OcctMesh {
  const keep: number[] = [];
  const ranges = new Int32Array(mesh.brepFaces.length);
  for (let k = 0; k < mesh.brepFaces.length / 2; k++) {
    const first = mesh.brepFaces[2 * k], last = mesh.brepFaces[2 * k + 1];
    const start = keep.length / 3;
    if (!drop.has(k)) for (let t = first; t <= last; t++) keep.push(mesh.indices[3 * t], mesh.indices[3 * t + 1], mesh.indices[3 * t + 2]);
    ranges[2 * k] = start;
    ranges[2 * k + 1] = keep.length / 3 - 1;
  }
  return { ...mesh, indices: Uint32Array.from(keep), brepFaces: ranges };
}

function droppingTessellator(inner: Tessellator, drop: ReadonlySet<number>): Tessellator {
  return {
    ...inner,
    tessellate: async (bytes, format, options) => {
      const r: OcctImportResult = await inner.tessellate(bytes, format, options);
      return { ...r, meshes: r.meshes.map((m, i) => (i === 0 ? withoutFaces(m, drop) : m)) };
    },
    close: () => inner.close(),
  };
}

describe('faces OpenCascade left without triangles (simulated by dropping them from the real import)', () => {
  const bytes = new Uint8Array(readFileSync(FIXTURE));

  it('one face of eleven unmeshed: the parse stage says so, and every face is recognized as with the whole mesh', async () => {
    const analyzer = createNodeAnalyzer({ tessellator: droppingTessellator(createOcctWorkerTessellator(), new Set([7])) });
    const reference = createNodeAnalyzer();
    try {
      const whole = await reference.analyze(bytes);
      const result = await analyzer.analyze(bytes);
      const parse = result.stages.find((s) => s.name === 'parse')!;
      expect(parse.passed).toBe(false);
      expect(parse.findings.filter((f) => f.severity === 'error').map((f) => f.code)).toEqual(['PARSE_FACE_UNMAPPED']);
      const rec = result.recognition!;
      expect(rec.skipped.some((s) => s.reason === 'parse_failed')).toBe(false);
      // the same classes as with every face meshed: recognition reads the exact B-Rep
      expect(rec.faces.map((f) => [f.stepId, f.className])).toEqual(whole.recognition!.faces.map((f) => [f.stepId, f.className]));
      expect(rec.features.some((f) => f.type === 'rectangular_pocket')).toBe(true);
    } finally {
      await analyzer.dispose();
      await reference.dispose();
    }
  }, 120_000);

  it('three faces of eleven unmeshed (over 20 %): recognition declines as before (parse_failed)', async () => {
    const analyzer = createNodeAnalyzer({ tessellator: droppingTessellator(createOcctWorkerTessellator(), new Set([1, 4, 7])) });
    try {
      const result = await analyzer.analyze(bytes);
      expect(result.recognition!.faces).toEqual([]);
      expect(result.recognition!.skipped.every((s) => s.reason === 'parse_failed')).toBe(true);
    } finally {
      await analyzer.dispose();
    }
  }, 120_000);
});
