/**
 * How feature instances fail on a set when their faces are right: every true instance the evaluator does not match
 * at IoU = 1, grouped per instance kind (its true class) and per failure — `split` over several predicted instances,
 * `merged` with another true instance of its class, `extra-face` (a predicted instance holding it also holds faces
 * of another class or of no instance), `missing-face` (faces in no predicted instance), `feature-class` (a feature
 * of another class than its faces), `no-feature` — with part names, so the largest groups are visible. Instances
 * with a face of the wrong class are counted apart (`face class wrong`): those are face errors, not grouping ones.
 * The predicted side too: every unmatched predicted instance is a `piece` of one true instance, `spans` several, or
 * has a face of another true class. The same truth, paths and matching as `npm run eval` (its instance line, IoU = 1).
 *
 *   npx tsx tools/eval/instance-errors.ts --set synthetic --dir /work/gen/dev4 --tiers default [--limit N] [--part A,B]
 *       [--show 6] [--face-errors] [--json out.json]
 *   npx tsx tools/eval/instance-errors.ts --set realworld --split tune --tiers 2,default
 *
 * `--show N` lists up to N examples per group (default 6; each: part, the true instance's faces, the holders with
 * their class and faces, and the true class of every extra face); `--face-errors` also lists the predicted instances
 * with a face of another true class. Use it on development data only.
 * @internal
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AAGNET_CLASS_NAMES } from '../../src/inference/aagnet-classes.js';
import { listSet } from './eval-sets.js';
import { diagnosticArgs } from './diagnostic-args.js';
import { evenSample } from './dataset-sampling.js';
import { evaluateItem } from './evaluate-item.js';
import { createEvalTessellator } from './tier2-data.js';
import { createTierRunners, type TierId } from './run-tiers.js';
import { scoredInstances } from './metrics/evaluation-accumulator.js';
import { explainInstanceErrors, INSTANCE_FAILURES } from './metrics/instance-errors.js';
import { TRUTH_CLASS_NAMES } from './part-truth.js';

const { set, tiers, limit, only, opt, flag } = diagnosticArgs(process.argv.slice(2), { set: 'synthetic', tiers: 'default' });
const show = Number(opt('show') ?? 6);
/** Also list the predicted instances with a face of another class (`--face-errors`). */
const withFaceErrors = flag('face-errors');
const repo = join(import.meta.dirname, '../..');

const cls = (c: number) => (c < 0 ? 'none' : (TRUTH_CLASS_NAMES[c] ?? AAGNET_CLASS_NAMES[c] ?? `class ${c}`));

/** One unmatched true instance, as listed and written to JSON. */
interface ListedError {
  part: string;
  tier: TierId;
  kind: string;
  /** The failures joined with '+', or `face class wrong`. */
  group: string;
  /** A true instance's faces, or (kind `predicted …`) an unmatched predicted instance's. */
  truth: number[];
  /** The predicted instances holding the true one's faces, or the true instances holding the predicted one's. */
  holders: string[];
  /** The holders' faces outside the true instance, or the predicted instance's faces in no true instance. */
  extra: string[];
}

/** Counts per tier and kind. */
interface KindCounts {
  truth: number;
  predicted: number;
  matched: number;
  groups: Map<string, number>;
  /** Unmatched predicted instances of this kind: `piece`, `spans`, `face class wrong`. */
  predictedGroups: Map<string, number>;
}

const { items: all } = listSet({ set, dir: opt('dir'), labelsDir: opt('labels'), split: opt('split') as 'tune' | undefined }, repo);
let items = limit !== undefined ? evenSample(all, limit) : all;
if (only) items = items.filter((i) => only.split(',').includes(i.name));
const runners = await createTierRunners(tiers);
const tessellator = createEvalTessellator();
const listed: ListedError[] = [];
const counts = new Map<TierId, Map<string, KindCounts>>();
const kindCounts = (tier: TierId, kind: string) => {
  const perTier = counts.get(tier) ?? new Map<string, KindCounts>();
  counts.set(tier, perTier);
  const c = perTier.get(kind) ?? { truth: 0, predicted: 0, matched: 0, groups: new Map<string, number>(), predictedGroups: new Map<string, number>() };
  perTier.set(kind, c);
  return c;
};
try {
  for (const item of items) {
    const outcomes = await evaluateItem(item, { tiers, runners, tessellator, transformStep: null });
    for (const o of outcomes) {
      if (o.prediction.status !== 'ok' || !o.truth.instances) continue;
      const { truthList, truthOf, predList } = scoredInstances(o.truth, o.prediction);
      const explained = explainInstanceErrors(truthList, truthOf, predList, o.prediction.classId);
      for (const ti of truthList) kindCounts(o.tier, cls(ti.classId)).truth++;
      for (const pi of predList) kindCounts(o.tier, cls(pi.classId)).predicted++;
      const unmatched = new Set(explained.errors.map((e) => e.truth));
      truthList.forEach((ti, t) => {
        if (!unmatched.has(t)) kindCounts(o.tier, cls(ti.classId)).matched++;
      });
      for (const e of explained.predictedErrors) {
        const g = e.facesRight ? e.failures.join('+') : 'face class wrong';
        const c = kindCounts(o.tier, cls(e.classId));
        c.predictedGroups.set(g, (c.predictedGroups.get(g) ?? 0) + 1);
        const pi = predList[e.predicted];
        const truths = [...new Set(pi.elements.map((x) => truthOf[x]))];
        listed.push({
          part: item.name,
          tier: o.tier,
          kind: `predicted ${cls(e.classId)}`,
          group: g,
          truth: pi.elements as number[],
          holders: truths.map((t) => (t >= 0 ? `${cls(truthList[t].classId)}[${truthList[t].elements.join(',')}]` : 'no instance')),
          extra: pi.elements.filter((x) => truthOf[x] < 0).map((x) => `f${x}:${cls(o.truth.classId[x])}`),
        });
      }
      for (const e of explained.errors) {
        const kind = cls(e.classId);
        const group = e.facesRight ? e.failures.join('+') : 'face class wrong';
        const c = kindCounts(o.tier, kind);
        c.groups.set(group, (c.groups.get(group) ?? 0) + 1);
        listed.push({
          part: item.name,
          tier: o.tier,
          kind,
          group,
          truth: truthList[e.truth].elements as number[],
          holders: e.holders.map((k) => `${cls(predList[k].classId)}[${predList[k].elements.join(',')}]`),
          extra: e.extra.map((x) => `f${x.element}:${x.truth >= 0 ? cls(truthList[x.truth].classId) : cls(o.truth.classId[x.element])}`),
        });
      }
    }
  }
} finally {
  await runners.dispose();
  await tessellator.close();
}

