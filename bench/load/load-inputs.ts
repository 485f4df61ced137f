/**
 * What the load/fault run posts: MFCAD parts (an even sample of `.cache/mfcad`), small realworld parts
 * (`../shared/datasets/realworld/parts` under `maxRealworldBytes`), and malformed files derived from
 * one of them. Without the shared data the repository's own STEP fixtures stand in, so the short
 * CI version runs anywhere.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mfcadDir } from '../../tools/eval/mfcad-split.js';
import { evenSample, mfcadNames, REALWORLD_DIR, SHARED_DIR } from '../../test/support/shared-data.js';
import { malformedFrom, type LoadInput } from './run-load.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface LoadInputs {
  parts: LoadInput[];
  malformed: LoadInput[];
  /** Where the parts came from, for the report. */
  source: string;
}

/** Every `realworldEvery`-th valid part is a realworld one (when there are any). */
export function loadInputs(options: { mfcadCount: number; maxRealworldBytes?: number; realworldEvery?: number }): LoadInputs {
  const haveMfcad = existsSync(join(root, '.cache', 'mfcad')) || existsSync(join(SHARED_DIR, 'datasets', 'mfcad'));
  const mfcad: LoadInput[] = [];
  if (haveMfcad) {
    const dir = mfcadDir(root);
    for (const n of evenSample(mfcadNames(dir), options.mfcadCount)) mfcad.push({ name: `${n}.step`, bytes: new Uint8Array(readFileSync(join(dir, `${n}.step`))), kind: 'mfcad' });
  }
  const realworld: LoadInput[] = [];
  const partsDir = join(REALWORLD_DIR, 'parts');
  if (existsSync(partsDir)) {
    for (const f of readdirSync(partsDir).sort()) {
      const path = join(partsDir, f);
      if (statSync(path).size <= (options.maxRealworldBytes ?? 200_000)) realworld.push({ name: f, bytes: new Uint8Array(readFileSync(path)), kind: 'realworld' });
    }
  }
  let source = `${mfcad.length} MFCAD, ${realworld.length} realworld`;
  if (mfcad.length === 0 && realworld.length === 0) {
    const fixtures = join(root, 'test', 'fixtures', 'step');
    for (const f of ['block-pocket.step', 'plate-hole.step', 'plate-hole-pocket.step', 'cube.step', 'step-passage.step'])
      mfcad.push({ name: f, bytes: new Uint8Array(readFileSync(join(fixtures, f))), kind: 'mfcad' });
    source = `no shared data: ${mfcad.length} repository fixtures`;
  }
  // Interleave: every `realworldEvery`-th valid part is a realworld one.
  const every = options.realworldEvery ?? 5;
  const parts: LoadInput[] = [];
  let r = 0;
  for (let i = 0; i < mfcad.length; i++) {
    if (realworld.length > 0 && i % every === every - 1) parts.push(realworld[r++ % realworld.length]!);
    parts.push(mfcad[i]!);
  }
  if (parts.length === 0) parts.push(...realworld);
  const base = realworld[0]?.bytes ?? parts[0]!.bytes;
  return { parts, malformed: malformedFrom(base), source };
}
