/**
 * The context model's fit as markdown lines (shared by `fit-face-context.ts` and `rechoose-combination.ts`),
 * writing the model constant when given a path.
 * @internal
 */
import { execSync } from 'node:child_process';
import type { TierCombinationRule } from '../../src/stages/recognize/combine-tiers.js';
import type { FaceRecord } from './face-records.js';
import type { Measured, Variant } from './combination-measure.js';
import { fitFaceContext, GENERATED_WEIGHT, writeModel } from './face-context-fit.js';

const num = (x: number | null, d = 3) => (x === null ? 'n/a' : x.toFixed(d));
const cell = (m: Measured) => `${(100 * m.accuracy).toFixed(1)} / ${num(m.eceFace)} / ${num(m.brierFace)} / ${num(m.ecePart)} / ${num(m.confAccCorrelation, 2)} / ${num(m.maxConfidenceHalfWrong)}`;

/** Fits, measures held out, writes the model to `modelPath` (null: not written); returns the report lines. */
export function contextFitReport(real: readonly FaceRecord[], gen: readonly FaceRecord[], base: Variant & { rule: TierCombinationRule }, modelPath: string | null): string[] {
  const fit = fitFaceContext(real, gen, base);
  let commit = 'unknown';
  try {
    commit = execSync('git rev-parse --short HEAD').toString().trim();
  } catch {
    /* not a checkout */
  }
  if (modelPath) writeModel(modelPath, fit.model, `Fitted on ${new Set(real.map((r) => r.part)).size} real tune files and ${new Set(gen.map((r) => r.part)).size} generated dev parts (generated weighing ${GENERATED_WEIGHT}× the real), commit ${commit}, ${new Date().toISOString().slice(0, 10)}.`);
  return [
    `## Context-aware face probabilities (${base.name})`,
    '',
    `Logistic model of "the face's class is right" on logit(the chosen tier's probability), both tiers agree on the face, logit(the other tier's probability) where they agree, the face carries the secondary tier's answer (5 weights). The generated set weighs ${GENERATED_WEIGHT}× the real one in the fit. Held out: real files leave-one-file-out; generated parts by halves (model fitted on the other half and the real files). Bodies Tier 1 declined keep Tier 2's probabilities.`,
    '',
    `| probabilities | real tune: acc % / ECE face / Brier / ECE part / r(conf, acc) / max conf ≤ 50 % right | generated dev: same |`,
    `|---|---|---|`,
    `| the rule's own (before) | ${cell(fit.before.real)} | ${cell(fit.before.gen)} |`,
    `| context model, held out | ${cell(fit.heldOut.real)} | ${cell(fit.heldOut.gen)} |`,
    '',
    `Model fitted on all dev faces${modelPath ? ' (written to `src/stages/recognize/face-context-model.ts`)' : ''}: \`${JSON.stringify(Object.fromEntries(Object.entries(fit.model).map(([k, v]) => [k, Number((v as number).toFixed(4))])))}\`.`,
  ];
}
