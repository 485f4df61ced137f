/**
 * Values and entities of an ISO 10303-21 exchange structure, as produced by the STEP reader.
 *
 * Parameter values map onto plain JS where possible:
 * - REAL and INTEGER → `number`;
 * - string literal → `string` (escapes already decoded to Unicode);
 * - list → `StepValue[]`;
 * - `$` (unset) → `null`;
 * - entity reference `#12` → {@link StepRef};
 * - enumeration `.T.` → {@link StepEnum} (`.T.`/`.F.` stay enums: use {@link asBoolean});
 * - typed parameter `LENGTH_MEASURE(2.)` → {@link StepTyped};
 * - binary `"0FF"` → {@link StepBinary};
 * - `*` (derived) → {@link STEP_DERIVED}.
 */
export type StepValue =
  | number
  | string
  | null
  | StepRef
  | StepEnum
  | StepTyped
  | StepBinary
  | typeof STEP_DERIVED
  | StepValue[];

/** A reference to another entity instance, `#id`. */
export interface StepRef {
  readonly kind: 'ref';
  readonly id: number;
}

/** An enumeration value such as `.T.` or `.MILLI.` (name without dots, upper case). */
export interface StepEnum {
  readonly kind: 'enum';
  readonly name: string;
}

/** A typed parameter such as `LENGTH_MEASURE(2.)`. */
export interface StepTyped {
  readonly kind: 'typed';
  readonly type: string;
  readonly value: StepValue;
}

/** A binary literal: the hex digits as written, with the count of unused leading bits. */
export interface StepBinary {
  readonly kind: 'binary';
  readonly hex: string;
}

/** The `*` derived-value marker. */
export const STEP_DERIVED: { readonly kind: 'derived' } = Object.freeze({ kind: 'derived' as const });

/** One `TYPE(args)` record: an entity's whole content (simple instance) or one part of a complex instance. */
export interface StepRecord {
  /** Upper-case entity keyword, e.g. `ADVANCED_FACE`. */
  readonly type: string;
  readonly args: readonly StepValue[];
}

/** An entity instance `#id = …;` from a DATA section. */
export interface StepEntity {
  readonly id: number;
  /**
   * For a simple instance, its keyword. For a complex instance `(A(...)B(...))`, the keywords joined by
   * a single space in file order, e.g. `B_SPLINE_SURFACE B_SPLINE_SURFACE_WITH_KNOTS …`.
   */
  readonly type: string;
  /** Parameters of a simple instance; empty for a complex one. */
  readonly args: readonly StepValue[];
  /** The records of a complex instance (`undefined` for a simple one). */
  readonly parts?: readonly StepRecord[];
  /** 0-based byte/character offset of the `#id` in the source, for error locations. */
  readonly offset: number;
}

/** The HEADER section, decoded. */
export interface StepHeader {
  description: string[];
  implementationLevel: string;
  fileName: string;
  timeStamp: string;
  author: string[];
  organization: string[];
  preprocessorVersion: string;
  originatingSystem: string;
  authorization: string;
  /** FILE_SCHEMA names as written, e.g. `AUTOMOTIVE_DESIGN { 1 0 10303 214 1 1 1 1 }`. */
  schemas: string[];
  /** Every header record as parsed (FILE_DESCRIPTION, FILE_NAME, FILE_SCHEMA and any others). */
  records: StepRecord[];
}

/** Bounds that keep hostile input from exhausting memory or the stack. All are checked while reading. */
export interface StepReadLimits {
  /** @defaultValue 10_000_000 */
  maxEntities: number;
  /** Maximum list nesting depth. @defaultValue 64 */
  maxDepth: number;
  /** Maximum length of one string literal, in characters. @defaultValue 1_048_576 */
  maxStringLength: number;
  /** Maximum input size in bytes. @defaultValue 1_073_741_824 (1 GiB) */
  maxBytes: number;
}

/** A parsed exchange structure. Entity parameters are decoded lazily, on first access. */
export interface StepFile {
  readonly header: StepHeader;
  /** Number of entity instances over all DATA sections. */
  readonly entityCount: number;
  /** Number of DATA sections. */
  readonly dataSectionCount: number;
  /** The entity `#id`, or undefined when there is none. Decodes it on first access. */
  get(id: number): StepEntity | undefined;
  /** Like {@link StepFile.get} but throws `STEP_DANGLING_REFERENCE` when missing. */
  require(id: number, from?: number): StepEntity;
  /** Whether `#id` exists (no decoding). */
  has(id: number): boolean;
  /** All entity ids in file order. */
  ids(): Iterable<number>;
  /** Ids of the entities whose keyword (or one of whose complex parts) is `type`, in file order. */
  idsOfType(type: string): number[];
  /** Line and column (1-based) of a source offset. */
  locate(offset: number): { line: number; column: number };
}

/** Read `.T.`/`.F.` (and `.U.` → null). */
export function asBoolean(value: StepValue): boolean | null {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && value.kind === 'enum') {
    if (value.name === 'T') return true;
    if (value.name === 'F') return false;
  }
  return null;
}

/** True when `value` is a {@link StepRef}. */
export function isRef(value: StepValue): value is StepRef {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && value.kind === 'ref';
}
