/**
 * How far two label files of one part agree (two labellers, or a label file and its rewrite): per-face
 * class agreement, stock-vs-feature agreement, Cohen's kappa, bottom agreement, instance agreement (an
 * instance matches when the other file has an instance with exactly the same faces, IoU = 1) and a
 * confusion list of the disagreements.
 *
 *   npx tsx tools/labelling/compare-labels.ts A.json B.json
 *   npx tsx tools/labelling/compare-labels.ts --first labels/realworld --second labels/realworld/second-labeller D13 D23 D29 [--json out.json]
 *
 * Pooled numbers add the parts' face and instance counts (kappa from the pooled class table), so a
 * large part weighs more than a small one, as in the evaluator's per-face accuracy.
 * @internal
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RealWorldLabelFile } from './label-file.js';

/** Counts from which every agreement figure is derived; they add up over parts. */
export interface AgreementCounts {
  /** Faces labelled in both files. */
  faces: number;
  /** Faces with the same class. */
  sameClass: number;
  /** Faces both call stock or both call a feature. */
  sameStockOrFeature: number;
  /** Faces with the same bottom flag. */
  sameBottom: number;
  /** Faces per class in file A and in file B (for kappa's chance agreement). */
  classCountsA: Record<string, number>;
  classCountsB: Record<string, number>;
  /** Faces both call stock, A only, B only (for the stock-vs-feature kappa). */
  stockBoth: number;
  stockAOnly: number;
  stockBOnly: number;
  /** Feature instances in A and in B (instances with at least one face in the compared set). */
  instancesA: number;
  instancesB: number;
  /** Instance pairs with exactly the same faces (IoU = 1), and of those, with the same class. */
  instancesSameFaces: number;
  instancesSameFacesAndClass: number;
  /** Face ids in one file only (not compared). */
  onlyInA: number[];
  onlyInB: number[];
}

/** One group of faces on which the files disagree: A's class and instance against B's. */
export interface Disagreement {
  classA: string;
  instanceA: string | null;
  classB: string;
  instanceB: string | null;
  faces: number[];
}

/** Agreement figures (fractions 0..1) derived from counts. */
export interface AgreementRates {
  classAgreement: number;
  stockAgreement: number;
  bottomAgreement: number;
  /** Cohen's kappa over the classes (stock included as a class). */
  kappa: number;
  /** Cohen's kappa of stock vs feature. */
  stockKappa: number;
  /** Matched instances (same faces and class) over A's, over B's, and 2·matched / (A + B). */
  instanceMatchA: number;
  instanceMatchB: number;
  instanceF1: number;
}

/** The comparison of two label files of one part. */
export interface LabelComparison {
  counts: AgreementCounts;
  rates: AgreementRates;
  /** Class disagreements, grouped by (A instance, B instance), largest first. */
  classDisagreements: Disagreement[];
  /** Same class on every face but a different grouping: A's instances without an IoU = 1 partner, and B's. */
  unmatchedInstancesA: { instance: string; class: string; faces: number[] }[];
  unmatchedInstancesB: { instance: string; class: string; faces: number[] }[];
}

const ratio = (n: number, d: number): number => (d === 0 ? 1 : n / d);

/** Cohen's kappa from observed agreement and the two raters' marginal counts over n items. */
function cohenKappa(observed: number, n: number, countsA: Record<string, number>, countsB: Record<string, number>): number {
  if (n === 0) return 1;
  let chance = 0;
  for (const k of Object.keys(countsA)) chance += (countsA[k] / n) * ((countsB[k] ?? 0) / n);
  const po = observed / n;
  // Both raters put everything in one class: agreement is total and chance is 1; call it perfect.
  return chance >= 1 ? 1 : (po - chance) / (1 - chance);
}

/** Agreement rates from (possibly pooled) counts. */
export function agreementRates(c: AgreementCounts): AgreementRates {
  const stockA = c.stockBoth + c.stockAOnly;
  const stockB = c.stockBoth + c.stockBOnly;
  const matched = c.instancesSameFacesAndClass;
  return {
    classAgreement: ratio(c.sameClass, c.faces),
    stockAgreement: ratio(c.sameStockOrFeature, c.faces),
    bottomAgreement: ratio(c.sameBottom, c.faces),
    kappa: cohenKappa(c.sameClass, c.faces, c.classCountsA, c.classCountsB),
    stockKappa: cohenKappa(c.sameStockOrFeature, c.faces, { stock: stockA, feature: c.faces - stockA }, { stock: stockB, feature: c.faces - stockB }),
    instanceMatchA: ratio(matched, c.instancesA),
    instanceMatchB: ratio(matched, c.instancesB),
    instanceF1: c.instancesA + c.instancesB === 0 ? 1 : (2 * matched) / (c.instancesA + c.instancesB),
  };
}

