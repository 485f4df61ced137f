/**
 * The labeller's compact spec (one text file per part under tools/labelling/specs/) → a
 * `cadlens-face-labels/1` file. The spec is what a human writes after looking at the renders and the
 * face table; the builder only expands it and refuses anything incomplete or inconsistent.
 *
 * Spec lines (`#` starts a comment):
 * - `@minutes 12`, `@method text`, `@ambiguous text` (repeatable), `@solid <stepId> labelled|unlabelled note…`
 * - `stock: <ids>` — stock faces (instance null)
 * - `<class> <instanceId> [composite=<tag>] [bottom=<id>,<id>…]: <ids>` — one feature instance; the same
 *   instance may continue on further lines
 * - ids are face stepIds, `a..b` (every face of the labelled solids with a ≤ stepId ≤ b), or `rest`
 *   (every labelled face not named anywhere else; allowed once).
 * @internal
 */
import { REAL_WORLD_CLASSES, COMPOSITE_TAGS, type RealWorldLabelFile, type FaceLabel } from './label-file.js';

/** Faces and solids of a part, as the spec needs them. */
export interface SpecPartInfo {
  file: string;
  sha256: string;
  /** Every solid or surface body with its STEP id and the stepIds of its faces. */
  solids: { stepId: number; kind: string; faceStepIds: number[] }[];
}

/** Thrown for a spec that cannot become a complete label file. */
export class LabelSpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LabelSpecError';
  }
}

interface Line {
  no: number;
  text: string;
}

function parseIds(tokens: string[], allowed: Set<number>, line: Line): number[] | 'rest' {
  const out: number[] = [];
  for (const t of tokens) {
    if (t === 'rest') {
      if (tokens.length !== 1) throw new LabelSpecError(`line ${line.no}: 'rest' must stand alone`);
      return 'rest';
    }
    const range = /^(\d+)\.\.(\d+)$/.exec(t);
    if (range) {
      const lo = Number(range[1]);
      const hi = Number(range[2]);
      for (const id of [...allowed].sort((a, b) => a - b)) if (id >= lo && id <= hi) out.push(id);
      continue;
    }
    if (!/^\d+$/.test(t)) throw new LabelSpecError(`line ${line.no}: '${t}' is not a face id`);
    const id = Number(t);
    if (!allowed.has(id)) throw new LabelSpecError(`line ${line.no}: ${id} is not a face of a labelled solid`);
    out.push(id);
  }
  return out;
}

