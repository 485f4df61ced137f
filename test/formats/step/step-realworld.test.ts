import { describe, it, expect } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { brotliDecompressSync } from 'node:zlib';
import { isCadlensError } from '../../../src/errors/index.js';
import { readStep, checkStepReferences, normalizeStepBytes, type StepReadResult, type StepReferenceReport, type StepWarningCode } from '../../../src/formats/step/index.js';
import { SHARED_DIR, sharedTitle } from '../../support/shared-data.js';

const shared = SHARED_DIR;
const partsDir = `${shared}/datasets/realworld/parts`;
const malformedDir = `${shared}/datasets/realworld/malformed`;
const haveShared = existsSync(partsDir) && existsSync(malformedDir);
if (!haveShared) console.warn(`[step-realworld] skipped: ${shared}/datasets/realworld is not present`);

function load(path: string): Uint8Array {
  const raw = new Uint8Array(readFileSync(path));
  return path.endsWith('.br') ? new Uint8Array(brotliDecompressSync(raw)) : raw;
}

/** SolidWorks writes #18446744073709551615 (2^64-1) as a null reference in PERSON_AND_ORGANIZATION etc. */
const SOLIDWORKS_NULL_REFS = new Set(['D11', 'D28', 'D29', 'D32', 'D36']);

describe.skipIf(!haveShared)(sharedTitle('realworld parts: every file reads, decodes and has a clean reference graph'), () => {
  const files = haveShared ? readdirSync(partsDir).filter((f) => /\.(step|stp)$/i.test(f)).sort() : [];
  it('finds the 38 parts', () => expect(files).toHaveLength(38));
  for (const name of files) {
    it(name, () => {
      const file = readStep(load(`${partsDir}/${name}`));
      expect(file.entityCount).toBeGreaterThan(100);
      expect(file.header.schemas.length).toBe(1);
      file.decodeAll();
      const report = checkStepReferences(file);
      expect(report.cycleCount, JSON.stringify(report.findings[0])).toBe(0);
      expect(report.decodeErrorCount).toBe(0);
      if (SOLIDWORKS_NULL_REFS.has(name.slice(0, 3))) {
        expect(report.danglingCount).toBeGreaterThan(0);
        expect(report.outOfRangeCount).toBe(report.danglingCount);
      } else expect(report.ok, JSON.stringify(report.findings[0])).toBe(true);
    });
  }
  it('D01: 96 ADVANCED_FACEs (occt-import-js reports 96 B-Rep faces), inch units, decoded header', () => {
    const file = readStep(load(`${partsDir}/D01__featuretype.STEP`));
    expect(file.idsOfType('ADVANCED_FACE')).toHaveLength(96);
    expect(file.header.originatingSystem).toBe('SolidWorks 2013');
    expect(file.header.schemas).toEqual(['AUTOMOTIVE_DESIGN']);
    const p = file.get(3)!;
    expect(p).toMatchObject({ id: 3, type: 'CARTESIAN_POINT', args: ['NONE', [-1.5000000000000002, 0.625, 1]] });
    const units = file.idsOfType('CONVERSION_BASED_UNIT').map((id) => file.get(id)!.parts!.find((r) => r.type === 'CONVERSION_BASED_UNIT')!.args[0]);
    expect(units).toContain('INCH');
  });
  it('D02 and D05: ADVANCED_FACE counts equal occt-import-js B-Rep face counts (15, 32)', () => {
    expect(readStep(load(`${partsDir}/D02__motor_antigravity_4004_custom_shaft.STEP`)).idsOfType('ADVANCED_FACE')).toHaveLength(15);
    expect(readStep(load(`${partsDir}/D05__partA.step`)).idsOfType('ADVANCED_FACE')).toHaveLength(32);
  });
});

/**
 * The reader-level outcome of each malformed input. `error`: readStep throws this code (and where
 * given, at this line). `ok`: readStep succeeds — what is wrong (if anything) is for a later stage
 * (format: header/schema; parse: references, parameter counts/types; geometry: solids) to judge,
 * except where `refs`/`warnings`/`decodeErrors` pin down what the reader itself reports.
 */
type Outcome =
  | { error: string; line?: number; column?: number }
  | {
      ok: true;
      entities?: number;
      warnings?: StepWarningCode[];
      refs?: Partial<Pick<StepReferenceReport, 'danglingCount' | 'cycleCount' | 'decodeErrorCount'>> & { cycleIds?: number[] };
      check?: (file: StepReadResult) => void;
    };

const OK_CLEAN = { ok: true, refs: { danglingCount: 0, cycleCount: 0, decodeErrorCount: 0 } } as const;

