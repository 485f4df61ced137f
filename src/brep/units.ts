/**
 * Length and plane-angle units of a STEP geometric representation context
 * (`GLOBAL_UNIT_ASSIGNED_CONTEXT`): SI units with prefixes and conversion-based units
 * (`CONVERSION_BASED_UNIT('INCH', LENGTH_MEASURE_WITH_UNIT(LENGTH_MEASURE(25.4), <mm>))`).
 */
import { CadlensError } from '../errors/index.js';
import type { StepEntity, StepFile, StepValue } from '../formats/step/step-types.js';
import type { PartUnits } from '../model/index.js';
import { badEntity, enumArg, isType, numArg, recordArgs, refArg, refList, strArg } from './step-access.js';

const SI_PREFIX: Record<string, number> = {
  EXA: 1e18,
  PETA: 1e15,
  TERA: 1e12,
  GIGA: 1e9,
  MEGA: 1e6,
  KILO: 1e3,
  HECTO: 1e2,
  DECA: 1e1,
  DECI: 1e-1,
  CENTI: 1e-2,
  MILLI: 1e-3,
  MICRO: 1e-6,
  NANO: 1e-9,
  PICO: 1e-12,
  FEMTO: 1e-15,
  ATTO: 1e-18,
};

const PREFIX_NAME: Record<string, string> = {
  KILO: 'kilo', CENTI: 'centi', MILLI: 'milli', MICRO: 'micro', NANO: 'nano', DECI: 'deci', MEGA: 'mega',
  EXA: 'exa', PETA: 'peta', TERA: 'tera', GIGA: 'giga', HECTO: 'hecto', DECA: 'deca', PICO: 'pico', FEMTO: 'femto', ATTO: 'atto',
};

/** Millimetres and radians: the Part's own units, and the fallback when a file declares none. */
export const DEFAULT_UNITS: PartUnits = Object.freeze({ lengthUnit: 'millimetre', lengthToMm: 1, angleUnit: 'radian', angleToRad: 1 }) as PartUnits;

type UnitKind = 'length' | 'angle' | 'solid-angle' | 'other';
interface UnitValue {
  kind: UnitKind;
  name: string;
  /** mm per unit (length) or rad per unit (angle). */
  factor: number;
}

function unitValue(file: StepFile, id: number, from: number, depth: number): UnitValue {
  if (depth > 16) throw new CadlensError('STEP_REFERENCE_CYCLE', `unit #${id} is defined through a chain of more than 16 units (cycle?)`, { stage: 'parse', entityId: id });
  const e = file.require(id, from);
  const si = recordArgs(e, 'SI_UNIT');
  if (si) {
    const prefix = enumArg(e, si, 0, 'prefix');
    const name = enumArg(e, si, 1, 'name') ?? '';
    const p = prefix ? SI_PREFIX[prefix] : 1;
    if (p === undefined) throw badEntity(e, `unknown SI prefix .${prefix}.`);
    const full = `${prefix ? (PREFIX_NAME[prefix] ?? prefix.toLowerCase()) : ''}${name === 'METRE' ? 'metre' : name.toLowerCase()}`;
    if (name === 'METRE') return { kind: 'length', name: full, factor: p * 1000 };
    if (name === 'RADIAN') return { kind: 'angle', name: full, factor: p };
    if (name === 'STERADIAN') return { kind: 'solid-angle', name: full, factor: p };
    return { kind: 'other', name: full, factor: p };
  }
  const cb = recordArgs(e, 'CONVERSION_BASED_UNIT');
  if (cb) {
    const name = strArg(cb, 0).toLowerCase() || 'unnamed';
    const mwuId = refArg(e, cb, 1, 'conversion_factor');
    const mwu = file.require(mwuId, e.id);
    const args = measureArgs(mwu);
    const value = numArg(mwu, args, 0, 'value_component');
    const base = unitValue(file, refArg(mwu, args, 1, 'unit_component'), mwu.id, depth + 1);
    let kind: UnitKind = base.kind;
    if (isType(e, 'LENGTH_UNIT') || isType(mwu, 'LENGTH_MEASURE_WITH_UNIT')) kind = 'length';
    else if (isType(e, 'PLANE_ANGLE_UNIT') || isType(mwu, 'PLANE_ANGLE_MEASURE_WITH_UNIT')) kind = 'angle';
    return { kind, name, factor: value * base.factor };
  }
  return { kind: 'other', name: e.type.toLowerCase(), factor: 1 };
}

function measureArgs(mwu: StepEntity): readonly StepValue[] {
  return (
    recordArgs(mwu, 'MEASURE_WITH_UNIT') ??
    recordArgs(mwu, 'LENGTH_MEASURE_WITH_UNIT') ??
    recordArgs(mwu, 'PLANE_ANGLE_MEASURE_WITH_UNIT') ??
    (mwu.parts ? [] : mwu.args)
  );
}

/**
 * Units of the geometric representation context `#contextId`. Missing length or angle units fall back to
 * millimetre / radian.
 *
 * @throws CadlensError `PART_BAD_ENTITY` for malformed unit entities, `STEP_DANGLING_REFERENCE`,
 *   `STEP_REFERENCE_CYCLE` for units defined through themselves.
 */
export function unitsOfContext(file: StepFile, contextId: number): PartUnits {
  const ctx = file.require(contextId);
  const gua = recordArgs(ctx, 'GLOBAL_UNIT_ASSIGNED_CONTEXT');
  const units: PartUnits = { ...DEFAULT_UNITS };
  if (!gua) return units;
  for (const uid of refList(ctx, gua, 0, 'units')) {
    const u = unitValue(file, uid, ctx.id, 0);
    if (!(u.factor > 0) || !Number.isFinite(u.factor)) {
      throw badEntity(uid, `unit conversion factor must be a positive number, got ${u.factor}`);
    }
    if (u.kind === 'length') {
      units.lengthUnit = u.name;
      units.lengthToMm = u.factor;
    } else if (u.kind === 'angle') {
      units.angleUnit = u.name;
      units.angleToRad = u.factor;
    }
  }
  return units;
}

/** Ids of every geometric representation context with assigned units, in file order. */
export function unitContextIds(file: StepFile): number[] {
  return file.idsOfType('GLOBAL_UNIT_ASSIGNED_CONTEXT');
}

