/**
 * Collects one record per labelled face, body by body as the pipeline recognizes them: the truth, Tier 1's
 * raw class logits (AAGNet through onnxruntime-node, the shipped model, the recognizer exactly as shipped
 * but with its calibration and stock-envelope arbitration off), Tier 2's class and probability, and the
 * face geometry the stock analysis and the tier combination look at (surface type, area share, envelope
 * flag in the aligned frame). The records are the measuring data of the temperature fit
 * (`fit-temperature.ts`) and of the combination rule (`choose-combination.ts`).
 *
 * ```sh
 * npx tsx tools/calibration/collect-face-records.ts --set synthetic --dir /work/gen/dev --limit 200 --out faces-gen.jsonl
 * npx tsx tools/calibration/collect-face-records.ts --set realworld --out faces-real.jsonl [--model cadlens-ft]
 * ```
 * Only dev data: never point it at a validation set (real parts: the `tune` portion of
 * `labels/realworld/split.json` where there is one).
 * @internal
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createOnnxNodeEngine } from '../../src/runtime/node/onnx-engine.js';
import { createAagnetRecognizer } from '../../src/stages/recognize/tier1-aagnet/index.js';
import { recognizeFeatures, type HeuristicDetails } from '../../src/stages/recognize/tier2-heuristics/index.js';
import type { RecognitionOutput } from '../../src/stages/recognize/recognizer.js';
import { envelopeFaces } from '../../src/stages/recognize/tier1-aagnet/stock-envelope.js';
import type { AagnetOutputs, InferenceEngine } from '../../src/inference/index.js';
import { listSet } from '../eval/eval-sets.js';
import { evenSample } from '../eval/dataset-sampling.js';
import { createEvalTessellator } from '../eval/tier2-data.js';
import { NOT_COUNTED } from '../eval/part-truth.js';
import { loadLabelledPart } from '../eval/labelled-part.js';
import { pipelineClasses, type FinalSource } from './pipeline-classes.js';

/** One labelled face. */
export interface FaceRecord {
  part: string;
  body: number;
  face: number;
  /** Truth class id (0..24, 25 = other_feature). */
  truth: number;
  surface: string;
  /** Face area / the body's total face area. */
  areaShare: number;
  areaMm2: number;
  /** Planar face on the body's axis-aligned envelope (aligned frame), facing out. */
  envelope: boolean;
  /** A cylinder or cone whose outward normal points away from its axis (a shaft, a boss, a convex round). */
  convex: boolean;
  /** Tier 1: null when it declined or failed (reason in t1Reason). */
  t1Logits: number[] | null;
  t1Reason?: string;
  t2Class: number;
  t2Probability: number;
  /** The Tier 2 rule behind the face's class (`stock`, `fallback` or the feature's rule; absent in older records). */
  t2Rule?: string;
  /**
   * The class of the shipped combination (`DEFAULT_TIER_COMBINATION`; Tier 2 alone where Tier 1 declined) before
   * the orchestrator's passes (absent in older records). The shipped rule reads no probability, so it is fixed.
   */
  combinedClass?: number;
  /** The class after the base-body pass and the hole pass, as `runRecognizers` answers (absent in older records). */
  finalClass?: number;
  /** What set the final class: the combination (`tier`), the base-body pass (`base`, `outline`) or the hole pass (`hole`: the class changed). */
  finalSource?: FinalSource;
}


/** The rule behind each face of a Tier 2 answer: the feature's rule, else `stock` or `fallback`. */
function tier2FaceRules(out: RecognitionOutput): Map<number, string> {
  const rules = (out.details as unknown as HeuristicDetails).rules;
  const byFace = new Map<number, string>();
  out.features.forEach((f, i) => f.faces.forEach((x) => byFace.set(x, rules[i])));
  for (const f of out.faces) if (!byFace.has(f.faceIndex)) byFace.set(f.faceIndex, f.classId === 24 ? 'stock' : 'fallback');
  return byFace;
}

const noop = () => undefined;
const CTX = { signal: new AbortController().signal, now: () => Date.now(), log: { debug: noop, info: noop, warn: noop } };

