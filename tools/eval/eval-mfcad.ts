/**
 * Tier 1 (AAGNet, MFInstSeg weights) on MFCAD: per-face accuracy after mapping the 25 AAGNet classes
 * to MFCAD's 16 (a prediction without an MFCAD counterpart is wrong), per-class precision/recall,
 * confusion matrix, on the parts as written and on seeded randomly rotated copies.
 *
 *   npx tsx tools/eval/eval-mfcad.ts [--sample N] [--rotated-sample N] [--seed S] [--verify-occt K]
 *                                    [--out tools/eval/results/mfcad-tier1.json]
 *
 * Split: validation = parts whose FNV-1a-32 hash of the name is 0 mod 5 (≈20 %), train = the rest.
 * The weights were trained on MFInstSeg, not MFCAD, so both halves are held out for this model.
 *
 * Labels: `NAME.face_truth` (strict pickle reader) element k is the label of the face whose
 * ADVANCED_FACE name is 'k'. Each Part face keeps its entity's name; the face ↔ name map is checked
 * (names are exactly 0..n−1, one per face) and, for the first K parts, the Part faces are matched to
 * occt-import-js's faces (attachTessellation) to confirm occt's face order = the Part's.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import type { Part } from '../../src/model/index.js';
import { extractGaag } from '../../src/features/gaag/index.js';
import { AAGNET_CLASS_NAMES, AAGNET_MODEL_SHA256 } from '../../src/inference/index.js';
import { createOnnxNodeEngine } from '../../src/runtime/node/onnx-engine.js';
import { createAagnetRecognizer } from '../../src/stages/recognize/tier1-aagnet/index.js';
import type { RecognizeContext } from '../../src/stages/recognize/index.js';
import { attachTessellationDetailed } from '../../src/tessellation/index.js';
import { createOcctWorkerTessellator } from '../../src/runtime/node/occt-worker-tessellator.js';
import { parseFaceTruth } from './mfcad-face-truth.js';
import { FaceMetricsAccumulator, type FaceMetrics } from './face-metrics.js';
import { mulberry32, randomRotation, rotationAngleDeg } from './seeded-rotation.js';
import { evenSample, fnv1a } from './dataset-sampling.js';
import { rotateStepText } from './rotate-step.js';
import { AAGNET_TO_MFCAD, AAGNET_TO_MFCAD_FACE_TRUTH, MFCAD_CLASS_NAMES, MFCAD_FACE_TRUTH_CLASS_NAMES } from '../../src/inference/aagnet-classes.js';

/** 25-class id → `.face_truth` label (the measured order), and → the README's order (to show what scoring with it gives). */
const TO_LABEL = AAGNET_TO_MFCAD_FACE_TRUTH;
const TO_README = AAGNET_TO_MFCAD;

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const SHARED_MFCAD = join(REPO, '..', 'shared', 'datasets', 'mfcad');

const { values: args } = parseArgs({
  options: {
    sample: { type: 'string' },
    'rotated-sample': { type: 'string' },
    seed: { type: 'string', default: '20261128' },
    'verify-occt': { type: 'string', default: '10' },
    out: { type: 'string', default: join(REPO, 'tools', 'eval', 'results', 'mfcad-tier1.json') },
    dir: { type: 'string' },
    quiet: { type: 'boolean', default: false },
  },
});

/** The extracted MFCAD parts (extracts the shared tarballs into .cache/mfcad once). */
function mfcadDir(): string {
  if (args.dir) return args.dir;
  const target = join(REPO, '.cache', 'mfcad');
  if (existsSync(target)) return target;
  if (!existsSync(SHARED_MFCAD)) throw new Error(`MFCAD not found at ${SHARED_MFCAD}`);
  const tmp = `${target}.tmp-${process.pid}`;
  mkdirSync(tmp, { recursive: true });
  for (const chunk of readdirSync(SHARED_MFCAD).filter((f) => f.endsWith('.tar.xz')).sort())
    execFileSync('tar', ['-xJf', join(SHARED_MFCAD, chunk), '-C', tmp]);
  renameSync(tmp, target);
  return target;
}

const splitOf = (name: string): 'train' | 'validation' => (fnv1a(name) % 5 === 0 ? 'validation' : 'train');

