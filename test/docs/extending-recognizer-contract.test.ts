import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import type { Part } from '../../src/model/index.js';
import type { Recognizer } from '../../src/stages/recognize/index.js';
import { runRecognizerContract } from '../../src/testing/index.js';
import { REPO_DIR } from '../support/shared-data.js';
import { exportSourcePaths, extractTsBlocks } from './doc-blocks.js';

/**
 * docs/extending.md's example recognizer, as the page prints it, keeps the contract the same page tells
 * readers to test it with (`runRecognizerContract`): a new user who copies both gets a passing suite.
 * The block is taken from the markdown, its `cadlens…` imports pointed at the sources, the analyzer line
 * (not part of the recognizer) dropped, and the recognizer exported.
 */
const DOC = 'docs/extending.md';
const workDir = join(REPO_DIR, '.cache', `extending-recognizer-${process.pid}`);
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

async function docRecognizer(): Promise<Recognizer> {
  const block = extractTsBlocks(readFileSync(join(REPO_DIR, DOC), 'utf8'), DOC).find((b) => b.code.includes('defineRecognizer({'));
  if (!block) throw new Error(`${DOC} has no defineRecognizer example`);
  const sources = exportSourcePaths(REPO_DIR);
  const code = block.code
    .replace(/from '(cadlens[^']*)'/g, (_m, spec: string) => `from ${JSON.stringify(sources[spec]!)}`)
    .replace(/^await using analyzer = .*$/m, '')
    .concat('\nexport { smallHoles };\n');
  mkdirSync(workDir, { recursive: true });
  const file = join(workDir, 'small-holes.ts');
  writeFileSync(file, code);
  const mod = (await import(/* @vite-ignore */ file)) as { smallHoles: Recognizer };
  return mod.smallHoles;
}

const stepPart = (name: string): Part => buildPartFromStep(readStep(readFileSync(join(REPO_DIR, 'test', 'fixtures', 'step', name))));

it('the example is found and is the small-holes recognizer', async () => {
  const r = await docRecognizer();
  expect(r.id).toBe('acme/small-holes');
  const part = stepPart('through-holes-block.step');
  const out = await r.recognize(part, { signal: new AbortController().signal, now: () => Date.now(), log: { debug() {}, info() {}, warn() {} } });
  const small = part.faces.filter((f) => f.surface?.type === 'cylinder' && f.surface.radius < 3).map((f) => f.index);
  expect(small.length).toBeGreaterThan(0); // three 5 mm holes
  expect(out.faces.map((f) => f.faceIndex).sort((a, b) => a - b)).toEqual(small.sort((a, b) => a - b));
});

runRecognizerContract('docs/extending.md small holes', async () => {
  const plate = stepPart('through-holes-block.step');
  return {
    recognizer: await docRecognizer(),
    accepts: [{ name: 'through-holes-block', part: plate }],
    declines: [{ name: 'the same part as mesh-only', part: { ...plate, brepSource: 'mesh-only' }, reason: 'no_brep' }],
  };
});