const MALFORMED: Record<string, Outcome> = {
  // zero bytes
  m01_empty: { error: 'INTAKE_EMPTY' },
  // 256 KiB of random bytes
  m02_random_binary: { error: 'STEP_BAD_MAGIC', line: 1, column: 1 },
  // only "ISO-10303-21;"
  m03_iso_line_only: { error: 'STEP_HEADER_MISSING', line: 2 },
  // valid header, empty DATA: the reader is fine; the parse stage finds no solid
  m04_header_only: { ok: true, entities: 0, refs: { danglingCount: 0, cycleCount: 0 } },
  // header only, no DATA, no END
  m05_header_no_data: { error: 'STEP_DATA_MISSING' },
  // truncations: cut inside a string literal / a parameter list / right after "#"
  m06_truncated_10pct: { error: 'STEP_UNTERMINATED_STRING', line: 321, column: 20 },
  m06_truncated_50pct: { error: 'STEP_UNEXPECTED_EOF' },
  m06_truncated_90pct: { error: 'STEP_UNEXPECTED_EOF' },
  m06_truncated_99pct: { error: 'STEP_UNTERMINATED_STRING', line: 3052, column: 21 },
  m07_truncated_after_DATA: { error: 'STEP_ENDSEC_MISSING' },
  // END-ISO-10303-21 where ENDSEC belongs
  m08_missing_endsec: { error: 'STEP_ENDSEC_MISSING', line: 3082, column: 1 },
  m09_missing_end_iso: { error: 'STEP_MISSING_END' },
  // schema problems are the format stage's business; the reader exposes header.schemas
  m10_schema_ifc4: { ...OK_CLEAN, check: (f) => expect(f.header.schemas).toEqual(['IFC4']) },
  m11_schema_unknown: { ...OK_CLEAN, check: (f) => expect(f.header.schemas).toHaveLength(1) },
  m12_schema_empty: { ...OK_CLEAN, check: (f) => expect(f.header.schemas).toEqual(['']) },
  // FILE_SCHEMA removed, leaving a stray ";": tolerated (warning); format stage must flag the missing record
  m13_schema_missing: {
    ...OK_CLEAN,
    warnings: ['EMPTY_STATEMENT'],
    check: (f) => {
      expect(f.header.schemas).toEqual([]);
      expect(f.header.records.map((r) => r.type)).toEqual(['FILE_DESCRIPTION', 'FILE_NAME']);
    },
  },
  // ISO 8859-1 bytes in names: decoded as Latin-1 (not valid UTF-8), flagged
  m14_latin1_names: {
    ...OK_CLEAN,
    warnings: ['NON_ASCII_TEXT', 'LATIN1_FALLBACK'],
    check: (f) => expect(f.header.fileName).toBe('Geh\u00e4use_\u00df.STEP'),
  },
  // invalid UTF-8 and control bytes inside 50 string literals: decoded, flagged, never a crash
  m15_invalid_utf8_and_ctrl: { ...OK_CLEAN, warnings: ['NON_ASCII_TEXT', 'CONTROL_CHARACTER', 'LATIN1_FALLBACK'] },
  m16_utf16le_bom: { error: 'STEP_INVALID_ENCODING' },
  // UTF-8 BOM: accepted, recorded (occt-import-js rejects it)
  m17_utf8_bom: { ...OK_CLEAN, warnings: ['BYTE_ORDER_MARK'], check: (f) => expect(f.hadBom).toBe(true) },
  m18_data_on_one_line: { ...OK_CLEAN, entities: 3040 },
  // a 10 MiB string literal > maxStringLength (1 MiB)
  m19_10MB_string: { error: 'STEP_LIMIT_STRING', line: 1619, column: 19 },
  // dangling references: read fine, reported by the reference check (parse stage fails them)
  m20_missing_face_ref: { ok: true, refs: { danglingCount: 1, cycleCount: 0 } },
  m21_missing_shell_ref: { ok: true, refs: { danglingCount: 1, cycleCount: 0 } },
  m22_10pct_points_deleted: { ok: true, entities: 2986, refs: { danglingCount: 54, cycleCount: 0 } },
  // reference cycles
  m23_cycle_self_oriented_edge: { ok: true, refs: { danglingCount: 0, cycleCount: 1, cycleIds: [17, 17] } },
  m24_cycle_mapped_item: { ok: true, refs: { danglingCount: 0, cycleCount: 1, cycleIds: [45, 900002, 900001, 45] } },
  // assembly cycles are semantic (a NAUO relating a product definition to itself; a
  // REPRESENTATION_RELATIONSHIP relating a representation to itself), not reference cycles:
  // the reference graph is acyclic, so the assembly builder must detect these.
  m25_cycle_assembly_nauo: OK_CLEAN,
  m26_cycle_assembly_reprel: OK_CLEAN,
  // wrong parameter counts/types are schema-level: the Part builder must reject them
  m27_too_few_params: OK_CLEAN,
  m28_advanced_face_missing_param: OK_CLEAN,
  m29_too_many_params: OK_CLEAN,
  m30_wrong_param_types: OK_CLEAN,
  m31_duplicate_ids: { error: 'STEP_DUPLICATE_ID', line: 3082, column: 1 },
  m32_huge_ids: { error: 'STEP_BAD_ENTITY_ID', line: 16, column: 1 },
  // 1.0E+999 coordinates: the file reads; decoding those 10 points fails with STEP_BAD_NUMBER
  m33_overflow_coords: { ok: true, refs: { danglingCount: 0, cycleCount: 0, decodeErrorCount: 10 } },
  m34_deep_nesting_100k: { error: 'STEP_LIMIT_DEPTH' },
  // the string opened at the start of DATA runs into the next instance
  m35_unterminated_string: { error: 'STEP_UNTERMINATED_STRING', line: 16, column: 21 },
  m36_unterminated_comment: { error: 'STEP_UNTERMINATED_COMMENT', line: 16, column: 1 },
  // lower-case keywords: accepted case-insensitively, flagged (occt-import-js rejects them)
  m37_lowercase_keywords: { ...OK_CLEAN, warnings: ['LOWERCASE_KEYWORD'], check: (f) => expect(f.idsOfType('ADVANCED_FACE')).toHaveLength(96) },
  m38_no_semicolons: { error: 'STEP_UNEXPECTED_TOKEN', line: 17, column: 1 },
  m39_unknown_entities: { ...OK_CLEAN, entities: 3240 },
  m40_gzip_step: { error: 'INTAKE_COMPRESSED' },
  m41_ascii_stl: { error: 'STEP_BAD_MAGIC', line: 1, column: 1 },
  // valid files without solids: the parse stage reports "no solid or shell"
  m42_curves_only_no_solid: { ...OK_CLEAN, check: (f) => expect(f.idsOfType('MANIFOLD_SOLID_BREP')).toEqual([]) },
  m43_points_only: { ...OK_CLEAN, check: (f) => expect(f.idsOfType('CARTESIAN_POINT')).toHaveLength(3) },
  m44_nanometre_scale: OK_CLEAN,
  m45_50MB_unreferenced_points: { ...OK_CLEAN, entities: 453794 },
  m46_50MB_repeated_solids: { ...OK_CLEAN, entities: 635360, check: (f) => expect(f.idsOfType('MANIFOLD_SOLID_BREP')).toHaveLength(209) },
};

