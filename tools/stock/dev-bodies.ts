/**
 * The labelled dev bodies the stock collectors read, from their shared flags (`--set`, `--dir`, `--limit`,
 * `--parts`, `--out`): the `tune` split only, never a generated validation folder.
 * @internal
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Part } from '../../src/model/index.js';
import { listSet } from '../eval/eval-sets.js';
import { evenSample } from '../eval/dataset-sampling.js';
import { createEvalTessellator } from '../eval/tier2-data.js';
import { NOT_COUNTED } from '../eval/part-truth.js';
import { loadLabelledPart, type LabelledPart } from '../eval/labelled-part.js';

export interface DevBody {
  item: { name: string };
  /** Body index within the part. */
  b: number;
  body: Part;
  faceMap: number[];
  truth: LabelledPart['truth'];
}

/** Parses the flags and yields every body with at least one counted label; `out` is the output path. */
export function devBodies(): { out: string; bodies: () => AsyncGenerator<DevBody>; close: () => Promise<void> } {
  const { values } = parseArgs({
    options: { set: { type: 'string' }, dir: { type: 'string' }, limit: { type: 'string' }, out: { type: 'string' }, parts: { type: 'string' } },
  });
  const repo = resolve(import.meta.dirname, '..', '..');
  const set = values.set as 'synthetic' | 'realworld' | 'mfcad';
  if (values.dir && /\/gen\/val/.test(values.dir)) throw new Error('the validation set is not for tuning');
  const { items: all } = listSet({ set, split: 'tune', ...(values.dir ? { dir: values.dir } : {}) }, repo);
  const only = values.parts ? new Set(values.parts.split(',')) : null;
  const sampled = values.limit ? evenSample(all, Number(values.limit)) : all;
  const items = only ? sampled.filter((i) => only.has(i.name)) : sampled;
  const tess = createEvalTessellator();
  return {
    out: values.out!,
    close: () => tess.close(),
    async *bodies() {
      for (const item of items) {
        const loaded = await loadLabelledPart(item, tess);
        if (!loaded) continue;
        const { truth, bodies } = loaded;
        for (const [b, { part: body, faceMap }] of bodies.entries()) {
          if (!faceMap.some((fi) => truth.faceClass[fi] !== NOT_COUNTED)) continue;
          yield { item, b, body, faceMap, truth };
        }
      }
    },
  };
}
