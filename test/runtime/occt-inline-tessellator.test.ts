import { describe, it, expect } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { createOcctInlineTessellator, type OcctModuleFactory } from '../../src/runtime/browser/occt-inline-tessellator.js';
import { isCadlensError } from '../../src/errors/index.js';
import { occtFaceCount } from '../../src/tessellation/index.js';
import { expectSoundTessellation } from '../support/tessellation-properties.js';
import { REALWORLD_DIR, sharedTitle } from '../support/shared-data.js';

// The in-thread runner is browser-safe; here it runs in Node with the real occt-import-js module.
const realworld = REALWORLD_DIR;
const haveShared = existsSync(`${realworld}/parts`);
if (!haveShared) console.warn(`[skip] ${realworld} is absent: inline tessellator tests are skipped`);
const load = (rel: string) => new Uint8Array(readFileSync(`${realworld}/${rel}`));
const factory = createRequire(import.meta.url)('occt-import-js') as OcctModuleFactory;

describe.skipIf(!haveShared)(sharedTitle('createOcctInlineTessellator (real occt-import-js in this thread)'), () => {
  it('tessellates, types failures, and replaces the module instance after every trap', async () => {
    let instances = 0;
    const tess = createOcctInlineTessellator({
      loadFactory: () => (o) => {
        instances++;
        return factory(o);
      },
    });
    const a = await tess.tessellate(load('parts/D05__partA.step'), 'step');
    expect([a.meshes.length, occtFaceCount(a)]).toEqual([1, 32]);
    expect(expectSoundTessellation(a)).toBe(32); // every face meshed; exact triangle counts are the mesher's
    expect(instances).toBe(1);
    for (let i = 0; i < 8; i++) {
      const e = await tess.tessellate(load('malformed/m24_cycle_mapped_item.step'), 'step').catch((x) => x);
      expect(isCadlensError(e) && e.code).toBe('OCCT_TRAP');
    }
    const b = await tess.tessellate(load('parts/D01__featuretype.STEP'), 'step');
    expect(occtFaceCount(b)).toBe(96);
    expect(expectSoundTessellation(b)).toBe(96);
    expect(instances).toBe(9); // one fresh instance after each of the 8 traps
    const e1 = await tess.tessellate(load('malformed/m17_utf8_bom.step'), 'step').catch((x) => x);
    expect(e1.code).toBe('OCCT_IMPORT_FAILED');
    const e2 = await tess.tessellate(load('malformed/m42_curves_only_no_solid.step'), 'step').catch((x) => x);
    expect(e2.code).toBe('OCCT_NO_MESH');
    const ac = new AbortController();
    ac.abort();
    const e3 = await tess.tessellate(load('parts/D05__partA.step'), 'step', { signal: ac.signal }).catch((x) => x);
    expect(e3.code).toBe('ABORTED');
    await tess.close();
  });
});

describe('createOcctInlineTessellator: the wasm is not where locateFile says', () => {
  it('rejects OCCT_UNAVAILABLE (systemic) with a message that names the wasm URL and the HTML it got, then loads once the URL is right', async () => {
    // What a viewer with a wrong occtWasmBase gets from a dev server or SPA host: index.html with HTTP 200.
    const dir = mkdtempSync(join(tmpdir(), 'cadlens-occt-html-'));
    const html = join(dir, 'occt-import-js.wasm');
    writeFileSync(html, '<!doctype html><html><body>index</body></html>');
    const cube = new Uint8Array(readFileSync(new URL('../fixtures/step/cube.step', import.meta.url)));
    let locate = (file: string) => join(dir, file);
    const tess = createOcctInlineTessellator({ loadFactory: () => factory, moduleOverrides: { locateFile: (file: string) => locate(file) } });
    try {
      const e = await tess.tessellate(cube, 'step').catch((x) => x);
      expect(isCadlensError(e) && [e.code, e.kind]).toEqual(['OCCT_UNAVAILABLE', 'systemic']);
      expect(e.message).toMatch(/could not be loaded \(it got an HTML page, not the wasm.*check where its wasm is served \(occtWasmBase/);
      // The failed instance is not kept: with the right location the next call tessellates.
      locate = (file: string) => join(dirname(createRequire(import.meta.url).resolve('occt-import-js')), file);
      const ok = await tess.tessellate(cube, 'step');
      expect(occtFaceCount(ok)).toBe(6);
    } finally {
      await tess.close?.();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