/** Instance id → its faces (sorted), over the compared faces only. */
function instanceFaces(file: RealWorldLabelFile, ids: number[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const id of ids) {
    const inst = file.faces[id].instance;
    if (inst === null) continue;
    const list = out.get(inst) ?? [];
    list.push(id);
    out.set(inst, list);
  }
  return out;
}

/** Counts of no faces: the start of one part's comparison and of a pooled total. */
function emptyCounts(): AgreementCounts {
  return {
    faces: 0,
    sameClass: 0,
    sameStockOrFeature: 0,
    sameBottom: 0,
    classCountsA: {},
    classCountsB: {},
    stockBoth: 0,
    stockAOnly: 0,
    stockBOnly: 0,
    instancesA: 0,
    instancesB: 0,
    instancesSameFaces: 0,
    instancesSameFacesAndClass: 0,
    onlyInA: [],
    onlyInB: [],
  };
}

/** Compares two label files of the same part (A is taken as the reference only for naming). */
export function compareLabels(a: RealWorldLabelFile, b: RealWorldLabelFile): LabelComparison {
  const idsA = Object.keys(a.faces).map(Number);
  const idsB = new Set(Object.keys(b.faces).map(Number));
  const ids = idsA.filter((id) => idsB.has(id)).sort((x, y) => x - y);
  const inA = new Set(idsA);
  const c: AgreementCounts = {
    ...emptyCounts(),
    faces: ids.length,
    onlyInA: idsA.filter((id) => !idsB.has(id)).sort((x, y) => x - y),
    onlyInB: [...idsB].filter((id) => !inA.has(id)).sort((x, y) => x - y),
  };

  const groups = new Map<string, Disagreement>();
  for (const id of ids) {
    const fa = a.faces[id];
    const fb = b.faces[id];
    c.classCountsA[fa.class] = (c.classCountsA[fa.class] ?? 0) + 1;
    c.classCountsB[fb.class] = (c.classCountsB[fb.class] ?? 0) + 1;
    const sa = fa.class === 'stock';
    const sb = fb.class === 'stock';
    if (sa === sb) c.sameStockOrFeature++;
    if (sa && sb) c.stockBoth++;
    else if (sa) c.stockAOnly++;
    else if (sb) c.stockBOnly++;
    if (fa.bottom === fb.bottom) c.sameBottom++;
    if (fa.class === fb.class) {
      c.sameClass++;
      continue;
    }
    const key = `${fa.instance ?? '-'}|${fb.instance ?? '-'}|${fa.class}|${fb.class}`;
    const g = groups.get(key) ?? { classA: fa.class, instanceA: fa.instance, classB: fb.class, instanceB: fb.instance, faces: [] };
    g.faces.push(id);
    groups.set(key, g);
  }

  const instA = instanceFaces(a, ids);
  const instB = instanceFaces(b, ids);
  c.instancesA = instA.size;
  c.instancesB = instB.size;
  const byFacesB = new Map<string, string>();
  for (const [inst, faces] of instB) byFacesB.set(faces.join(' '), inst);
  const matchedB = new Set<string>(); // B instances with an A partner of the same faces and class
  const unmatchedA: LabelComparison['unmatchedInstancesA'] = [];
  for (const [inst, faces] of instA) {
    const partner = byFacesB.get(faces.join(' '));
    const cls = a.instances[inst]?.class ?? a.faces[faces[0]].class;
    if (partner !== undefined) {
      c.instancesSameFaces++;
      if ((b.instances[partner]?.class ?? b.faces[faces[0]].class) === cls) {
        c.instancesSameFacesAndClass++;
        matchedB.add(partner);
        continue;
      }
    }
    unmatchedA.push({ instance: inst, class: cls, faces });
  }
  const unmatchedB: LabelComparison['unmatchedInstancesB'] = [];
  for (const [inst, faces] of instB) {
    if (!matchedB.has(inst)) unmatchedB.push({ instance: inst, class: b.instances[inst]?.class ?? b.faces[faces[0]].class, faces });
  }
  return {
    counts: c,
    rates: agreementRates(c),
    classDisagreements: [...groups.values()].sort((x, y) => y.faces.length - x.faces.length),
    unmatchedInstancesA: unmatchedA,
    unmatchedInstancesB: unmatchedB,
  };
}

