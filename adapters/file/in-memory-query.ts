import type {
  AuditEvent,
  AuditQuery,
  DeadLetterFilter,
  DeadLetterKindCounts,
  DeadLetterRecord,
  ProcessingSample,
  SampleAggregate,
  SampleWindow,
  SortOrder,
} from 'cadlens';

/** @internal `since` inclusive, `until` exclusive (ISO strings compare as strings). */
export function inWindow(time: string, since?: string, until?: string): boolean {
  return (since === undefined || time >= since) && (until === undefined || time < until);
}

/** @internal sort by time, ties by id, in `order`. */
export function sortByTime<T extends { time: string }>(items: T[], order: SortOrder, idOf: (t: T) => string): T[] {
  const dir = order === 'desc' ? -1 : 1;
  return items.sort((a, b) => {
    if (a.time !== b.time) return a.time < b.time ? -dir : dir;
    const ia = idOf(a);
    const ib = idOf(b);
    return ia === ib ? 0 : ia < ib ? -dir : dir;
  });
}

/** @internal */
export function filterDeadLetters(all: Iterable<DeadLetterRecord>, f: DeadLetterFilter = {}): DeadLetterRecord[] {
  const out: DeadLetterRecord[] = [];
  for (const r of all) {
    if (f.kind !== undefined && r.error.kind !== f.kind) continue;
    if (f.code !== undefined && r.error.code !== f.code) continue;
    if (f.status !== undefined && r.status !== f.status) continue;
    if (!inWindow(r.time, f.since, f.until)) continue;
    out.push(r);
  }
  sortByTime(out, f.order ?? 'desc', (r) => r.id);
  return f.limit !== undefined ? out.slice(0, Math.max(0, f.limit)) : out;
}

/** @internal */
export function countKinds(all: Iterable<DeadLetterRecord>, range: { since?: string; until?: string }): DeadLetterKindCounts {
  const c: DeadLetterKindCounts = { transient: 0, permanent: 0, systemic: 0 };
  for (const r of all) if (inWindow(r.time, range.since, range.until) && r.error.kind in c) c[r.error.kind]++;
  return c;
}

/** @internal */
export function filterAudit(all: Iterable<AuditEvent>, q: AuditQuery = {}): AuditEvent[] {
  const types = q.type === undefined ? undefined : new Set(typeof q.type === 'string' ? [q.type] : q.type);
  const out: AuditEvent[] = [];
  for (const e of all) {
    if (types && !types.has(e.type)) continue;
    if (q.requestId !== undefined && e.requestId !== q.requestId) continue;
    if (q.partSha256 !== undefined && e.partSha256 !== q.partSha256) continue;
    if (!inWindow(e.time, q.since, q.until)) continue;
    out.push(e);
  }
  sortByTime(out, q.order ?? 'asc', (e) => e.id);
  return q.limit !== undefined ? out.slice(0, Math.max(0, q.limit)) : out;
}

/** @internal */
export function aggregateSamples(samples: Iterable<ProcessingSample>): SampleAggregate {
  const a: SampleAggregate = { count: 0, sumDurationMs: 0, qualityCount: 0, sumQualityScore: 0, recognizedCount: 0, okCount: 0 };
  for (const s of samples) {
    a.count++;
    a.sumDurationMs += s.durationMs;
    if (s.qualityScore !== null && s.qualityScore !== undefined) {
      a.qualityCount++;
      a.sumQualityScore += s.qualityScore;
    }
    if (s.recognized) a.recognizedCount++;
    if (s.ok) a.okCount++;
  }
  return a;
}

/** @internal samples in a window, oldest first. */
export function windowSamples(all: Iterable<{ id: string; sample: ProcessingSample }>, w: SampleWindow = {}): ProcessingSample[] {
  const sel = [...all].filter((x) => inWindow(x.sample.time, w.since, w.until));
  sel.sort((a, b) => (a.sample.time !== b.sample.time ? (a.sample.time < b.sample.time ? -1 : 1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return sel.map((x) => x.sample);
}
