import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createInputContext, defaultInputValidators } from '../../src/stages/intake/index.js';
import { createFormatContext, defaultFormatValidators } from '../../src/stages/validate/format/index.js';
import { runStage } from '../../src/stages/validate/validator.js';

const SHARED = fileURLToPath(new URL('../../../shared', import.meta.url));
const DIR = `${SHARED}/datasets/realworld/malformed`;
const present = existsSync(DIR);

/**
 * Expected input- and format-stage outcome of every malformed input (parse/geometry outcomes are
 * asserted where the reader and tessellation run). `input`/`format`: the non-info finding codes
 * (`?` marks a warning); `-` = stage not run because the input stage failed or the input is not STEP.
 */
const EXPECTED: Record<string, { input: string; format: string }> = {
  m01_empty: { input: 'INTAKE_EMPTY', format: '-' },
  m02_random_binary: { input: 'INTAKE_UNKNOWN_FORMAT', format: '-' },
  m03_iso_line_only: { input: '', format: 'FORMAT_MISSING_END FORMAT_HEADER_MISSING FORMAT_DATA_MISSING' },
  m04_header_only: { input: '', format: 'FORMAT_DATA_EMPTY?' },
  m05_header_no_data: { input: '', format: 'FORMAT_MISSING_END FORMAT_DATA_MISSING' },
  m06_truncated_10pct: { input: '', format: 'FORMAT_UNTERMINATED_STRING FORMAT_MISSING_END' },
  m06_truncated_50pct: { input: '', format: 'FORMAT_MISSING_END FORMAT_ENDSEC_MISSING FORMAT_STRAY_STATEMENT' },
  m06_truncated_90pct: { input: '', format: 'FORMAT_MISSING_END FORMAT_ENDSEC_MISSING FORMAT_STRAY_STATEMENT' },
  m06_truncated_99pct: { input: '', format: 'FORMAT_UNTERMINATED_STRING FORMAT_MISSING_END' },
  m07_truncated_after_DATA: { input: '', format: 'FORMAT_MISSING_END FORMAT_ENDSEC_MISSING FORMAT_DATA_EMPTY?' },
  m08_missing_endsec: { input: '', format: 'FORMAT_ENDSEC_MISSING' },
  m09_missing_end_iso: { input: '', format: 'FORMAT_MISSING_END' },
  m10_schema_ifc4: { input: '', format: 'FORMAT_SCHEMA_NOT_CAD' },
  m11_schema_unknown: { input: '', format: 'FORMAT_SCHEMA_UNKNOWN?' },
  m12_schema_empty: { input: '', format: 'FORMAT_SCHEMA_EMPTY?' },
  m13_schema_missing: { input: '', format: 'FORMAT_HEADER_ENTITY_MISSING' },
  m14_latin1_names: { input: '', format: 'FORMAT_NON_ASCII? FORMAT_INVALID_UTF8?' },
  m15_invalid_utf8_and_ctrl: { input: '', format: 'FORMAT_NON_ASCII? FORMAT_INVALID_UTF8? FORMAT_CONTROL_CHARACTERS?' },
  m16_utf16le_bom: { input: 'INTAKE_UNSUPPORTED_ENCODING', format: '-' },
  m17_utf8_bom: { input: '', format: 'FORMAT_BOM?' },
  m18_data_on_one_line: { input: '', format: '' },
  m19_10MB_string: { input: '', format: '' },
  m20_missing_face_ref: { input: '', format: '' },
  m21_missing_shell_ref: { input: '', format: '' },
  m22_10pct_points_deleted: { input: '', format: '' },
  m23_cycle_self_oriented_edge: { input: '', format: '' },
  m24_cycle_mapped_item: { input: '', format: '' },
  m25_cycle_assembly_nauo: { input: '', format: '' },
  m26_cycle_assembly_reprel: { input: '', format: '' },
  m27_too_few_params: { input: '', format: '' },
  m28_advanced_face_missing_param: { input: '', format: '' },
  m29_too_many_params: { input: '', format: '' },
  m30_wrong_param_types: { input: '', format: '' },
  m31_duplicate_ids: { input: '', format: '' },
  m32_huge_ids: { input: '', format: '' },
  m33_overflow_coords: { input: '', format: '' },
  m34_deep_nesting_100k: { input: '', format: '' },
  m35_unterminated_string: { input: '', format: 'FORMAT_UNTERMINATED_STRING FORMAT_MISSING_END' },
  m36_unterminated_comment: { input: '', format: 'FORMAT_UNTERMINATED_COMMENT FORMAT_MISSING_END' },
  m37_lowercase_keywords: { input: '', format: 'FORMAT_LOWERCASE_KEYWORD' },
  m38_no_semicolons: { input: '', format: 'FORMAT_ENDSEC_MISSING FORMAT_MISSING_SEMICOLON' },
  m39_unknown_entities: { input: '', format: '' },
  m40_gzip_step: { input: 'INTAKE_COMPRESSED', format: '-' },
  m41_ascii_stl: { input: 'INTAKE_MESH_ONLY? INTAKE_EXTENSION_MISMATCH?', format: '-' },
  m42_curves_only_no_solid: { input: '', format: '' },
  m43_points_only: { input: '', format: '' },
  m44_nanometre_scale: { input: '', format: '' },
  m45_50MB_unreferenced_points: { input: '', format: '' },
  m46_50MB_repeated_solids: { input: '', format: '' },
};

const summarise = (f: { code: string; severity: string }[]) =>
  f.filter((x) => x.severity !== 'info').map((x) => x.code + (x.severity === 'warning' ? '?' : '')).join(' ');

describe.skipIf(!present)(`input and format stages on realworld/malformed (${present ? DIR : 'skipped: ../shared absent'})`, () => {
  it('every file has an expected outcome', () => {
    const names = readdirSync(DIR).filter((f) => /^m\d/.test(f)).map((f) => f.replace(/\.step(\.br)?$/, ''));
    expect(names.sort()).toEqual(Object.keys(EXPECTED).sort());
  });
  for (const [name, expected] of Object.entries(EXPECTED)) {
    it(`${name}: input [${expected.input}] format [${expected.format}]`, async () => {
      const file = readdirSync(DIR).find((f) => f.startsWith(`${name}.`))!;
      let bytes = new Uint8Array(readFileSync(`${DIR}/${file}`));
      if (file.endsWith('.br')) bytes = new Uint8Array(brotliDecompressSync(bytes));
      const ictx = createInputContext(bytes, { name: file.replace(/\.br$/, ''), maxFileSizeMb: 100 });
      const input = await runStage('input', defaultInputValidators, ictx);
      let format = '-';
      if (input.passed && ictx.sniff?.format === 'step') {
        const r = await runStage('format', defaultFormatValidators, createFormatContext(bytes));
        format = summarise(r.findings);
        expect(r.passed).toBe(!r.findings.some((f) => f.severity === 'error'));
      }
      expect({ input: summarise(input.findings), format }).toEqual(expected);
    });
  }
});
