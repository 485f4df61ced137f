/**
 * Typed access to STEP entity parameters for the Part builder. Every accessor throws a
 * `CadlensError` with code `PART_BAD_ENTITY` (and the entity id) when a parameter is missing or has the
 * wrong type; references that do not resolve throw `STEP_DANGLING_REFERENCE` (from `StepFile.require`).
 *
 * @internal
 */
import { CadlensError } from '../errors/index.js';
import type { StepEntity, StepFile, StepValue } from '../formats/step/step-types.js';
import type { NotShapeRole, UnsupportedEntity } from '../model/index.js';

/** Everything the builders share while converting one file. */
export interface BuildContext {
  readonly file: StepFile;
  /** Millimetres per file length unit. */
  lengthToMm: number;
  /** Radians per file plane-angle unit. */
  angleToRad: number;
  readonly unsupported: UnsupportedEntity[];
  readonly unsupportedSeen: Set<number>;
  readonly onUnsupported?: (entity: UnsupportedEntity) => void;
  /** Entities being converted right now (reference-cycle guard). */
  readonly visiting: Set<number>;
  readonly signal?: AbortSignal;
  /** Converted 3-D curves and surfaces by entity id (per unit scale). */
  readonly curves: Map<number, import('../model/index.js').Curve>;
  readonly surfaces: Map<number, import('../model/index.js').Surface>;
}

/** Maximum nesting of geometry definitions (offset of offset of …) before giving up. */
export const MAX_GEOMETRY_NESTING = 64;

/** A `PART_BAD_ENTITY` error for `entity`. */
export function badEntity(entity: StepEntity | number, message: string): CadlensError {
  const id = typeof entity === 'number' ? entity : entity.id;
  const type = typeof entity === 'number' ? undefined : entity.type;
  return new CadlensError('PART_BAD_ENTITY', `#${id}${type ? ` (${type})` : ''}: ${message}`, {
    stage: 'parse',
    entityId: id,
    details: type ? { entityType: type } : {},
  });
}

/** Records an entity the builder does not understand (once per entity id). */
export function recordUnsupported(ctx: BuildContext, entity: StepEntity, context: string, notShape?: NotShapeRole): void {
  if (ctx.unsupportedSeen.has(entity.id)) return;
  ctx.unsupportedSeen.add(entity.id);
  const u: UnsupportedEntity = { stepId: entity.id, entityType: entity.type, context, ...(notShape ? { notShape } : {}) };
  ctx.unsupported.push(u);
  ctx.onUnsupported?.(u);
}

/** Whether the entity is of `type` (its keyword, or one part of a complex instance). */
export function isType(e: StepEntity, type: string): boolean {
  if (e.type === type) return true;
  if (e.parts) for (const p of e.parts) if (p.type === type) return true;
  return false;
}

/** The parameters of `type` within `e` (the entity itself, or one record of a complex instance), or null. */
export function recordArgs(e: StepEntity, type: string): readonly StepValue[] | null {
  if (!e.parts) return e.type === type ? e.args : null;
  for (const p of e.parts) if (p.type === type) return p.args;
  return null;
}

/** Like {@link recordArgs} but throws `PART_BAD_ENTITY` when absent. */
export function requireArgs(e: StepEntity, type: string): readonly StepValue[] {
  const a = recordArgs(e, type);
  if (!a) throw badEntity(e, `expected a ${type} record`);
  return a;
}

function describe(v: StepValue | undefined): string {
  if (v === undefined) return 'nothing';
  if (v === null) return '$';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return v.kind === 'ref' ? `#${v.id}` : v.kind === 'enum' ? `.${v.name}.` : v.kind;
  return typeof v;
}

/** Unwraps a typed parameter such as `LENGTH_MEASURE(2.)`. */
export function untype(v: StepValue | undefined): StepValue | undefined {
  while (v !== null && typeof v === 'object' && !Array.isArray(v) && v.kind === 'typed') v = v.value;
  return v;
}