/** Wraps an engine so the last raw outputs can be read back. */
function capturing(engine: InferenceEngine): { engine: InferenceEngine; last: () => AagnetOutputs | null } {
  let last: AagnetOutputs | null = null;
  return {
    engine: { ...engine, run: async (inputs, o) => (last = await engine.run(inputs, o)), dispose: () => Promise.resolve() },
    last: () => last,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { set: { type: 'string' }, dir: { type: 'string' }, labels: { type: 'string' }, limit: { type: 'string' }, out: { type: 'string' }, model: { type: 'string' } },
  });
  const repo = resolve(import.meta.dirname, '..', '..');
  const set = values.set as 'synthetic' | 'realworld';
  if (set !== 'synthetic' && set !== 'realworld') throw new Error('--set synthetic|realworld');
  if (values.dir && /\/gen\/val\b/.test(values.dir)) throw new Error('the validation set is not for fitting');
  // Real parts: the dev (tune) portion only, where the labels say which portion a file is in.
  const { items: all } = listSet(
    { set, split: 'tune', ...(values.dir ? { dir: values.dir } : {}), ...(values.labels ? { labelsDir: values.labels } : {}) },
    repo,
  );
  const items = values.limit ? evenSample(all, Number(values.limit)) : all;
  // `--model cadlens-ft`: Tier 1's logits from the fine-tuned network instead of the published one.
  if (values.model !== undefined && values.model !== 'mfinstseg' && values.model !== 'cadlens-ft') throw new Error('--model mfinstseg|cadlens-ft');
  const base = await createOnnxNodeEngine(values.model ? { model: values.model as 'mfinstseg' | 'cadlens-ft' } : {});
  const cap = capturing(base);
  const tier1 = createAagnetRecognizer({ engine: cap.engine, measureParameters: false, calibration: null, stockEnvelope: false });
  const tess = createEvalTessellator();
  const lines: string[] = [];
  let done = 0;
  for (const item of items) {
    if (item.kind !== 'synthetic' && item.kind !== 'realworld') continue;
    const loaded = await loadLabelledPart(item, tess);
    if (!loaded) continue;
    const { truth, bodies } = loaded;
    for (let k = 0; k < bodies.length; k++) {
      const { part: body, faceMap } = bodies[k];
      if (!faceMap.some((fi) => truth.faceClass[fi] !== NOT_COUNTED)) continue;
      let logits: (number[] | null)[] = body.faces.map(() => null);
      let reason: string | undefined;
      try {
        const can = await tier1.canRecognize(body, CTX);
        if (!can.ok) reason = `${can.reason}: ${can.detail ?? ''}`;
        else {
          const out = await tier1.recognize(body, CTX);
          const raw = cap.last()!;
          logits = body.faces.map(() => null);
          out.faces.forEach((f, node) => (logits[f.faceIndex] = Array.from(raw.segLogits.subarray(node * 25, node * 25 + 25), (x) => Math.round(x * 1e4) / 1e4)));
        }
      } catch (e) {
        reason = `error: ${e instanceof Error ? e.message : String(e)}`;
      }
      const t2 = recognizeFeatures(body);
      const t2ByFace = new Map(t2.faces.map((f) => [f.faceIndex, f]));
      const t2Rules = tier2FaceRules(t2);
      const envelope = envelopeFaces(body);
      const classes = pipelineClasses(body, t2, reason ? null : logits, envelope);

      const totalArea = body.faces.reduce((s, f) => s + f.area, 0) || 1;
      body.faces.forEach((f, i) => {
        const whole = faceMap[i];
        const t = truth.faceClass[whole];
        if (t === NOT_COUNTED) return;
        const t2f = t2ByFace.get(i);
        const rec: FaceRecord = {
          part: item.name,
          body: k,
          face: whole,
          truth: t,
          surface: f.surfaceType,
          areaShare: f.area / totalArea,
          areaMm2: f.area,
          envelope: envelope[i] === 1,
          convex: (f.surfaceType === 'cylinder' || f.surfaceType === 'cone') && !f.reversed,
          t1Logits: logits[i],
          ...(reason ? { t1Reason: reason } : {}),
          t2Class: t2f?.classId ?? -1,
          t2Probability: t2f?.probability ?? 0,
          t2Rule: t2Rules.get(i) ?? 'none',
          ...(classes.get(i) ?? {}),
        };
        lines.push(JSON.stringify(rec));
      });
    }
    done++;
    if (done % 20 === 0) process.stderr.write(`${done}/${items.length}\n`);
  }
  await tess.close();
  await tier1.dispose?.();
  await base.dispose();
  writeFileSync(values.out ?? 'face-records.jsonl', lines.join('\n') + '\n');
  process.stderr.write(`${lines.length} face records from ${done} parts\n`);
}

await main();
