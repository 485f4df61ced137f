/**
 * `--set realworld --unlabelled-patterns`: counts, on the real-world STEP parts and without any
 * labels, the failure patterns issue 8 describes — so a later change can show them shrinking:
 * - Tier 1 calling stock-sized planar faces `through_hole` (stock-sized = planar faces with at least
 *   half the area of the part's largest planar face: the top and bottom of a plate), with their area
 *   share and mean probability, next to the part-level confidence;
 * - Tier 1 calling convex cylinders (outward normal away from the axis: rounds, bosses) `through_hole`;
 * - Tier 2 faces left to the local fallback (`rectangular_pocket` at 0.3, no feature rule explained them);
 * - Tier 2 `triangular_passage` faces;
 * - Tier 1 / Tier 2 agreement per face.
 * @internal
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Part } from '../../src/model/index.js';
import { EvalError } from './eval-error.js';
import { createTierRunners, type Prediction } from './run-tiers.js';
import { createEvalTessellator, loadStepPart } from './tier2-data.js';
import { existsSync } from 'node:fs';

const THROUGH_HOLE = 1;
const TRIANGULAR_PASSAGE = 2;
const RECTANGULAR_POCKET = 14;

/** The counts of one part. */
export interface PartPatterns {
  part: string;
  faces: number;
  solids: number;
  tier1: string;
  tier1Confidence: number | null;
  stockSizedFaces: number;
  stockSizedThroughHole: number;
  stockSizedThroughHoleAreaShare: number | null;
  stockSizedThroughHoleMeanProbability: number | null;
  convexCylinders: number;
  convexCylindersThroughHole: number;
  tier1ThroughHoleFaces: number;
  tier2: string;
  tier2Fallback: number;
  tier2TriangularPassage: number;
  agreement: number | null;
  error?: string;
}

/** The whole pattern report. */
export interface PatternsReport {
  what: string;
  date: string;
  dir: string;
  rules: string[];
  parts: PartPatterns[];
  totals: Record<string, number>;
}

const isPlanar = (p: Part, i: number) => p.faces[i].surfaceType === 'plane';

function countPart(name: string, part: Part, t1: Prediction, t2: Prediction): PartPatterns {
  const n = part.faces.length;
  let maxPlanar = 0;
  for (let i = 0; i < n; i++) if (isPlanar(part, i)) maxPlanar = Math.max(maxPlanar, part.faces[i].area);
  let stockSized = 0, stockArea = 0, stockTh = 0, stockThArea = 0, stockThProb = 0;
  let convex = 0, convexTh = 0, t1Th = 0, fallback = 0, triPassage = 0, agree = 0;
  const t1ok = t1.status === 'ok';
  const t2ok = t2.status === 'ok';
  const t2Explained = new Set(t2.instances.flatMap((f) => f.elements));
  for (let i = 0; i < n; i++) {
    const f = part.faces[i];
    const th = t1ok && t1.classId[i] === THROUGH_HOLE;
    if (th) t1Th++;
    if (isPlanar(part, i) && maxPlanar > 0 && f.area >= 0.5 * maxPlanar) {
      stockSized++;
      stockArea += f.area;
      if (th) {
        stockTh++;
        stockThArea += f.area;
        stockThProb += t1.probability[i];
      }
    }
    if (f.surfaceType === 'cylinder' && !f.reversed) {
      convex++;
      if (th) convexTh++;
    }
    if (t2ok && t2.classId[i] === RECTANGULAR_POCKET && !t2Explained.has(i) && Math.abs(t2.probability[i] - 0.3) < 1e-9) fallback++;
    if (t2ok && t2.classId[i] === TRIANGULAR_PASSAGE) triPassage++;
    if (t1ok && t2ok && t1.classId[i] === t2.classId[i]) agree++;
  }
  return {
    part: name,
    faces: n,
    solids: part.solids.filter((s) => s.kind === 'manifold_solid_brep' || s.kind === 'brep_with_voids').length,
    tier1: t1.status === 'ok' ? 'answered' : `${t1.status}: ${(t1.reason ?? '').slice(0, 80)}`,
    tier1Confidence: t1.confidence,
    stockSizedFaces: stockSized,
    stockSizedThroughHole: stockTh,
    stockSizedThroughHoleAreaShare: t1ok && stockArea > 0 ? stockThArea / stockArea : null,
    stockSizedThroughHoleMeanProbability: stockTh > 0 ? stockThProb / stockTh : null,
    convexCylinders: convex,
    convexCylindersThroughHole: convexTh,
    tier1ThroughHoleFaces: t1Th,
    tier2: t2.status === 'ok' ? 'answered' : `${t2.status}: ${(t2.reason ?? '').slice(0, 80)}`,
    tier2Fallback: fallback,
    tier2TriangularPassage: triPassage,
    agreement: t1ok && t2ok && n > 0 ? agree / n : null,
  };
}

