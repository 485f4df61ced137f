import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { createRequire } from 'node:module';
import type { Plugin } from 'vite';
import { viewerAssets } from '../../examples/viewer/vite.config.js';
import { REPO } from './support/harness-page.js';
import { buildViewer } from './support/viewer-page.js';

// The example viewer's Vite build (no browser needed): every wasm file the page loads is emitted once, in
// the cadlens-assets/ folder the worker is pointed at. onnxruntime-web's default ESM build holds
// `new URL('ort-wasm-simd-threaded.jsep.wasm', import.meta.url)`, which made Vite emit a second, hashed
// 28 MB copy under assets/ that nothing fetched; the viewer's config selects ort's extern-wasm build.

interface Emitted {
  path: string;
  size: number;
  sha256: string;
}

function listEmitted(dir: string): Emitted[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => {
      const bytes = readFileSync(join(e.parentPath, e.name));
      return { path: relative(dir, join(e.parentPath, e.name)).split('\\').join('/'), size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
    })
    .sort((a, b) => a.path.localeCompare(b.path));
}

/** Emitted files whose bytes another emitted file has too, grouped by content. */
function sameContent(files: Emitted[]): string[][] {
  const by = new Map<string, string[]>();
  for (const f of files) by.set(f.sha256, [...(by.get(f.sha256) ?? []), f.path]);
  return [...by.values()].filter((paths) => paths.length > 1);
}

/** `assets/ort-wasm-simd-threaded.jsep-MDYUKy93.wasm` → `ort-wasm-simd-threaded.jsep.wasm` (Vite's content hash dropped). */
const unhashed = (path: string) => path.split('/').pop()!.replace(/-[\w-]{8}(\.\w+)$/, '$1');

describe('example viewer build (examples/viewer, Vite): one copy of each wasm file', () => {
  let outDir: string;
  let files: Emitted[];
  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'cadlens-viewer-build-'));
    await buildViewer(outDir);
    files = listEmitted(outDir);
  }, 120_000);
  afterAll(() => {
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  it('no two emitted files have the same bytes, and no wasm name is emitted twice', () => {
    expect(sameContent(files)).toEqual([]);
    const wasm = files.filter((f) => f.path.endsWith('.wasm'));
    expect(wasm.map((f) => unhashed(f.path)).sort()).toEqual(['occt-import-js.wasm', 'ort-wasm-simd-threaded.jsep.wasm']);
  });

  it('the wasm files and the ort glue are the ones the worker is pointed at (cadlens-assets/), byte for byte from node_modules', () => {
    const wanted = Object.entries(viewerAssets()).flatMap(([prefix, { dir, files: names }]) => names.map((n) => ({ path: `${prefix}${n}`, src: join(dir, n) })));
    for (const { path, src } of wanted) {
      const f = files.find((e) => e.path === path);
      expect(f, path).toBeDefined();
      expect(f!.sha256).toBe(createHash('sha256').update(readFileSync(src)).digest('hex'));
    }
    // Nothing of onnxruntime-web's or OpenCascade's binaries among Vite's own (hashed) assets.
    expect(files.filter((f) => f.path.startsWith('assets/') && /\.(wasm|mjs)$/.test(f.path)).map((f) => f.path)).toEqual([]);
    // ort's bundled code is the extern-wasm build: the Emscripten glue is not in it (it is the served .mjs).
    const ortChunk = files.filter((f) => /^assets\/ort\.min-[\w-]{8}\.js$/.test(f.path));
    expect(ortChunk).toHaveLength(1);
  });

  it('the check catches the duplicate: with ort resolved to its default bundle, Vite emits a hashed second copy of the wasm', async () => {
    const ortDir = join(createRequire(join(REPO, 'package.json')).resolve('onnxruntime-web'), '..');
    const defaultBundle: Plugin = {
      name: 'ort-default-bundle',
      enforce: 'pre',
      resolveId: (id) => (id === 'onnxruntime-web' ? join(ortDir, 'ort.bundle.min.mjs') : null),
    };
    const dir = mkdtempSync(join(tmpdir(), 'cadlens-viewer-build-'));
    try {
      await buildViewer(dir, { plugins: [defaultBundle], worker: { plugins: () => [defaultBundle] } });
      const dup = sameContent(listEmitted(dir));
      expect(dup).toHaveLength(1);
      expect(dup[0].map(unhashed)).toEqual(['ort-wasm-simd-threaded.jsep.wasm', 'ort-wasm-simd-threaded.jsep.wasm']);
      expect(dup[0]).toContain('cadlens-assets/ort/ort-wasm-simd-threaded.jsep.wasm');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
