import { afterAll, describe, expect, it } from 'vitest';
import { createReadStream, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { createNodeAnalyzer } from '../../src/runtime/node/analyze-file.js';
import { isNodeReadable } from '../../src/runtime/node/node-readable-input.js';
import { createAnalyzerPool } from '../../src/runtime/node/pool/index.js';

const cube = fileURLToPath(new URL('../fixtures/step/cube.step', import.meta.url));
const analyzer = createNodeAnalyzer({ recognize: false }); // validation is enough to compare inputs
afterAll(() => analyzer.dispose());

describe('createNodeAnalyzer().analyze() takes a Node Readable (real reader, real occt-import-js worker)', () => {
  it('fs.createReadStream(path) gives the same part as analyzeFile(path)', async () => {
    const fromFile = await analyzer.analyzeFile(cube);
    const fromStream = await analyzer.analyze(createReadStream(cube), { name: 'cube.step' });
    expect(fromStream.error).toBeUndefined();
    expect(fromStream.stages.every((s) => s.passed)).toBe(true);
    expect(fromStream.input.sha256).toBe(fromFile.input.sha256);
    expect(fromStream.input.sizeBytes).toBe(readFileSync(cube).length);
    expect(fromStream.part!.faces).toHaveLength(6);
  });

  it('a stream in text mode (setEncoding) is read as its UTF-8 bytes', async () => {
    const result = await analyzer.analyzeDetailed(createReadStream(cube).setEncoding('utf8'));
    expect(result.result.input.sha256).toBe((await analyzer.analyzeFile(cube)).input.sha256);
    expect(result.part!.faces).toHaveLength(6);
  });

  it('a stream past the size limit is INTAKE_TOO_LARGE and is destroyed, not left open', async () => {
    const small = createNodeAnalyzer({ maxFileSizeMb: 1 / 1024, recognize: false }); // 1 KiB; cube.step is larger
    try {
      const stream = createReadStream(cube, { highWaterMark: 256 });
      const result = await small.analyze(stream);
      expect(result.error?.code).toBe('INTAKE_TOO_LARGE');
      expect(stream.destroyed).toBe(true);
    } finally {
      await small.dispose();
    }
  });

  it('a stream that fails mid-way is a failed input stage with the stream’s message, never a throw', async () => {
    const failing = new Readable({
      read() {
        this.destroy(new Error('disk went away'));
      },
    });
    const result = await analyzer.analyze(failing);
    expect(result.stages[0]).toMatchObject({ name: 'input', passed: false });
    expect(result.error?.message).toContain('disk went away');
  });

  it('recognises Node streams by shape, and leaves web streams, Blobs and bytes alone', () => {
    expect(isNodeReadable(createReadStream(cube))).toBe(true);
    expect(isNodeReadable(Readable.from(['x']))).toBe(true);
    expect(isNodeReadable(new ReadableStream())).toBe(false);
    expect(isNodeReadable(new Blob(['x']))).toBe(false);
    expect(isNodeReadable(new Uint8Array(1))).toBe(false);
    expect(isNodeReadable(null)).toBe(false);
  });
});

describe('inputs analyze() cannot read are INTAKE_UNSUPPORTED_INPUT (typed), in the analyzer and the pool', () => {
  it('a number or a path string given to analyze() is a result with that error, not an internal message', async () => {
    for (const input of [42, cube] as unknown[]) {
      const r = await analyzer.analyze(input as Uint8Array);
      expect(r.error?.code).toBe('INTAKE_UNSUPPORTED_INPUT');
      expect(r.error?.message).not.toMatch(/getReader/);
    }
    const path = await analyzer.analyze(cube as unknown as Uint8Array);
    expect(path.error?.message).toMatch(/analyzeFile/);
  });

  it('the pool reads a Node Readable like the analyzer, and answers a number with the typed error in a result (real worker thread)', async () => {
    const pool = createAnalyzerPool({ workers: 1 });
    try {
      const fromStream = await pool.analyze(createReadStream(cube), { name: 'cube.step' });
      expect(fromStream.input.sha256).toBe((await analyzer.analyzeFile(cube)).input.sha256);
      expect(fromStream.part!.faces).toHaveLength(6);
      // A result, as from the analyzer (README: "bad input is still a result"), not a rejection.
      expect((await pool.analyze(42 as unknown as Uint8Array)).error).toMatchObject({ code: 'INTAKE_UNSUPPORTED_INPUT', stage: 'input' });
    } finally {
      await pool.close();
    }
  }, 120_000);
});
