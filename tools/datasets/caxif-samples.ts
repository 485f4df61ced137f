/**
 * Third real dev set: CAx-IF test parts, as shipped inside the `occt-import-js` npm package (dev-time tool).
 *
 * The CAx Implementor Forum's public test library (https://www.cax-if.org) publishes the same small designs
 * exported by several CAD systems: the `as1` assembly (plate, L-brackets, bolts, nuts, rod), the `dm1` and `io1`
 * parts and the `sg1` part, from Open CASCADE, Pro/ENGINEER, I-DEAS, CoCreate, CATIA V5 and others. occt-import-js
 * 0.0.23 keeps a selection of them as its own test files, so `npm ci` puts them on every machine that builds
 * cadlens; nothing is downloaded and nothing is copied into this repository. They come from other modelling
 * lineages than the shared realworld set and OpenCascade's sample shapes, and nobody tuned recognition on them.
 *
 *     npx tsx tools/datasets/caxif-samples.ts [--out .cache/caxif-samples]
 *
 * links each part as `.cache/caxif-samples/Cnn__<file name>` (the name the label files pin, with its sha256).
 * Labels: labels/caxif-samples/ (specs in tools/labelling/specs/caxif-samples/; docs/labelling.md).
 * @internal
 */
import { existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

/** Where occt-import-js keeps its copy of the CAx-IF files. */
export const CAXIF_SOURCE_DIR = join(REPO, 'node_modules', 'occt-import-js', 'test', 'testfiles', 'cax-if');

/** Code, file in {@link CAXIF_SOURCE_DIR}, what it is. The code order is the design's, then the exporter's. */
export const CAXIF_SAMPLES: ReadonlyArray<readonly [code: string, file: string, what: string]> = [
  ['C01', 'as1-oc-214.stp', 'as1 assembly, Open CASCADE, AP214'],
  ['C02', 'as1-tu-203.stp', 'as1 assembly, AP203 (tu)'],
  ['C03', 'as1_pe_203.stp', 'as1 assembly, Pro/ENGINEER, AP203'],
  ['C04', 'dm1-id-214.stp', 'dm1 part, I-DEAS, AP214'],
  ['C05', 'dm1-oc-214.stp', 'dm1 part, Open CASCADE, AP214'],
  ['C06', 'dm1-pe-214.stp', 'dm1 part, Pro/ENGINEER, AP214'],
  ['C07', 'io1-cm-214.stp', 'io1 part, CoCreate Modeling, AP214'],
  ['C08', 'io1-tu-203.stp', 'io1 part, AP203 (tu)'],
  ['C09', 'sg1-c5-214.stp', 'sg1 part, CATIA V5, AP214'],
];

/** Links every sample into `outDir` as `Cnn__<file>`; returns the links made. */
export function linkCaxifSamples(outDir: string): string[] {
  if (!existsSync(CAXIF_SOURCE_DIR)) throw new Error(`no ${CAXIF_SOURCE_DIR}: run npm ci (occt-import-js 0.0.23 ships the files)`);
  mkdirSync(outDir, { recursive: true });
  const made: string[] = [];
  for (const [code, file] of CAXIF_SAMPLES) {
    const link = join(outDir, `${code}__${file}`);
    rmSync(link, { force: true });
    symlinkSync(join(CAXIF_SOURCE_DIR, file), link);
    made.push(link);
  }
  return made;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outArg = process.argv.indexOf('--out');
  const out = outArg >= 0 ? resolve(process.argv[outArg + 1]) : join(REPO, '.cache', 'caxif-samples');
  for (const link of linkCaxifSamples(out)) console.log(link);
}
