import { createNodeAnalyzer } from '../../src/runtime/node/analyze-file.js';
import { createHeuristicRecognizer } from '../../src/stages/recognize/tier2-heuristics/index.js';
import { createOcctWorkerTessellator } from '../../src/runtime/node/occt-worker-tessellator.js';
import type { Tessellator } from '../../src/tessellation/index.js';
import type { AnalysisResult } from '../../src/result/index.js';

/** The real OpenCascade worker tessellator, counting its calls (so a test can prove OpenCascade was or was never asked). */
export function countingTessellator(): Tessellator & { calls: number } {
  const inner = createOcctWorkerTessellator();
  const t = {
    calls: 0,
    tessellate: (...args: Parameters<Tessellator['tessellate']>) => {
      t.calls++;
      return inner.tessellate(...args);
    },
    close: () => inner.close(),
  };
  return t;
}

/** A result's stage by name. */
export const stage = (r: AnalysisResult, name: string) => r.stages.find((s) => s.name === name)!;
/** The finding codes of a result's stage. */
export const codes = (r: AnalysisResult, name: string) => stage(r, name).findings.map((f) => f.code);

/**
 * Node analyzers with Tier 2 only and a counting tessellator each, per mesh mode (`make`), and `closeAll` for the
 * tessellators (call it in `afterAll`).
 */
export function meshModeAnalyzers() {
  const tessellators: ReturnType<typeof countingTessellator>[] = [];
  const make = (mesh: 'always' | 'auto' | 'never', extra: Parameters<typeof createNodeAnalyzer>[0] = {}) => {
    const tessellator = countingTessellator();
    tessellators.push(tessellator);
    return { tessellator, analyzer: createNodeAnalyzer({ mesh, tessellator, recognizers: [createHeuristicRecognizer()], ...extra }) };
  };
  const closeAll = async () => {
    for (const t of tessellators) await t.close();
  };
  return { make, closeAll };
}