/** Adds per-part counts into pooled counts (face-id lists are not pooled). */
export function poolCounts(parts: AgreementCounts[]): AgreementCounts {
  const out = emptyCounts();

  for (const p of parts) {
    for (const k of ['faces', 'sameClass', 'sameStockOrFeature', 'sameBottom', 'stockBoth', 'stockAOnly', 'stockBOnly', 'instancesA', 'instancesB', 'instancesSameFaces', 'instancesSameFacesAndClass'] as const) out[k] += p[k];
    for (const [k, v] of Object.entries(p.classCountsA)) out.classCountsA[k] = (out.classCountsA[k] ?? 0) + v;
    for (const [k, v] of Object.entries(p.classCountsB)) out.classCountsB[k] = (out.classCountsB[k] ?? 0) + v;
  }
  return out;
}

const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;

/** A Markdown report of one or more part comparisons and their pooled figures. */
export function formatComparison(parts: { name: string; cmp: LabelComparison }[]): string {
  const rows = [...parts.map((p) => ({ name: p.name, c: p.cmp.counts, r: p.cmp.rates }))];
  if (parts.length > 1) {
    const c = poolCounts(parts.map((p) => p.cmp.counts));
    rows.push({ name: 'pooled', c, r: agreementRates(c) });
  }
  const lines = [
    '| part | faces | class agree | kappa | stock/feature agree | stock kappa | bottom agree | instances A / B | same faces | same faces + class (of A / of B) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      ({ name, c, r }) =>
        `| ${name} | ${c.faces} | ${pct(r.classAgreement)} | ${r.kappa.toFixed(3)} | ${pct(r.stockAgreement)} | ${r.stockKappa.toFixed(3)} | ${pct(r.bottomAgreement)} | ${c.instancesA} / ${c.instancesB} | ${c.instancesSameFaces} | ${c.instancesSameFacesAndClass} (${pct(r.instanceMatchA)} / ${pct(r.instanceMatchB)}) |`,
    ),
  ];
  for (const { name, cmp } of parts) {
    lines.push('', `### ${name}`);
    if (cmp.counts.onlyInA.length || cmp.counts.onlyInB.length) lines.push(`faces only in A: ${cmp.counts.onlyInA.join(' ') || '-'}; only in B: ${cmp.counts.onlyInB.join(' ') || '-'}`);
    lines.push('class disagreements (A class [instance] → B class [instance]: faces):');
    for (const d of cmp.classDisagreements) lines.push(`- ${d.classA} [${d.instanceA ?? '-'}] → ${d.classB} [${d.instanceB ?? '-'}]: ${d.faces.join(' ')}`);
    if (!cmp.classDisagreements.length) lines.push('- none');
    lines.push('instances without an identical partner (A):');
    for (const u of cmp.unmatchedInstancesA) lines.push(`- ${u.class} ${u.instance}: ${u.faces.join(' ')}`);
    lines.push('instances without an identical partner (B):');
    for (const u of cmp.unmatchedInstancesB) lines.push(`- ${u.class} ${u.instance}: ${u.faces.join(' ')}`);
  }
  return lines.join('\n') + '\n';
}

function main(argv: string[]): void {
  const flag = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const json = flag('--json');
  const first = flag('--first');
  const second = flag('--second');
  const positional = argv.filter((x, i) => !x.startsWith('--') && !['--json', '--first', '--second'].includes(argv[i - 1]));
  const read = (path: string): RealWorldLabelFile => JSON.parse(readFileSync(path, 'utf8')) as RealWorldLabelFile;
  let parts: { name: string; cmp: LabelComparison }[];
  if (first && second) parts = positional.map((name) => ({ name, cmp: compareLabels(read(join(first, `${name}.json`)), read(join(second, `${name}.json`))) }));
  else if (positional.length === 2) parts = [{ name: positional[0], cmp: compareLabels(read(positional[0]), read(positional[1])) }];
  else throw new Error('usage: compare-labels.ts A.json B.json | --first DIR --second DIR D13 D23 … [--json out.json]');
  process.stdout.write(formatComparison(parts));
  if (json) writeFileSync(json, JSON.stringify(parts, null, 1) + '\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    main(process.argv.slice(2));
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  }
}
