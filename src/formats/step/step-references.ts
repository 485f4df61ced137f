import { CadlensError, isCadlensError, type SourceLocation } from '../../errors/index.js';
import type { StepEntity, StepFile, StepValue } from './step-types.js';
import type { StepReaderErrorCode } from './step-errors.js';
import { STEP_REF_SCAN, type StepRefScan } from './step-ref-scan.js';

/** One problem found by {@link validateStepReferences}. */
export interface StepReferenceFinding {
  /**
   * `STEP_DANGLING_REFERENCE`, `STEP_REFERENCE_CYCLE`, or the code of an entity that failed to
   * decode (`STEP_BAD_PARAMETER`, `STEP_BAD_NUMBER`, `STEP_BAD_ESCAPE`, `STEP_BAD_ENTITY_ID`, …).
   */
  readonly code: StepReaderErrorCode;
  readonly message: string;
  /** The entity that holds the bad reference, is on the cycle (where it was detected), or failed to decode. */
  readonly entityId: number;
  readonly location?: SourceLocation;
  /**
   * Dangling only: the missing id is beyond 2^53-1, so it can never resolve. SolidWorks writes
   * `#18446744073709551615` (2^64-1) as a "null" reference in PERSON_AND_ORGANIZATION and similar
   * non-geometric entities; callers may treat these as absent values.
   */
  readonly outOfRange?: boolean;
  /** Dangling: `[missingId]`. Cycle: the ids along the cycle, starting and ending at the same id (at most 64 shown). */
  readonly ids: readonly number[];
}

/** Result of {@link validateStepReferences}. */
export interface StepReferenceReport {
  /** True when nothing was found and the check ran to the end. */
  readonly ok: boolean;
  readonly findings: readonly StepReferenceFinding[];
  readonly danglingCount: number;
  /** Dangling references whose id is beyond 2^53-1 (see {@link StepReferenceFinding.outOfRange}); included in danglingCount. */
  readonly outOfRangeCount: number;
  readonly cycleCount: number;
  readonly decodeErrorCount: number;
  readonly entitiesChecked: number;
  readonly referencesChecked: number;
  /** False when `maxFindings` or `maxReferences` stopped the check early. */
  readonly complete: boolean;
}

/** Options of {@link validateStepReferences}. */
export interface ValidateStepReferencesOptions {
  /** Abort the check (async variant: checked between slices of work). */
  signal?: AbortSignal;
  /** Stop collecting after this many findings. @defaultValue 1000 */
  maxFindings?: number;
  /** Bound on work: stop after following this many references. @defaultValue 200_000_000 */
  maxReferences?: number;
  /** Async variant only: yield to the event loop after this much work (ms). @defaultValue 25 */
  sliceMs?: number;
}

const MAX_CYCLE_IDS = 64;

function abortError(signal: AbortSignal): CadlensError {
  return new CadlensError('ABORTED', 'the analysis was aborted while the STEP references were checked', { kind: 'permanent', stage: 'parse', cause: signal.reason });
}

/**
 * The check as resumable steps: `run(deadline)` works until `deadline` (performance.now() ms)
 * and returns true when finished.
 */
class ReferenceCheck {
  /** Entity ids by index (file order). */
  private readonly ids: ArrayLike<number>;
  private readonly n: number;
  /** Fallback path only (a StepFile that is not the reader's): id → index. */
  private readonly indexOf = new Map<number, number>();
  /** The reader's byte-level reference scan (no values decoded), when available. */
  private readonly fast: StepRefScan | undefined;
  private readonly findings: StepReferenceFinding[] = [];
  private readonly maxFindings: number;
  private readonly maxReferences: number;
  private dangling = 0;
  private outOfRange = 0;
  private cycles = 0;
  private decodeErrors = 0;
  private refs = 0;
  private complete = true;
  // adjacency (CSR): targets of entity i are edges[offsets[i] .. offsets[i+1])
  private edges = new Int32Array(1024);
  private edgeCount = 0;
  private readonly offsets: Int32Array;
  private phase: 'collect' | 'dfs' | 'done' = 'collect';
  private next = 0;
  // DFS state
  private color!: Uint8Array;
  private cursor!: Int32Array;
  private stack!: Int32Array;
  private stackPos!: Int32Array;
  private top = -1;
  private root = 0;

  constructor(
    private readonly file: StepFile,
    options: ValidateStepReferencesOptions,
  ) {
    const fast = (file as { [STEP_REF_SCAN]?: StepRefScan })[STEP_REF_SCAN];
    this.fast = fast;
    if (fast) {
      this.ids = fast.ids;
      this.n = fast.count;
    } else {
      const ids = Array.from(file.ids());
      for (let i = 0; i < ids.length; i++) this.indexOf.set(ids[i], i);
      this.ids = ids;
      this.n = ids.length;
    }
    this.offsets = new Int32Array(this.n + 1);
    // Typical files have 1-3 references per entity: start near that to avoid regrowing.
    this.edges = new Int32Array(Math.max(1024, this.n * 2));
    this.maxFindings = options.maxFindings ?? 1000;
    this.maxReferences = options.maxReferences ?? 200_000_000;
  }

