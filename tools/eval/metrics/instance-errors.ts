/**
 * Why a true feature instance is not matched at IoU = 1 although its faces carry the right class: the predicted
 * instances that hold its faces split it, merge it with another true instance of its class, add faces of something
 * else, leave faces out, or carry another class than their faces. The evaluator's own scored instances and
 * matching (`scoredInstances`, `matchInstances`); a development aid (`tools/eval/instance-errors.ts`).
 * @internal
 */
import { matchInstances, type MatchInstance } from './instance-match.js';

/**
 * One way a true instance's predicted instances differ from it; an unmatched instance may show several.
 * - `no-feature`: no predicted instance holds any of its faces (the faces are labelled, no feature holds them);
 * - `feature-class`: a predicted instance holding its faces has another class than the faces (a composite hole's class);
 * - `split`: its faces lie in two or more predicted instances;
 * - `merged`: a predicted instance holding its faces also holds faces of another true instance of its class;
 * - `extra-face`: a predicted instance holding its faces also holds faces of another class (or of no instance);
 * - `missing-face`: some of its faces lie in no predicted instance.
 */
export type InstanceFailure = 'no-feature' | 'feature-class' | 'split' | 'merged' | 'extra-face' | 'missing-face';

/** Report order of {@link InstanceFailure}. */
export const INSTANCE_FAILURES: readonly InstanceFailure[] = ['no-feature', 'feature-class', 'split', 'merged', 'extra-face', 'missing-face'];

/** An unmatched true instance and how it failed. */
export interface InstanceError {
  /** Index into the scored true instances. */
  truth: number;
  classId: number;
  /** False when one of its faces carries another predicted class (then `failures` is empty: a face error, not a grouping one). */
  facesRight: boolean;
  failures: InstanceFailure[];
  /** Indices into the scored predicted instances that hold any of its faces. */
  holders: number[];
  /** The holders' faces outside this instance, with their true instance (-1: none). */
  extra: { element: number; truth: number }[];
}

/**
 * How an unmatched predicted instance whose faces all carry its class in the truth differs from the truth:
 * - `piece`: its faces are part of one true instance (a piece of a split one);
 * - `spans`: its faces lie in two or more true instances.
 */
export type PredictedFailure = 'piece' | 'spans';

/** An unmatched predicted instance and how it differs from the truth. */
export interface PredictedError {
  /** Index into the scored predicted instances. */
  predicted: number;
  classId: number;
  /** False when one of its faces has another true class or none (a face error; then `failures` is empty). */
  facesRight: boolean;
  failures: PredictedFailure[];
}

/** The outcome of one part's instances: matches and every unmatched instance, true or predicted, explained. */
export interface PartInstanceErrors {
  matched: number;
  truth: number;
  predicted: number;
  errors: InstanceError[];
  predictedErrors: PredictedError[];
}

/**
 * Explains every true instance that no predicted instance matches at IoU = 1.
 * @param predictedClass - the predicted class per element (-1: none), to tell face errors from grouping errors
 */
export function explainInstanceErrors(
  truthList: readonly MatchInstance[],
  truthOf: Int32Array,
  predList: readonly MatchInstance[],
  predictedClass: Int32Array,
): PartInstanceErrors {
  const pairs = matchInstances(truthList, truthOf, predList, 1);
  const matchedTruth = new Set(pairs.map((p) => p.t));
  const holdersOf = new Map<number, number[]>();
  predList.forEach((pi, k) => {
    for (const e of new Set(pi.elements)) {
      const list = holdersOf.get(e);
      if (list) list.push(k);
      else holdersOf.set(e, [k]);
    }
  });
  const errors: InstanceError[] = [];
  truthList.forEach((ti, t) => {
    if (matchedTruth.has(t)) return;
    const facesRight = ti.elements.every((e) => predictedClass[e] === ti.classId);
    const holders = [...new Set(ti.elements.flatMap((e) => holdersOf.get(e) ?? []))].sort((a, b) => a - b);
    const own = new Set(ti.elements);
    const extra = [...new Set(holders.flatMap((k) => predList[k].elements))].filter((e) => !own.has(e)).map((e) => ({ element: e, truth: truthOf[e] }));
    const failures: InstanceFailure[] = [];
    if (facesRight) {
      if (holders.length === 0) failures.push('no-feature');
      else {
        if (holders.some((k) => predList[k].classId !== ti.classId)) failures.push('feature-class');
        if (holders.length > 1) failures.push('split');
        if (extra.some((x) => x.truth >= 0 && truthList[x.truth].classId === ti.classId)) failures.push('merged');
        if (extra.some((x) => x.truth < 0 || truthList[x.truth].classId !== ti.classId)) failures.push('extra-face');
        if (ti.elements.some((e) => !holdersOf.has(e))) failures.push('missing-face');
      }
    }
    errors.push({ truth: t, classId: ti.classId, facesRight, failures, holders, extra });
  });
  const matchedPredicted = new Set(pairs.map((p) => p.p));
  const predictedErrors: PredictedError[] = [];
  predList.forEach((pi, k) => {
    if (matchedPredicted.has(k)) return;
    const facesRight = pi.elements.every((e) => truthOf[e] >= 0 && truthList[truthOf[e]].classId === pi.classId);
    const failures: PredictedFailure[] = [];
    if (facesRight) {
      const truths = new Set(pi.elements.map((e) => truthOf[e]));
      failures.push(truths.size > 1 ? 'spans' : 'piece');
    }
    predictedErrors.push({ predicted: k, classId: pi.classId, facesRight, failures });
  });
  return { matched: pairs.length, truth: truthList.length, predicted: predList.length, errors, predictedErrors };
}
