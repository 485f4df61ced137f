import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createAnalyzer, type AnalysisResult } from '../../src/index.js';
import { createNodeAnalyzer } from '../../src/runtime/node/analyze-file.js';
import { createOcctWorkerTessellator } from '../../src/runtime/node/index.js';
import { createDefaultRecognizers } from '../../src/runtime/node/default-recognizers.js';
import { defineRecognizer, type Recognizer } from '../../src/stages/recognize/index.js';
import { createHeuristicRecognizer } from '../../src/stages/recognize/tier2-heuristics/index.js';
import type { Tessellator } from '../../src/tessellation/index.js';
import { CadlensError } from '../../src/errors/index.js';
import { comparable } from '../support/comparable-result.js';
import { observed } from '../support/observed-recognizer.js';

// mesh: 'always' recognizes an analytic part on its exact B-Rep while OpenCascade's worker imports it. These tests
// observe the real tessellator and recognizers through pass-through wrappers (they record when things happen and
// change nothing), except where a stand-in is named.
const bytesOf = (name: string) => new Uint8Array(readFileSync(fileURLToPath(new URL(`../fixtures/step/${name}`, import.meta.url))));

/** The real worker tessellator, recording when each import settles. */
function observedTessellator(events: string[]): Tessellator {
  const real = createOcctWorkerTessellator();
  return {
    ...real,
    warmUp: () => real.warmUp?.(),
    tessellate: (bytes, format, opts) =>
      real.tessellate(bytes, format, opts).finally(() => {
        events.push('import settled');
      }),
    close: () => real.close(),
  };
}


/** A tessellator stand-in whose import rejects with `error` after 50 ms (the recognition started during it runs first). */
function importFailingAfter50ms(error: CadlensError): Tessellator {
  return {
    tessellate: async () => {
      await new Promise((r) => setTimeout(r, 50));
      throw error;
    },
    close: async () => undefined,
  };
}

/** A tier-1 recognizer that records its call and always fails. */
function alwaysFailing(events: string[]): Recognizer {
  return defineRecognizer({
    id: 'always-fails',
    tier: 1,
    nominalConfidence: 0.95,
    canRecognize: () => ({ ok: true }),
    recognize: async () => {
      events.push('recognize always-fails');
      throw new CadlensError('INFERENCE_FAILED', 'this recognizer always fails', { stage: 'recognize' });
    },
  });
}

/** The default recognizers on the real worker tessellator under `mesh: 'always'`, every call recorded in `events`. */
function observedDefaultAnalyzer(events: string[], options: { recognizeDuringImport?: boolean } = {}) {
  return createAnalyzer({
    tessellator: observedTessellator(events),
    recognizers: createDefaultRecognizers().map((r) => observed(r, events)),
    mesh: 'always',
    ...options,
  });
}