  private location(entity: StepEntity | undefined, id: number): SourceLocation | undefined {
    const offset = entity?.offset;
    if (offset === undefined) {
      const range = (this.file as { sourceRange?: (id: number) => { start: number } | undefined }).sourceRange?.(id);
      if (!range) return undefined;
      return { ...this.file.locate(range.start), offset: range.start };
    }
    return { ...this.file.locate(offset), offset };
  }

  private add(f: StepReferenceFinding): void {
    if (this.findings.length < this.maxFindings) this.findings.push(f);
    else this.complete = false;
  }

  private full(): boolean {
    return this.findings.length >= this.maxFindings || this.refs > this.maxReferences;
  }

  private pushEdge(target: number): void {
    if (this.edgeCount === this.edges.length) {
      const next = new Int32Array(this.edges.length * 2);
      next.set(this.edges);
      this.edges = next;
    }
    this.edges[this.edgeCount++] = target;
  }

  private decodeFailure(id: number, e: unknown): void {
    this.decodeErrors++;
    const code = (isCadlensError(e) ? e.code : 'STEP_BAD_PARAMETER') as StepReaderErrorCode;
    const loc = isCadlensError(e) ? e.location : undefined;
    this.add({
      code,
      message: e instanceof Error ? e.message : String(e),
      entityId: id,
      ...(loc ? { location: loc } : {}),
      ids: [id],
    });
  }

  private dangle(id: number, type: string, target: number, location: SourceLocation | undefined): void {
    this.dangling++;
    const beyond = target > Number.MAX_SAFE_INTEGER;
    if (beyond) this.outOfRange++;
    if (this.findings.length >= this.maxFindings) {
      this.complete = false;
      return;
    }
    this.add({
      code: 'STEP_DANGLING_REFERENCE',
      message: beyond
        ? `#${id} (${type}) refers to an id beyond 2^53-1 (${target}), which cannot exist`
        : `#${id} (${type}) refers to #${target}, which is not defined`,
      entityId: id,
      ...(beyond ? { outOfRange: true } : {}),
      ...(location ? { location } : {}),
      ids: [target],
    });
  }

  /** Fast path: the entity's references straight from its bytes (syntax checked, nothing decoded). */
  private collectFast(fast: StepRefScan, i: number): void {
    let count: number;
    try {
      count = fast.scan(i);
    } catch (e) {
      this.decodeFailure(this.ids[i], e);
      return;
    }
    if (count === 0) return;
    const refIds = fast.refIds();
    this.refs += count;
    if (this.edgeCount + count > this.edges.length) {
      const next = new Int32Array(Math.max(this.edges.length * 2, this.edgeCount + count));
      next.set(this.edges);
      this.edges = next;
    }
    const edges = this.edges;
    let e = this.edgeCount;
    for (let k = 0; k < count; k++) {
      const target = refIds[k];
      const t = fast.indexOf(target);
      if (t >= 0) edges[e++] = t;
      else {
        const start = fast.startAt(i);
        this.dangle(this.ids[i], fast.typeAt(i), target, { ...this.file.locate(start), offset: start });
      }
    }
    this.edgeCount = e;
  }

  private collect(i: number): void {
    if (this.fast) {
      this.collectFast(this.fast, i);
      return;
    }
    const id = this.ids[i];
    let entity: StepEntity | undefined;
    try {
      entity = this.file.get(id);
    } catch (e) {
      this.decodeFailure(id, e);
      return;
    }
    if (!entity) return;
    const work: StepValue[] = [];
    const pushAll = (args: readonly StepValue[]) => {
      for (let k = args.length - 1; k >= 0; k--) work.push(args[k]);
    };
    if (entity.parts) for (let p = entity.parts.length - 1; p >= 0; p--) pushAll(entity.parts[p].args);
    else pushAll(entity.args);
    while (work.length > 0) {
      const v = work.pop()!;
      if (v === null || typeof v !== 'object') continue;
      if (Array.isArray(v)) {
        pushAll(v);
        continue;
      }
      if (v.kind === 'ref') {
        this.refs++;
        const t = this.indexOf.get(v.id);
        if (t === undefined) this.dangle(id, entity.type, v.id, this.location(entity, id));
        else this.pushEdge(t);
      } else if (v.kind === 'typed') work.push(v.value);
    }
  }

  private startDfs(): void {
    const n = this.n;
    this.color = new Uint8Array(n); // 0 white, 1 on stack, 2 done
    this.cursor = new Int32Array(n);
    this.stack = new Int32Array(n);
    this.stackPos = new Int32Array(n);
    this.top = -1;
    this.root = 0;
  }

