import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { createWorkerAnalyzer, type WorkerLike } from '../../src/runtime/browser/worker/create-worker-analyzer.js';
import { serveAnalyzerInWorker, type WorkerScopeLike } from '../../src/runtime/browser/worker/serve-analyzer-in-worker.js';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { REPO } from './support/harness-page.js';

// The page and worker halves of the browser analysis worker, connected by a real MessageChannel in this
// Node process (structured cloning and buffer transfer as between threads), with real occt-import-js.
// Tier 1 is off (model: null): onnxruntime-web's browser build is exercised by the Chromium tests.
const occtDir = dirname(createRequire(join(REPO, 'package.json')).resolve('occt-import-js'));
const fixture = (name: string) => new Uint8Array(readFileSync(join(REPO, 'test/fixtures/step', name)));

function connect() {
  const { port1, port2 } = new MessageChannel();
  serveAnalyzerInWorker(port2 as unknown as WorkerScopeLike);
  const worker: WorkerLike & { terminated: boolean } = {
    terminated: false,
    postMessage: (m, t) => port1.postMessage(m, t as never),
    addEventListener: ((type: string, l: (e: unknown) => void) => port1.addEventListener(type as 'message', l as never)) as WorkerLike['addEventListener'],
    terminate() {
      this.terminated = true;
      port1.close();
    },
  };
  port1.start();
  port2.start();
  const analyzer = createWorkerAnalyzer({ worker, assets: { occtWasmBase: occtDir, ortWasmBase: '/unused/', model: null } });
  return { analyzer, worker };
}

describe('browser analysis worker protocol (both halves over a real MessageChannel, Tier 1 off)', () => {
  it('analyses a STEP fixture: progress in order, the result, and the tessellation for display', async () => {
    const { analyzer } = connect();
    const steps: string[] = [];
    const { result, geometry } = await analyzer.analyze(fixture('plate-hole.step'), { name: 'plate-hole.step', onProgress: (s) => steps.push(s) });
    expect(steps).toEqual(['format', 'parse', 'tessellate', 'geometry', 'recognize']);
    expect(result.input.name).toBe('plate-hole.step');
    expect(result.stages.every((s) => s.passed)).toBe(true);
    expect(result.recognition!.tier).toBe(2);
    expect(result.recognition!.skipped.map((s) => s.tier)).not.toContain(2);
    expect(geometry!.positions).toBeInstanceOf(Float32Array);
    expect(geometry!.index.length % 3).toBe(0);
    expect(new Set(geometry!.groups.map((g) => g.faceIndex))).toEqual(new Set(result.part!.faces.map((f) => f.index)));
    analyzer.dispose();
  }, 120_000);

  it('bad input resolves with failed stages and a typed error, not a rejection', async () => {
    const { analyzer } = connect();
    const { result, geometry } = await analyzer.analyze(new TextEncoder().encode('ISO-10303-21;\nHEADER;\nthis is not STEP'), { name: 'broken.step' });
    expect(result.stages.some((s) => !s.passed)).toBe(true);
    expect(result.error?.code).toMatch(/^[A-Z_]+$/);
    expect(geometry).toBeNull();
    analyzer.dispose();
  }, 120_000);

  it('an aborted call rejects with ABORTED; dispose terminates the worker and rejects what is pending with WORKER_CRASHED', async () => {
    const { analyzer, worker } = connect();
    const controller = new AbortController();
    controller.abort();
    await expect(analyzer.analyze(fixture('cube.step'), { signal: controller.signal })).rejects.toMatchObject({ code: 'ABORTED' });
    // Cancelled while it runs (at its first progress event): the worker stops it between steps.
    const running = new AbortController();
    await expect(analyzer.analyze(fixture('plate-hole.step'), { signal: running.signal, onProgress: () => running.abort() })).rejects.toMatchObject({ code: 'ABORTED' });
    const pending = analyzer.analyze(fixture('cube.step'));
    analyzer.dispose();
    await expect(pending).rejects.toMatchObject({ code: 'WORKER_CRASHED' });
    expect(worker.terminated).toBe(true);
    await expect(analyzer.analyze(fixture('cube.step'))).rejects.toMatchObject({ code: 'WORKER_CRASHED' });
  }, 120_000);
});