describe("mesh 'always': recognition during OpenCascade's import", () => {
  const plain = createNodeAnalyzer({ mesh: 'always', recognizeDuringImport: false });
  afterAll(async () => {
    await plain.dispose();
  });

  it('an analytic part is recognized before its import settles, with the result of recognizing the tessellated part', async () => {
    const events: string[] = [];
    const analyzer = observedDefaultAnalyzer(events);
    try {
      const bytes = bytesOf('plate-hole-pocket.step');
      const early = await analyzer.analyze(bytes, { name: 'plate-hole-pocket.step' });
      const late = await plain.analyze(bytes, { name: 'plate-hole-pocket.step' });
      expect(early.recognition?.faces.length).toBeGreaterThan(0);
      const firstRecognize = events.findIndex((e) => e.startsWith('recognize'));
      expect(firstRecognize).toBeGreaterThanOrEqual(0);
      expect(firstRecognize).toBeLessThan(events.indexOf('import settled'));
      expect(comparable(early)).toEqual(comparable(late));
    } finally {
      await analyzer.dispose();
    }
  });

  it('with recognizeDuringImport: false, recognition waits for the import (the tessellated part is recognized)', async () => {
    const events: string[] = [];
    const analyzer = observedDefaultAnalyzer(events, { recognizeDuringImport: false });
    try {
      await analyzer.analyze(bytesOf('plate-hole-pocket.step'), { name: 'p.step' });
      expect(events.indexOf('import settled')).toBeLessThan(events.findIndex((e) => e.startsWith('recognize')));
    } finally {
      await analyzer.dispose();
    }
  });

  it('a recognizer that fails during the import is reported once, after it (onRecognizerError), and a lower tier answers', async () => {
    const events: string[] = [];
    const failing = alwaysFailing(events);
    const reported: string[] = [];
    const analyzer = createAnalyzer({
      tessellator: observedTessellator(events),
      recognizers: [failing, ...createDefaultRecognizers().filter((r) => r.tier === 2)],
      mesh: 'always',
      combineTiers: false,
      onRecognizerError: (_e, r) => {
        reported.push(r.id);
        events.push(`reported ${r.id}`);
      },
    });
    try {
      const r = await analyzer.analyze(bytesOf('plate-hole-pocket.step'), { name: 'p.step' });
      expect(r.recognition?.tier).toBe(2);
      expect(reported).toEqual(['always-fails']);
      expect(events.indexOf('recognize always-fails')).toBeLessThan(events.indexOf('import settled'));
      expect(events.indexOf('import settled')).toBeLessThan(events.indexOf('reported always-fails'));
    } finally {
      await analyzer.dispose();
    }
  });

  it('when the import fails and the analysis cannot go on without it, the recognition started during it is dropped: no recognition, no recognizer failure reported (a tessellator stand-in that rejects with OCCT_UNAVAILABLE: OpenCascade cannot be made to fail so on a file the STEP reader builds)', async () => {
    const events: string[] = [];
    const failingImport = importFailingAfter50ms(new CadlensError('OCCT_UNAVAILABLE', 'stand-in: OpenCascade unavailable', { stage: 'parse', kind: 'systemic' }));
    const reported: string[] = [];
    const failing = alwaysFailing(events);
    const analyzer = createAnalyzer({
      tessellator: failingImport,
      recognizers: [failing],
      mesh: 'always',
      onRecognizerError: (_e, r) => reported.push(r.id),
    });
    try {
      const r: AnalysisResult = await analyzer.analyze(bytesOf('plate-hole-pocket.step'), { name: 'p.step' });
      expect(events).toEqual(['recognize always-fails']); // it did start during the import
      expect(r.error?.code).toBe('OCCT_UNAVAILABLE');
      expect(r.recognition).toBeNull();
      expect(reported).toEqual([]);
    } finally {
      await analyzer.dispose();
    }
  });

  it('when the import fails on the file (OCCT_TRAP), the analysis goes on from the B-Rep with the recognition started during the import, and reports its failures (a tessellator stand-in that rejects)', async () => {
    const events: string[] = [];
    const failingImport = importFailingAfter50ms(new CadlensError('OCCT_TRAP', 'stand-in import failure', { stage: 'parse', kind: 'permanent' }));
    const reported: string[] = [];
    const analyzer = createAnalyzer({
      tessellator: failingImport,
      recognizers: [alwaysFailing(events), createHeuristicRecognizer()],
      mesh: 'always',
      onRecognizerError: (_e, r) => reported.push(r.id),
    });
    try {
      const r: AnalysisResult = await analyzer.analyze(bytesOf('plate-hole-pocket.step'), { name: 'p.step' });
      expect(events).toEqual(['recognize always-fails']); // started during the import, and not run again
      expect(r.error).toBeUndefined();
      expect(r.stages.find((s) => s.name === 'parse')!.findings.map((f) => f.code)).toContain('PARSE_TESSELLATION_FAILED');
      expect(r.recognition?.tier).toBe(2);
      expect(reported).toEqual(['always-fails']);
    } finally {
      await analyzer.dispose();
    }
  });
});