/** Runs the pattern counts on the real-world parts (all, or those whose name starts with one of `parts`). */
export async function runUnlabelledPatterns(options: { dir?: string; parts?: string[]; log?: (line: string) => void }, repo: string): Promise<PatternsReport> {
  const dir = options.dir ?? join(repo, '..', 'shared', 'datasets', 'realworld', 'parts');
  if (!existsSync(dir)) throw new EvalError('EVAL_DATA_MISSING', `parts folder ${dir} does not exist`);
  const files = readdirSync(dir)
    .filter((f) => /\.(step|stp)$/i.test(f))
    .filter((f) => !options.parts || options.parts.some((p) => f.startsWith(p)))
    .sort();
  const runners = await createTierRunners(['1', '2']);
  const tess = createEvalTessellator();
  const parts: PartPatterns[] = [];
  try {
    for (const file of files) {
      const name = file.replace(/\.(step|stp)$/i, '');
      try {
        const bytes = new Uint8Array(readFileSync(join(dir, file)));
        const part = await loadStepPart(bytes, tess);
        const t1 = await runners.tier1(part);
        const t2 = await runners.tier2(part);
        parts.push(countPart(name, part, t1, t2));
      } catch (e) {
        parts.push({ part: name, faces: 0, solids: 0, tier1: 'not run', tier1Confidence: null, stockSizedFaces: 0, stockSizedThroughHole: 0, stockSizedThroughHoleAreaShare: null, stockSizedThroughHoleMeanProbability: null, convexCylinders: 0, convexCylindersThroughHole: 0, tier1ThroughHoleFaces: 0, tier2: 'not run', tier2Fallback: 0, tier2TriangularPassage: 0, agreement: null, error: e instanceof Error ? e.message.slice(0, 160) : String(e) });
      }
      options.log?.(`${parts.length}/${files.length} ${name}`);
    }
  } finally {
    await runners.dispose();
    await tess.close();
  }
  const answered = parts.filter((p) => p.tier1 === 'answered');
  const sum = (k: keyof PartPatterns, list = parts) => list.reduce((s, p) => s + (typeof p[k] === 'number' ? (p[k] as number) : 0), 0);
  return {
    what: 'failure patterns of issue 8 counted on the real-world parts, without labels',
    date: new Date().toISOString(),
    dir,
    rules: [
      'stock-sized faces: planar faces with ≥ 50 % of the area of the part\'s largest planar face',
      'convex cylinder: cylindrical face whose outward normal points away from its axis (not reversed)',
      'Tier 2 fallback: rectangular_pocket at probability 0.3 on a face no feature rule explained',
      'agreement: faces where Tier 1 and Tier 2 give the same class, over all faces (parts Tier 1 answered)',
    ],
    parts,
    totals: {
      parts: parts.length,
      tier1Answered: answered.length,
      tier1Declined: parts.filter((p) => p.tier1.startsWith('declined')).length,
      partsWithStockSizedThroughHole: parts.filter((p) => p.stockSizedThroughHole > 0).length,
      stockSizedFacesTier1Answered: sum('stockSizedFaces', answered),
      stockSizedThroughHole: sum('stockSizedThroughHole'),
      convexCylindersTier1Answered: sum('convexCylinders', answered),
      convexCylindersThroughHole: sum('convexCylindersThroughHole'),
      tier2Fallback: sum('tier2Fallback'),
      tier2TriangularPassage: sum('tier2TriangularPassage'),
      facesBothAnswered: sum('faces', answered),
      facesAgreeing: answered.reduce((s, p) => s + Math.round((p.agreement ?? 0) * p.faces), 0),
    },
  };
}

const pct = (v: number | null) => (v === null ? '—' : `${(100 * v).toFixed(0)} %`);

/** Markdown table of the pattern counts. */
export function renderPatternsMarkdown(r: PatternsReport): string {
  const L = [
    `Rules: ${r.rules.join('; ')}.`,
    '',
    '| part | faces | solids | Tier 1 | T1 part conf | stock-sized faces → through_hole (area %, mean p) | convex cylinders → through_hole | T2 fallback faces | T2 triangular_passage faces | T1/T2 agree |',
    '|---|---:|---:|---|---:|---|---|---:|---:|---:|',
  ];
  for (const p of r.parts)
    L.push(
      `| ${p.part} | ${p.faces} | ${p.solids} | ${p.error ? `error: ${p.error}` : p.tier1} | ${p.tier1Confidence === null ? '—' : p.tier1Confidence.toFixed(3)} | ${p.stockSizedThroughHole} of ${p.stockSizedFaces}${p.stockSizedThroughHole ? ` (${pct(p.stockSizedThroughHoleAreaShare)}, ${p.stockSizedThroughHoleMeanProbability!.toFixed(2)})` : ''} | ${p.convexCylindersThroughHole} of ${p.convexCylinders} | ${p.tier2Fallback} | ${p.tier2TriangularPassage} | ${pct(p.agreement)} |`,
    );
  const t = r.totals;
  L.push(
    '',
    `Totals: ${t.parts} parts; Tier 1 answered ${t.tier1Answered}, declined ${t.tier1Declined}. Parts with a stock-sized face called through_hole: ${t.partsWithStockSizedThroughHole}; ` +
      `stock-sized faces called through_hole: ${t.stockSizedThroughHole} of ${t.stockSizedFacesTier1Answered} (parts Tier 1 answered); convex cylinders called through_hole: ${t.convexCylindersThroughHole} of ${t.convexCylindersTier1Answered}; ` +
      `Tier 2 fallback faces: ${t.tier2Fallback}; Tier 2 triangular_passage faces: ${t.tier2TriangularPassage}; Tier 1/Tier 2 agree on ${t.facesAgreeing} of ${t.facesBothAnswered} faces.`,
  );
  return `${L.join('\n')}\n`;
}
