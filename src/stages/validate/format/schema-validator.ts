import type { Finding } from '../finding.js';
import { defineValidator } from '../validator.js';
import type { FormatContext } from './format-context.js';

/** Application protocols cadlens knows by FILE_SCHEMA name. */
export type StepProtocol = 'AP203' | 'AP203e2' | 'AP214' | 'AP242' | 'IFC' | 'unknown';

const SCHEMAS: [RegExp, StepProtocol][] = [
  [/^CONFIG_CONTROL_DESIGN$/, 'AP203'],
  [/^AP203_CONFIGURATION_CONTROLLED_3D_DESIGN_OF_MECHANICAL_PARTS_AND_ASSEMBLIES_MIM(_LF)?$/, 'AP203e2'],
  [/^AUTOMOTIVE_DESIGN(_CC[12])?$/, 'AP214'],
  [/^AP214_AUTOMOTIVE_DESIGN/, 'AP214'],
  [/^AP242_MANAGED_MODEL_BASED_3D_ENGINEERING(_MIM(_LF)?)?$/, 'AP242'],
  [/^IFC[0-9A-Z_]*$/, 'IFC'],
];

/**
 * The application protocol of a FILE_SCHEMA name, e.g. `AUTOMOTIVE_DESIGN { 1 0 10303 214 1 1 1 1 }` → `AP214`.
 * The object identifier in braces and case are ignored.
 */
export function classifyStepSchema(name: string): StepProtocol {
  const bare = name.replace(/\{[^}]*\}/g, '').trim().toUpperCase();
  for (const [re, p] of SCHEMAS) if (re.test(bare)) return p;
  return 'unknown';
}

/**
 * Format: FILE_SCHEMA names a known CAD exchange schema.
 * - `FORMAT_SCHEMA` (info): the protocol(s) found (AP203, AP203e2, AP214, AP242).
 * - `FORMAT_SCHEMA_NOT_CAD` (error): an IFC schema. IFC is a building-information schema, not a
 *   mechanical CAD exchange protocol; a STEP-CAD file labelled IFC is mislabelled and an actual IFC
 *   file has no B-Rep solids cadlens can use. Parsing still runs (OpenCascade ignores the label).
 * - `FORMAT_SCHEMA_UNKNOWN` (warning): a name cadlens does not know; the entities may still be readable.
 * - `FORMAT_SCHEMA_EMPTY` (warning): FILE_SCHEMA with no or only empty names.
 * A missing FILE_SCHEMA is reported by the header-entities validator.
 */
export const schemaValidator = defineValidator<FormatContext>({
  id: 'cadlens/format/schema',
  stage: 'format',
  validate(ctx): Finding[] {
    if (!ctx.scan) return [];
    let names: string[];
    if (ctx.header) {
      if (!ctx.header.records.some((r) => r.type === 'FILE_SCHEMA')) return [];
      names = ctx.header.schemas;
    } else {
      const rec = ctx.scan.headerRecords.find((r) => r.keyword === 'FILE_SCHEMA');
      if (!rec) return [];
      names = rec.strings;
    }
    names = names.map((n) => n.trim()).filter((n) => n !== '');
    if (names.length === 0)
      return [{ code: 'FORMAT_SCHEMA_EMPTY', severity: 'warning', message: 'FILE_SCHEMA names no schema' }];
    const out: Finding[] = [];
    const known: string[] = [];
    for (const name of names) {
      const p = classifyStepSchema(name);
      const short = name.length > 80 ? `${name.slice(0, 80)}…` : name;
      if (p === 'IFC')
        out.push({
          code: 'FORMAT_SCHEMA_NOT_CAD',
          severity: 'error',
          message: `schema ${short} is IFC (building data), not a CAD exchange protocol (AP203/AP214/AP242)`,
        });
      else if (p === 'unknown')
        out.push({ code: 'FORMAT_SCHEMA_UNKNOWN', severity: 'warning', message: `unknown schema ${short}` });
      else known.push(p);
    }
    if (known.length > 0) out.push({ code: 'FORMAT_SCHEMA', severity: 'info', message: `schema: ${known.join(', ')}` });
    return out;
  },
});