/** Label per Part face from the face names; throws when the names are not exactly 0..n−1. */
function labelsByFace(part: Part, labels: readonly number[]): number[] {
  if (part.faces.length !== labels.length) throw new Error(`${part.faces.length} faces but ${labels.length} labels`);
  const seen = new Uint8Array(labels.length);
  return part.faces.map((f) => {
    if (!/^\d+$/.test(f.name)) throw new Error(`face #${f.stepId} has name '${f.name}'`);
    const k = Number(f.name);
    if (k >= labels.length || seen[k]) throw new Error(`face name ${k} out of range or repeated`);
    seen[k] = 1;
    const label = labels[k];
    if (label < 0 || label >= MFCAD_FACE_TRUTH_CLASS_NAMES.length) throw new Error(`label ${label} out of range`);
    return label;
  });
}

async function main(): Promise<void> {
  const dir = mfcadDir();
  const all = readdirSync(dir)
    .filter((f) => f.endsWith('.step'))
    .map((f) => f.slice(0, -5))
    .sort();
  const names = args.sample ? evenSample(all, Number(args.sample)) : all;
  const rotatedNames = new Set(args['rotated-sample'] ? evenSample(names, Number(args['rotated-sample'])) : names);
  const seed = Number(args.seed);
  const log = (s: string) => {
    if (!args.quiet) process.stderr.write(s);
  };

  const engine = await createOnnxNodeEngine();
  // Tier 1 as shipped (stock alignment on) and the bare network (alignment off), same engine.
  const tier1 = createAagnetRecognizer({ engine, extract: (p) => extractGaag(p as Part), measureParameters: false });
  const tier1Raw = createAagnetRecognizer({ engine, extract: (p) => extractGaag(p as Part), measureParameters: false, alignStock: false });
  const noop = () => undefined;
  const ctx: RecognizeContext = { signal: new AbortController().signal, now: () => Date.now(), log: { debug: noop, info: noop, warn: noop } };

  type Variant = 'original' | 'rotated' | 'rotated-unaligned';
  type Key = `${'train' | 'validation'}/${Variant}`;
  const acc = new Map<Key, FaceMetricsAccumulator>();
  const accFor = (k: Key) => {
    let a = acc.get(k);
    if (!a) acc.set(k, (a = new FaceMetricsAccumulator(MFCAD_FACE_TRUTH_CLASS_NAMES)));
    return a;
  };
  // The same predictions scored with the README's (wrong for these files) class order.
  const readmeAcc = new FaceMetricsAccumulator(MFCAD_CLASS_NAMES);
  const declined: Record<string, number> = {};
  const failures: { name: string; variant: string; error: string }[] = [];
  const rotationAngles: number[] = [];
  let extractMs = 0;
  let inferenceMs = 0;
  let buildMs = 0;
  let runs = 0;
  let alignedOriginals = 0;
  let unalignedRotations = 0;
  const t0 = performance.now();

  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    const split = splitOf(name);
    const labels = parseFaceTruth(new Uint8Array(readFileSync(join(dir, `${name}.face_truth`))));
    const text = readFileSync(join(dir, `${name}.step`), 'latin1');
    const variants: [Variant, string][] = [['original', text]];
    if (rotatedNames.has(name)) {
      const r = randomRotation(mulberry32((seed ^ fnv1a(name)) >>> 0));
      rotationAngles.push(rotationAngleDeg(r));
      const rotated = rotateStepText(text, r).text;
      variants.push(['rotated', rotated], ['rotated-unaligned', rotated]);
    }
    for (const [variant, stepText] of variants) {
      try {
        const tb = performance.now();
        const part = buildPartFromStep(readStep(stepText));
        buildMs += performance.now() - tb;
        const truth = labelsByFace(part, labels);
        const recognizer = variant === 'rotated-unaligned' ? tier1Raw : tier1;
        const can = await recognizer.canRecognize(part, ctx);
        if (!can.ok) {
          const key = `${variant}: ${can.reason}: ${(can.detail ?? '').replace(/\d+/g, '#')}`;
          declined[key] = (declined[key] ?? 0) + 1;
          continue;
        }
        const out = await recognizer.recognize(part, ctx);
        const d = out.details as { extractMs: number; inferenceMs: number; alignmentDeg: number };
        if (variant === 'original' && d.alignmentDeg !== 0) alignedOriginals++;
        if (variant === 'rotated' && d.alignmentDeg === 0) unalignedRotations++;
        extractMs += d.extractMs;
        inferenceMs += d.inferenceMs;
        runs++;
        const predicted = new Array<number>(part.faces.length).fill(-2);
        const predictedReadme = new Array<number>(part.faces.length).fill(-2);
        const source = new Array<string>(part.faces.length).fill('');
        for (const f of out.faces) {
          predicted[f.faceIndex] = TO_LABEL[f.classId];
          predictedReadme[f.faceIndex] = TO_README[f.classId];
          source[f.faceIndex] = AAGNET_CLASS_NAMES[f.classId];
        }
        if (predicted.includes(-2)) throw new Error('a face got no prediction');
        accFor(`${split}/${variant}`).addPart(truth, predicted, source);
        if (variant === 'original') readmeAcc.addPart(truth, predictedReadme, source);
      } catch (e) {
        failures.push({ name, variant, error: e instanceof Error ? e.message : String(e) });
      }
    }
    if ((i + 1) % 100 === 0 || i + 1 === names.length) {
      const el = (performance.now() - t0) / 1000;
      log(`\r${i + 1}/${names.length} parts, ${el.toFixed(0)} s, ETA ${((el / (i + 1)) * (names.length - i - 1)).toFixed(0)} s   `);
    }
  }
  log('\n');
  await engine.dispose();

  // occt-import-js face order vs the Part's faces on the first K parts.
  const verifyCount = Math.min(Number(args['verify-occt']), names.length);
  const occtCheck = { parts: verifyCount, faces: 0, byOrder: 0, geometric: 0, unmapped: 0, occtIndexEqualsPartIndex: 0 };
  if (verifyCount > 0) {
    const tess = createOcctWorkerTessellator();
    try {
      for (const name of names.slice(0, verifyCount)) {
        const bytes = new Uint8Array(readFileSync(join(dir, `${name}.step`)));
        const part = buildPartFromStep(readStep(bytes));
        const { part: meshed } = attachTessellationDetailed(part, await tess.tessellate(bytes, 'step'));
        for (const f of meshed.faces) {
          occtCheck.faces++;
          if (f.mapping.status === 'order') occtCheck.byOrder++;
          else if (f.mapping.status === 'geometric') occtCheck.geometric++;
          else occtCheck.unmapped++;
          if (f.mapping.occtFaceIndex === f.index) occtCheck.occtIndexEqualsPartIndex++;
        }
      }
    } finally {
      await tess.close();
    }
  }

  const results: Record<string, FaceMetrics> = {};
  for (const [k, a] of [...acc.entries()].sort()) results[k] = a.result();
  for (const variant of ['original', 'rotated', 'rotated-unaligned'] as const) {
    const merged = new FaceMetricsAccumulator(MFCAD_FACE_TRUTH_CLASS_NAMES);
    for (const split of ['train', 'validation'] as const) {
      const a = acc.get(`${split}/${variant}`);
      if (!a) continue;
      for (let t = 0; t < a.confusion.length; t++) for (let p = 0; p < a.confusion[t].length; p++) merged.confusion[t][p] += a.confusion[t][p];
      merged.faces += a.faces;
      merged.correct += a.correct;
      merged.parts += a.parts;
      merged.partAccuracySum += a.partAccuracySum;
      merged.perfectParts += a.perfectParts;
      for (const [n, c] of Object.entries(a.unmapped)) merged.unmapped[n] = (merged.unmapped[n] ?? 0) + c;
    }
    if (merged.parts > 0) results[`all/${variant}`] = merged.result();
  }

  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO }).toString().trim();
  } catch {
    // not a git checkout
  }
  const report = {
    what: 'Tier 1 (AAGNet MFInstSeg weights via onnxruntime-node) per-face accuracy on MFCAD train/validation, 25 → 16 classes',
    date: new Date().toISOString(),
    commit,
    node: process.version,
    modelSha256: AAGNET_MODEL_SHA256,
    provider: engine.provider,
    dataset: { dir, partsAvailable: all.length, partsEvaluated: names.length, sampled: names.length < all.length ? 'every k-th name of the sorted list' : 'all' },
    split: 'validation = FNV-1a-32(name) % 5 === 0, train = the rest; both held out for these weights (trained on MFInstSeg)',
    rotation: {
      parts: rotatedNames.size,
      rule: 'uniform random rotation about the origin (Shoemake quaternion), PRNG mulberry32(seed XOR FNV-1a(name)), applied to every 3-D CARTESIAN_POINT and DIRECTION of the STEP text',
      seed,
      meanAngleDeg: rotationAngles.length ? rotationAngles.reduce((s, a) => s + a, 0) / rotationAngles.length : null,
      variants: {
        rotated: 'Tier 1 as shipped: stock alignment (alignStock, default on) rotates the part back onto its planar directions before extraction',
        'rotated-unaligned': 'the same rotated parts with alignStock: false (the bare network)',
      },
      originalsRealigned: alignedOriginals,
      rotatedLeftUnaligned: unalignedRotations,
    },
    labelOrder: {
      used: MFCAD_FACE_TRUTH_CLASS_NAMES,
      why: 'verified on the data (src/inference/aagnet-classes.ts, test/recognize/tier1-mfcad-labels.test.ts): the .face_truth ids follow the generator order (AAGNet 25-class order minus its 9 non-planar classes), not the README / feat_names_planar order',
      readmeOrderAllOriginal: { accuracy: readmeAcc.result().accuracy, faces: readmeAcc.faces },
    },
    scoring: 'prediction = argmax AAGNet class, mapped by class name to the 16 MFCAD classes; classes without an MFCAD counterpart count as wrong (last confusion column)',
    occtFaceOrderCheck: occtCheck,
    timing: {
      wallS: (performance.now() - t0) / 1000,
      recognizedRuns: runs,
      meanBuildMs: buildMs / Math.max(1, runs),
      meanExtractMs: extractMs / Math.max(1, runs),
      meanInferenceMs: inferenceMs / Math.max(1, runs),
    },
    declined,
    failures: { count: failures.length, first: failures.slice(0, 20) },
    results,
  };
  mkdirSync(dirname(args.out!), { recursive: true });
  writeFileSync(args.out!, `${JSON.stringify(report, null, 1)}\n`);

  const pct = (v: number | null) => (v === null ? '—' : `${(100 * v).toFixed(1)}`);
  const lines: string[] = [];
  lines.push(`| subset | parts | faces | accuracy % | mean part acc % | perfect parts | macro P % | macro R % |`, `|---|---:|---:|---:|---:|---:|---:|---:|`);
  for (const [k, m] of Object.entries(results))
    lines.push(`| ${k} | ${m.parts} | ${m.faces} | ${pct(m.accuracy)} | ${pct(m.meanPartAccuracy)} | ${m.perfectParts} | ${pct(m.macroPrecision)} | ${pct(m.macroRecall)} |`);
  const allOrig = results['all/original'];
  const allRot = results['all/rotated-unaligned'];
  if (allOrig) {
    const allAligned = results['all/rotated'];
    lines.push('', `| MFCAD class | support | P % | R % | R % rotated, aligned | R % rotated, unaligned |`, `|---|---:|---:|---:|---:|---:|`);
    allOrig.perClass.forEach((c, i) =>
      lines.push(`| ${c.name} | ${c.support} | ${pct(c.precision)} | ${pct(c.recall)} | ${allAligned ? pct(allAligned.perClass[i].recall) : '—'} | ${allRot ? pct(allRot.perClass[i].recall) : '—'} |`),
    );
    lines.push('', 'Predictions without an MFCAD counterpart (original):', JSON.stringify(allOrig.unmappedPredictions));
  }
  lines.push('', `originals realigned: ${alignedOriginals}, rotated copies left unaligned: ${unalignedRotations}`, `declined: ${JSON.stringify(declined)}`, `failures: ${failures.length}`, `occt face order check: ${JSON.stringify(occtCheck)}`, `timing: ${JSON.stringify(report.timing)}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exitCode = 1;
});