const pct = (a: number, b: number) => (b > 0 ? `${((100 * a) / b).toFixed(1)} %` : '–');
for (const [tier, perKind] of counts) {
  let truth = 0, predicted = 0, matched = 0;
  for (const c of perKind.values()) (truth += c.truth), (predicted += c.predicted), (matched += c.matched);
  const p = predicted > 0 ? matched / predicted : 0, r = truth > 0 ? matched / truth : 0;
  console.log(`\n## tier ${tier}: instances truth ${truth}, predicted ${predicted}, matched ${matched} — P ${pct(matched, predicted)} R ${pct(matched, truth)} F1 ${p + r > 0 ? ((200 * p * r) / (p + r)).toFixed(1) : '0.0'} %`);
  const kinds = [...perKind].sort((a, b) => b[1].truth - b[1].matched - (a[1].truth - a[1].matched));
  console.log('true instances not matched, by failure; predicted instances not matched: pieces of one true instance, spanning several, a face of another class');
  console.log(`| kind | truth | predicted | matched | ${INSTANCE_FAILURES.join(' | ')} | several | face class wrong | pred: piece | spans | face class wrong |`);
  console.log(`|---|---:|---:|---:|${INSTANCE_FAILURES.map(() => '---:').join('|')}|---:|---:|---:|---:|---:|`);
  for (const [kind, c] of kinds) {
    if (c.truth === c.matched && c.predicted === c.matched) continue;
    const single = INSTANCE_FAILURES.map((f) => c.groups.get(f) ?? 0);
    const several = [...c.groups].filter(([g]) => g.includes('+')).reduce((s, [, n]) => s + n, 0);
    const pg = (g: string) => c.predictedGroups.get(g) ?? 0;
    console.log(`| ${kind} | ${c.truth} | ${c.predicted} | ${c.matched} | ${single.join(' | ')} | ${several} | ${c.groups.get('face class wrong') ?? 0} | ${pg('piece')} | ${pg('spans')} | ${pg('face class wrong')} |`);
  }
  // the groups, largest first, with examples (grouping errors only: face errors are another tool's)
  const byGroup = new Map<string, ListedError[]>();
  for (const l of listed) if (l.tier === tier && (l.group !== 'face class wrong' || (l.kind.startsWith('predicted') && withFaceErrors))) byGroup.set(`${l.kind} ${l.group}`, [...(byGroup.get(`${l.kind} ${l.group}`) ?? []), l]);
  for (const [key, list] of [...byGroup].sort((a, b) => b[1].length - a[1].length)) {
    console.log(`\n### ${key}: ${list.length} (${[...new Set(list.map((l) => l.part))].length} parts)`);
    for (const l of list.slice(0, show)) {
      const [mine, theirs] = l.kind.startsWith('predicted') ? ['predicted', 'true'] : ['true', 'predicted'];
      console.log(`  ${l.part} ${mine}[${l.truth.join(',')}] ← ${theirs} ${l.holders.join(' ') || 'nothing'}${l.extra.length ? ` extra ${l.extra.join(' ')}` : ''}`);
    }
    if (list.length > show) console.log(`  … and ${list.length - show} more: ${[...new Set(list.slice(show).map((l) => l.part))].join(' ')}`);
  }
}
const out = opt('json');
if (out)
  writeFileSync(
    out,
    JSON.stringify(
      {
        counts: Object.fromEntries([...counts].map(([t, m]) => [t, Object.fromEntries([...m].map(([k, c]) => [k, { ...c, groups: Object.fromEntries(c.groups), predictedGroups: Object.fromEntries(c.predictedGroups) }]))])),
        errors: listed,
      },
      null,
      1,
    ),
  );
