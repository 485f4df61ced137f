import { afterAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { createNodeAnalyzer } from '../../src/runtime/node/analyze-file.js';
import { partFromJSON, partToJSON } from '../../src/model/index.js';

const analyzer = createNodeAnalyzer({ recognizers: [] });
afterAll(() => analyzer.dispose());

describe('Part JSON round trip', () => {
  it('a real Part survives JSON.stringify → JSON.parse → partFromJSON unchanged', async () => {
    const { part } = await analyzer.analyzeFileDetailed(fileURLToPath(new URL('../fixtures/step/plate-hole.step', import.meta.url)));
    const text = JSON.stringify(partToJSON(part!));
    const back = partFromJSON(JSON.parse(text));
    expect(back.mesh.positions).toBeInstanceOf(Float64Array);
    expect(Array.from(back.mesh.positions)).toEqual(Array.from(part!.mesh.positions));
    expect(Array.from(back.mesh.indices)).toEqual(Array.from(part!.mesh.indices));
    // JSON has no negative zero: compare with -0 folded to 0, everything else exact.
    const fold = (v: unknown) => JSON.parse(JSON.stringify(v));
    expect(back.faces).toEqual(fold(part!.faces));
    expect(back.edges).toEqual(fold(part!.edges));
    expect(back.aag).toEqual(part!.aag);
    expect(back.summary).toEqual(fold(part!.summary));
  });
});