export function numArg(e: StepEntity, args: readonly StepValue[], i: number, what: string): number {
  const v = untype(args[i]);
  if (typeof v !== 'number' || !Number.isFinite(v)) throw badEntity(e, `parameter ${i + 1} (${what}) must be a number, got ${describe(args[i])}`);
  return v;
}

export function optNumArg(e: StepEntity, args: readonly StepValue[], i: number, what: string): number | null {
  const v = untype(args[i]);
  if (v === null || v === undefined) return null;
  return numArg(e, args, i, what);
}

export function intArg(e: StepEntity, args: readonly StepValue[], i: number, what: string): number {
  const n = numArg(e, args, i, what);
  if (!Number.isInteger(n)) throw badEntity(e, `parameter ${i + 1} (${what}) must be an integer, got ${n}`);
  return n;
}

export function refArg(e: StepEntity, args: readonly StepValue[], i: number, what: string): number {
  const v = args[i];
  if (v === null || typeof v !== 'object' || Array.isArray(v) || v.kind !== 'ref') {
    throw badEntity(e, `parameter ${i + 1} (${what}) must be a reference, got ${describe(v)}`);
  }
  return v.id;
}

export function optRefArg(e: StepEntity, args: readonly StepValue[], i: number, what: string): number | null {
  const v = args[i];
  if (v === null || v === undefined) return null;
  if (typeof v === 'object' && !Array.isArray(v) && v.kind === 'derived') return null;
  return refArg(e, args, i, what);
}

export function listArg(e: StepEntity, args: readonly StepValue[], i: number, what: string): readonly StepValue[] {
  const v = args[i];
  if (!Array.isArray(v)) throw badEntity(e, `parameter ${i + 1} (${what}) must be a list, got ${describe(v)}`);
  return v;
}

export function refList(e: StepEntity, args: readonly StepValue[], i: number, what: string): number[] {
  const list = listArg(e, args, i, what);
  const out: number[] = [];
  for (const v of list) {
    if (v === null || typeof v !== 'object' || Array.isArray(v) || v.kind !== 'ref') {
      throw badEntity(e, `parameter ${i + 1} (${what}) must list references, found ${describe(v)}`);
    }
    out.push(v.id);
  }
  return out;
}

export function numList(e: StepEntity, args: readonly StepValue[], i: number, what: string): number[] {
  const list = listArg(e, args, i, what);
  const out: number[] = [];
  for (const raw of list) {
    const v = untype(raw);
    if (typeof v !== 'number' || !Number.isFinite(v)) throw badEntity(e, `parameter ${i + 1} (${what}) must list numbers, found ${describe(raw)}`);
    out.push(v);
  }
  return out;
}

/** `.T.` / `.F.`; `.U.` and `$` give `fallback` when one is given, otherwise throw. */
export function boolArg(e: StepEntity, args: readonly StepValue[], i: number, what: string, fallback?: boolean): boolean {
  const v = untype(args[i]);
  if (v !== null && v !== undefined && typeof v === 'object' && !Array.isArray(v) && v.kind === 'enum') {
    if (v.name === 'T') return true;
    if (v.name === 'F') return false;
  }
  if (fallback !== undefined && (v === null || (typeof v === 'object' && !Array.isArray(v) && (v.kind === 'enum' || v.kind === 'derived')))) return fallback;
  throw badEntity(e, `parameter ${i + 1} (${what}) must be .T. or .F., got ${describe(args[i])}`);
}

export function enumArg(e: StepEntity, args: readonly StepValue[], i: number, what: string): string | null {
  const v = untype(args[i]);
  if (v === null || v === undefined) return null;
  if (typeof v === 'object' && !Array.isArray(v) && v.kind === 'enum') return v.name;
  if (typeof v === 'object' && !Array.isArray(v) && v.kind === 'derived') return null;
  throw badEntity(e, `parameter ${i + 1} (${what}) must be an enumeration, got ${describe(args[i])}`);
}

/** A string parameter; `$`/`*`/missing give ''. */
export function strArg(args: readonly StepValue[], i: number): string {
  const v = untype(args[i]);
  return typeof v === 'string' ? v : '';
}