describe.skipIf(!haveShared)(sharedTitle('realworld malformed inputs: reader-level outcome of each'), () => {
  const files = haveShared ? readdirSync(malformedDir).filter((f) => /\.step(\.br)?$/.test(f)).sort() : [];
  it('the table covers exactly the 49 files', () => {
    expect(files).toHaveLength(49);
    expect(files.map((f) => f.replace(/\.step(\.br)?$/, '')).sort()).toEqual(Object.keys(MALFORMED).sort());
  });
  for (const name of files) {
    const key = name.replace(/\.step(\.br)?$/, '');
    const outcome = MALFORMED[key];
    it(`${key}: ${'error' in outcome ? outcome.error : 'reads'}`, () => {
      const bytes = load(`${malformedDir}/${name}`);
      if ('error' in outcome) {
        let error: unknown;
        try {
          readStep(bytes);
        } catch (e) {
          error = e;
        }
        expect(isCadlensError(error), String(error)).toBe(true);
        if (!isCadlensError(error)) return;
        expect(error.code, error.message).toBe(outcome.error);
        if (outcome.line !== undefined) expect(error.location?.line).toBe(outcome.line);
        if (outcome.column !== undefined) expect(error.location?.column).toBe(outcome.column);
        return;
      }
      const file = readStep(bytes);
      if (outcome.entities !== undefined) expect(file.entityCount).toBe(outcome.entities);
      const report = checkStepReferences(file);
      // decoding everything may add decode-time warnings (e.g. LATIN1_FALLBACK): compare after it
      expect(file.warnings.map((w) => w.code).sort()).toEqual(
        [...(outcome.warnings ?? []), ...file.warnings.filter((w) => w.code === 'LINE_BREAK_IN_STRING').map((w) => w.code)].sort(),
      );
      const { cycleIds, ...counts } = outcome.refs ?? {};
      expect(report).toMatchObject(counts);
      if (cycleIds) expect(report.findings.find((f) => f.code === 'STEP_REFERENCE_CYCLE')?.ids).toEqual(cycleIds);
      outcome.check?.(file);
    });
  }
  it('normalizeStepBytes turns m37 (lower-case keywords) and m17 (BOM) back into D01 byte for byte', () => {
    const d01 = load(`${partsDir}/D01__featuretype.STEP`);
    expect(normalizeStepBytes(load(`${malformedDir}/m37_lowercase_keywords.step`))).toEqual(d01);
    expect(normalizeStepBytes(load(`${malformedDir}/m17_utf8_bom.step`))).toEqual(d01);
    expect(normalizeStepBytes(d01)).toBe(d01);
  });
  it('a good file reads correctly right after every malformed one (no state leaks)', () => {
    const good = load(`${partsDir}/D05__partA.step`);
    const before = readStep(good);
    before.decodeAll();
    for (const name of files.filter((f) => !f.includes('50MB'))) {
      try {
        readStep(load(`${malformedDir}/${name}`)).decodeAll();
      } catch {
        // expected for many
      }
      const again = readStep(good);
      expect(again.entityCount).toBe(before.entityCount);
      expect(again.get(100)).toEqual(before.get(100));
    }
  });
});