/** Expands a spec into a label file; throws {@link LabelSpecError} when it does not cover every face exactly once. */
export function buildLabelFile(specText: string, info: SpecPartInfo): RealWorldLabelFile {
  const lines: Line[] = specText.split('\n').map((text, i) => ({ no: i + 1, text: text.replace(/#.*$/, '').trim() }));
  const meta = { minutes: 0, ambiguous: [] as string[], method: '' };
  const solidDecl = new Map<number, { labelled: boolean; note: string }>();
  for (const l of lines) {
    if (!l.text.startsWith('@')) continue;
    const [key, ...rest] = l.text.slice(1).split(/\s+/);
    const value = rest.join(' ');
    if (key === 'minutes') meta.minutes = Number(value);
    else if (key === 'method') meta.method = meta.method ? `${meta.method} ${value}` : value;
    else if (key === 'ambiguous') meta.ambiguous.push(value);
    else if (key === 'solid') {
      const id = Number(rest[0]);
      if (!info.solids.some((s) => s.stepId === id)) throw new LabelSpecError(`line ${l.no}: no solid #${id}`);
      if (rest[1] !== 'labelled' && rest[1] !== 'unlabelled') throw new LabelSpecError(`line ${l.no}: say labelled or unlabelled`);
      solidDecl.set(id, { labelled: rest[1] === 'labelled', note: rest.slice(2).join(' ') });
    } else throw new LabelSpecError(`line ${l.no}: unknown directive @${key}`);
  }
  if (!Number.isFinite(meta.minutes) || meta.minutes <= 0) throw new LabelSpecError('@minutes missing');
  if (!meta.method) throw new LabelSpecError('@method missing');
  // A single-solid file needs no @solid line; otherwise only declared solids are labelled.
  const solids = info.solids.map((s) => {
    const d = solidDecl.get(s.stepId);
    const labelled = d ? d.labelled : info.solids.length === 1;
    return { stepId: s.stepId, labelled, note: d?.note ?? (labelled ? '' : `${s.kind}: not labelled`) };
  });
  const allowed = new Set<number>();
  for (const s of info.solids) if (solids.find((x) => x.stepId === s.stepId)?.labelled) for (const f of s.faceStepIds) allowed.add(f);
  if (allowed.size === 0) throw new LabelSpecError('no labelled solid');

  const faces: Record<string, FaceLabel> = {};
  const instances: RealWorldLabelFile['instances'] = {};
  let restEntry: { cls: string; inst: string | null; composite: string | null; bottom: Set<number> } | null = null;
  const assign = (id: number, label: FaceLabel, l: Line): void => {
    if (faces[id]) throw new LabelSpecError(`line ${l.no}: face ${id} labelled twice`);
    faces[id] = label;
  };
  for (const l of lines) {
    if (!l.text || l.text.startsWith('@')) continue;
    const colon = l.text.indexOf(':');
    if (colon < 0) throw new LabelSpecError(`line ${l.no}: missing ':'`);
    const head = l.text.slice(0, colon).trim().split(/\s+/);
    const ids = parseIds(l.text.slice(colon + 1).trim().split(/\s+/).filter(Boolean), allowed, l);
    const cls = head[0];
    if (!(REAL_WORLD_CLASSES as readonly string[]).includes(cls)) throw new LabelSpecError(`line ${l.no}: unknown class ${cls}`);
    let inst: string | null = null;
    let composite: string | null = null;
    const bottom = new Set<number>();
    for (const h of head.slice(1)) {
      if (h.startsWith('composite=')) {
        composite = h.slice('composite='.length);
        if (!(COMPOSITE_TAGS as readonly string[]).includes(composite)) throw new LabelSpecError(`line ${l.no}: unknown composite ${composite}`);
      } else if (h.startsWith('bottom=')) {
        for (const b of h.slice('bottom='.length).split(',')) bottom.add(Number(b));
      } else if (inst === null) inst = h;
      else throw new LabelSpecError(`line ${l.no}: unexpected '${h}'`);
    }
    if (cls === 'stock') {
      if (inst !== null || composite !== null || bottom.size) throw new LabelSpecError(`line ${l.no}: stock takes no instance`);
    } else {
      if (inst === null) throw new LabelSpecError(`line ${l.no}: ${cls} needs an instance id`);
      const prev = instances[inst];
      if (prev && (prev.class !== cls || (composite !== null && prev.composite !== composite))) {
        throw new LabelSpecError(`line ${l.no}: instance ${inst} redeclared with another class or composite`);
      }
      if (!prev) instances[inst] = { class: cls as FaceLabel['class'], composite: (composite as never) ?? null };
      composite = instances[inst].composite;
    }
    if (ids === 'rest') {
      if (restEntry) throw new LabelSpecError(`line ${l.no}: 'rest' used twice`);
      restEntry = { cls, inst, composite, bottom };
      continue;
    }
    const idSet = new Set(ids);
    for (const b of bottom) if (!idSet.has(b)) throw new LabelSpecError(`line ${l.no}: bottom face ${b} is not in the line's faces`);
    for (const id of ids) {
      assign(id, { class: cls as FaceLabel['class'], instance: inst, bottom: bottom.has(id), tags: composite ? [composite as never] : [] }, l);
    }
  }
  if (restEntry) {
    const r = restEntry;
    for (const id of allowed) {
      if (!faces[id]) faces[id] = { class: r.cls as FaceLabel['class'], instance: r.inst, bottom: r.bottom.has(id), tags: r.composite ? [r.composite as never] : [] };
    }
  }
  const missing = [...allowed].filter((id) => !faces[id]);
  if (missing.length) throw new LabelSpecError(`faces without a label: ${missing.sort((a, b) => a - b).join(' ')}`);
  for (const id of Object.keys(instances)) {
    if (!Object.values(faces).some((f) => f.instance === id)) throw new LabelSpecError(`instance ${id} has no faces`);
  }
  const sortedFaces: Record<string, FaceLabel> = {};
  for (const id of Object.keys(faces).map(Number).sort((a, b) => a - b)) sortedFaces[id] = faces[id];
  return {
    format: 'cadlens-face-labels/1',
    file: info.file,
    sha256: info.sha256,
    solids,
    faces: sortedFaces,
    instances,
    meta,
  };
}