/** The entity's name: first parameter of a simple instance, or the `REPRESENTATION_ITEM` record of a complex one. */
export function entityName(e: StepEntity): string {
  if (!e.parts) return strArg(e.args, 0);
  const ri = recordArgs(e, 'REPRESENTATION_ITEM');
  return ri ? strArg(ri, 0) : '';
}

/** Runs `fn` with `id` marked as being converted; re-entering it throws `STEP_REFERENCE_CYCLE`. */
export function guarded<T>(ctx: BuildContext, id: number, fn: () => T): T {
  if (ctx.visiting.has(id)) {
    throw new CadlensError('STEP_REFERENCE_CYCLE', `#${id} refers back to itself through its definition`, { stage: 'parse', entityId: id });
  }
  if (ctx.visiting.size > MAX_GEOMETRY_NESTING) {
    throw new CadlensError('PART_BAD_ENTITY', `#${id}: definitions nested more than ${MAX_GEOMETRY_NESTING} deep`, { stage: 'parse', entityId: id });
  }
  ctx.visiting.add(id);
  try {
    return fn();
  } finally {
    ctx.visiting.delete(id);
  }
}

/** Throws `ABORTED` when the signal fired. */
export function checkAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw new CadlensError('ABORTED', 'the analysis was aborted while the B-Rep was built', { stage: 'parse', cause: signal.reason });
  }
}

/**
 * Parameter counts of the simple entity instances the builder reads. A simple instance with another count
 * is malformed (`PART_BAD_ENTITY`): extra or missing parameters shift every later one, and OpenCascade
 * misreads such files rather than rejecting them.
 */
const ARITY: Record<string, number> = {
  CARTESIAN_POINT: 2,
  DIRECTION: 2,
  VECTOR: 3,
  AXIS1_PLACEMENT: 3,
  AXIS2_PLACEMENT_2D: 3,
  AXIS2_PLACEMENT_3D: 4,
  VERTEX_POINT: 2,
  EDGE_CURVE: 5,
  ORIENTED_EDGE: 5,
  SUBEDGE: 4,
  EDGE_LOOP: 2,
  VERTEX_LOOP: 2,
  FACE_BOUND: 3,
  FACE_OUTER_BOUND: 3,
  ADVANCED_FACE: 4,
  FACE_SURFACE: 4,
  ORIENTED_FACE: 4,
  CLOSED_SHELL: 2,
  OPEN_SHELL: 2,
  ORIENTED_CLOSED_SHELL: 4,
  ORIENTED_OPEN_SHELL: 4,
  MANIFOLD_SOLID_BREP: 2,
  BREP_WITH_VOIDS: 3,
  SHELL_BASED_SURFACE_MODEL: 2,
  PLANE: 2,
  CYLINDRICAL_SURFACE: 3,
  CONICAL_SURFACE: 4,
  SPHERICAL_SURFACE: 3,
  TOROIDAL_SURFACE: 4,
  SURFACE_OF_LINEAR_EXTRUSION: 3,
  SURFACE_OF_REVOLUTION: 3,
  OFFSET_SURFACE: 4,
  LINE: 3,
  CIRCLE: 3,
  ELLIPSE: 4,
  POLYLINE: 2,
  TRIMMED_CURVE: 6,
  SURFACE_CURVE: 4,
  SEAM_CURVE: 4,
  INTERSECTION_CURVE: 4,
  PCURVE: 3,
  B_SPLINE_CURVE_WITH_KNOTS: 9,
  B_SPLINE_SURFACE_WITH_KNOTS: 13,
};

/** `file.require` plus the parameter-count check of {@link ARITY}. */
export function need(file: StepFile, id: number, from?: number): StepEntity {
  const e = file.require(id, from);
  if (!e.parts) {
    const n = ARITY[e.type];
    if (n !== undefined && e.args.length !== n) throw badEntity(e, `expected ${n} parameters, found ${e.args.length}`);
  }
  return e;
}