  private reportCycle(target: number): void {
    this.cycles++;
    if (this.findings.length >= this.maxFindings) {
      this.complete = false;
      return;
    }
    const from = this.stackPos[target];
    const ids: number[] = [];
    for (let s = from; s <= this.top && ids.length < MAX_CYCLE_IDS; s++) ids.push(this.ids[this.stack[s]]);
    ids.push(this.ids[target]);
    const id = this.ids[target];
    let type: string | undefined;
    let location: SourceLocation | undefined;
    if (this.fast) {
      // An entity on a cycle has references, so it decoded: its type and offset are known.
      type = this.fast.typeAt(target);
      const start = this.fast.startAt(target);
      location = { ...this.file.locate(start), offset: start };
    } else {
      let entity: StepEntity | undefined;
      try {
        entity = this.file.get(id);
      } catch {
        entity = undefined;
      }
      type = entity?.type;
      location = this.location(entity, id);
    }
    const len = this.top - from + 1;
    this.add({
      code: 'STEP_REFERENCE_CYCLE',
      message:
        len === 1
          ? `#${id}${type !== undefined ? ` (${type})` : ''} refers to itself`
          : `Reference cycle of ${len} entities through #${id}${type !== undefined ? ` (${type})` : ''}: ${ids.map((x) => `#${x}`).join(' → ')}${len + 1 > ids.length ? ' …' : ''}`,
      entityId: id,
      ...(location ? { location } : {}),
      ids,
    });
  }

  /** Work until `deadline`; true when done. */
  run(deadline: number, signal: AbortSignal | undefined): boolean {
    let counter = 0;
    const timeUp = () => (++counter & 1023) === 0 && (performance.now() > deadline || signal?.aborted === true);
    const n = this.n;
    if (this.phase === 'collect') {
      while (this.next < n) {
        if (this.full()) {
          this.complete = false;
          this.phase = 'done';
          return true;
        }
        this.offsets[this.next] = this.edgeCount;
        this.collect(this.next++);
        if (timeUp()) return false;
      }
      this.offsets[n] = this.edgeCount;
      this.phase = 'dfs';
      this.startDfs();
    }
    if (this.phase === 'dfs') {
      const { color, cursor, stack, stackPos, edges, offsets } = this;
      for (;;) {
        if (this.top < 0) {
          while (this.root < n && color[this.root] !== 0) this.root++;
          if (this.root >= n) break;
          const r = this.root;
          color[r] = 1;
          cursor[r] = offsets[r];
          stack[++this.top] = r;
          stackPos[r] = this.top;
        }
        const v = stack[this.top];
        if (cursor[v] < offsets[v + 1]) {
          const w = edges[cursor[v]++];
          if (color[w] === 0) {
            color[w] = 1;
            cursor[w] = offsets[w];
            stack[++this.top] = w;
            stackPos[w] = this.top;
          } else if (color[w] === 1) {
            this.reportCycle(w);
          }
        } else {
          color[v] = 2;
          this.top--;
        }
        if (timeUp()) return false;
      }
      this.phase = 'done';
    }
    return true;
  }

  report(): StepReferenceReport {
    return {
      ok: this.findings.length === 0 && this.complete && this.dangling === 0 && this.cycles === 0 && this.decodeErrors === 0,
      findings: this.findings,
      danglingCount: this.dangling,
      outOfRangeCount: this.outOfRange,
      cycleCount: this.cycles,
      decodeErrorCount: this.decodeErrors,
      entitiesChecked: Math.min(this.next, this.n),
      referencesChecked: this.refs,
      complete: this.complete,
    };
  }
}

/**
 * Decode every entity and check the reference graph: every `#id` reference must name an entity
 * (`STEP_DANGLING_REFERENCE`, one finding per reference), and the graph must be acyclic
 * (`STEP_REFERENCE_CYCLE`, found with an iterative depth-first search — one finding per back edge,
 * so a self-reference such as an ORIENTED_EDGE whose edge_element is itself is one cycle of length 1).
 * Entities that fail to decode are reported with their decode error code. Never throws for bad
 * input; findings are capped by `maxFindings` and work by `maxReferences` (`complete: false`).
 *
 * Synchronous; see {@link validateStepReferences} for the variant that yields and honours `signal`.
 * @example
 * ```ts
 * const report = checkStepReferences(readStep(bytes));
 * if (!report.ok) console.log(report.findings[0].code);
 * ```
 */
export function checkStepReferences(file: StepFile, options: Omit<ValidateStepReferencesOptions, 'signal' | 'sliceMs'> = {}): StepReferenceReport {
  const check = new ReferenceCheck(file, options);
  check.run(Number.POSITIVE_INFINITY, undefined);
  return check.report();
}

/**
 * Like {@link checkStepReferences}, but works in slices of `sliceMs` and yields to the event loop
 * between them, so a large file does not block a server and `signal` can stop it.
 * @throws CadlensError `ABORTED` when `signal` aborts.
 * @example
 * ```ts
 * const report = await validateStepReferences(file, { signal: AbortSignal.timeout(5000) });
 * ```
 */
export async function validateStepReferences(file: StepFile, options: ValidateStepReferencesOptions = {}): Promise<StepReferenceReport> {
  const { signal } = options;
  if (signal?.aborted) throw abortError(signal);
  const check = new ReferenceCheck(file, options);
  const slice = options.sliceMs ?? 25;
  for (;;) {
    const done = check.run(performance.now() + slice, signal);
    if (signal?.aborted) throw abortError(signal);
    if (done) return check.report();
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
  }
}
