import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { brotliDecompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createInputContext, defaultInputValidators } from '../../src/stages/intake/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import { readStep } from '../../src/formats/step/index.js';
import type { Part } from '../../src/model/index.js';
import {
  createFormatContext,
  defaultFormatValidators,
  referencesValidator,
  runStage,
  solidsValidator,
  stepReadValidator,
  unsupportedEntitiesValidator,
} from '../../src/stages/validate/index.js';
import { NO_SHARED_REASON, SHARED_DIR } from '../support/shared-data.js';

const SHARED = SHARED_DIR;
const DIR = `${SHARED}/datasets/realworld/malformed`;
const present = existsSync(DIR);

/**
 * Expected outcome of every malformed input in the input, format and parse stages: the distinct
 * non-info finding codes (`?` marks a warning); `-` = stage not run because the input stage failed
 * or the input is not STEP. `parse` here is the reader-level part of the stage (readStep, the
 * reference check, the B-Rep build); what occt-import-js does with each file is covered by the
 * tessellation and analyze tests. Notes: m10 (IFC label) and m37 (lower-case keywords) read fine
 * but fail the format stage (and m37 fails OpenCascade); m17 (BOM) is read with a format warning.
 */
const EXPECTED: Record<string, { input: string; format: string; parse: string }> = {
  m01_empty: { input: 'INTAKE_EMPTY', format: '-', parse: '-' },
  m02_random_binary: { input: 'INTAKE_UNKNOWN_FORMAT', format: '-', parse: '-' },
  m03_iso_line_only: { input: '', format: 'FORMAT_MISSING_END FORMAT_HEADER_MISSING FORMAT_DATA_MISSING', parse: 'STEP_HEADER_MISSING' },
  m04_header_only: { input: '', format: 'FORMAT_DATA_EMPTY?', parse: 'PARSE_NO_SOLID_OR_SHELL' },
  m05_header_no_data: { input: '', format: 'FORMAT_MISSING_END FORMAT_DATA_MISSING', parse: 'STEP_DATA_MISSING' },
  m06_truncated_10pct: { input: '', format: 'FORMAT_UNTERMINATED_STRING FORMAT_MISSING_END', parse: 'STEP_UNTERMINATED_STRING' },
  m06_truncated_50pct: { input: '', format: 'FORMAT_MISSING_END FORMAT_ENDSEC_MISSING FORMAT_STRAY_STATEMENT', parse: 'STEP_UNEXPECTED_EOF' },
  m06_truncated_90pct: { input: '', format: 'FORMAT_MISSING_END FORMAT_ENDSEC_MISSING FORMAT_STRAY_STATEMENT', parse: 'STEP_UNEXPECTED_EOF' },
  m06_truncated_99pct: { input: '', format: 'FORMAT_UNTERMINATED_STRING FORMAT_MISSING_END', parse: 'STEP_UNTERMINATED_STRING' },
  m07_truncated_after_DATA: { input: '', format: 'FORMAT_MISSING_END FORMAT_ENDSEC_MISSING FORMAT_DATA_EMPTY?', parse: 'STEP_ENDSEC_MISSING' },
  m08_missing_endsec: { input: '', format: 'FORMAT_ENDSEC_MISSING', parse: 'STEP_ENDSEC_MISSING' },
  m09_missing_end_iso: { input: '', format: 'FORMAT_MISSING_END', parse: 'STEP_MISSING_END' },
  m10_schema_ifc4: { input: '', format: 'FORMAT_SCHEMA_NOT_CAD', parse: '' },
  m11_schema_unknown: { input: '', format: 'FORMAT_SCHEMA_UNKNOWN?', parse: '' },
  m12_schema_empty: { input: '', format: 'FORMAT_SCHEMA_EMPTY?', parse: '' },
  m13_schema_missing: { input: '', format: 'FORMAT_HEADER_ENTITY_MISSING', parse: '' },
  m14_latin1_names: { input: '', format: 'FORMAT_NON_ASCII? FORMAT_INVALID_UTF8?', parse: '' },
  m15_invalid_utf8_and_ctrl: { input: '', format: 'FORMAT_NON_ASCII? FORMAT_INVALID_UTF8? FORMAT_CONTROL_CHARACTERS?', parse: '' },
  m16_utf16le_bom: { input: 'INTAKE_UNSUPPORTED_ENCODING', format: '-', parse: '-' },
  m17_utf8_bom: { input: '', format: 'FORMAT_BOM?', parse: '' },
  m18_data_on_one_line: { input: '', format: '', parse: '' },
  m19_10MB_string: { input: '', format: '', parse: 'STEP_LIMIT_STRING' },
  m20_missing_face_ref: { input: '', format: '', parse: 'STEP_DANGLING_REFERENCE' },
  m21_missing_shell_ref: { input: '', format: '', parse: 'STEP_DANGLING_REFERENCE' },
  m22_10pct_points_deleted: { input: '', format: '', parse: 'STEP_DANGLING_REFERENCE' },
  m23_cycle_self_oriented_edge: { input: '', format: '', parse: 'STEP_REFERENCE_CYCLE' },
  m24_cycle_mapped_item: { input: '', format: '', parse: 'STEP_REFERENCE_CYCLE' },
  m25_cycle_assembly_nauo: { input: '', format: '', parse: 'STEP_REFERENCE_CYCLE' },
  m26_cycle_assembly_reprel: { input: '', format: '', parse: 'STEP_REFERENCE_CYCLE' },
  m27_too_few_params: { input: '', format: '', parse: 'PART_BAD_ENTITY' },
  m28_advanced_face_missing_param: { input: '', format: '', parse: 'PART_BAD_ENTITY' },
  m29_too_many_params: { input: '', format: '', parse: 'PART_BAD_ENTITY' },
  m30_wrong_param_types: { input: '', format: '', parse: 'PART_BAD_ENTITY' },
  m31_duplicate_ids: { input: '', format: '', parse: 'STEP_DUPLICATE_ID' },
  m32_huge_ids: { input: '', format: '', parse: 'STEP_BAD_ENTITY_ID' },
  m33_overflow_coords: { input: '', format: '', parse: 'STEP_BAD_NUMBER' },
  m34_deep_nesting_100k: { input: '', format: '', parse: 'STEP_LIMIT_DEPTH' },
  m35_unterminated_string: { input: '', format: 'FORMAT_UNTERMINATED_STRING FORMAT_MISSING_END', parse: 'STEP_UNTERMINATED_STRING' },
  m36_unterminated_comment: { input: '', format: 'FORMAT_UNTERMINATED_COMMENT FORMAT_MISSING_END', parse: 'STEP_UNTERMINATED_COMMENT' },
  m37_lowercase_keywords: { input: '', format: 'FORMAT_LOWERCASE_KEYWORD', parse: '' },
  m38_no_semicolons: { input: '', format: 'FORMAT_ENDSEC_MISSING FORMAT_MISSING_SEMICOLON', parse: 'STEP_UNEXPECTED_TOKEN' },
  m39_unknown_entities: { input: '', format: '', parse: '' },
  m40_gzip_step: { input: 'INTAKE_COMPRESSED', format: '-', parse: '-' },
  m41_ascii_stl: { input: 'INTAKE_MESH_ONLY? INTAKE_EXTENSION_MISMATCH?', format: '-', parse: '-' },
  m42_curves_only_no_solid: { input: '', format: '', parse: 'PARSE_NO_SOLID_OR_SHELL PARSE_UNSUPPORTED_ENTITY?' },
  m43_points_only: { input: '', format: '', parse: 'PARSE_NO_SOLID_OR_SHELL PARSE_UNSUPPORTED_ENTITY?' },
  m44_nanometre_scale: { input: '', format: '', parse: '' },
  m45_50MB_unreferenced_points: { input: '', format: '', parse: '' },
  m46_50MB_repeated_solids: { input: '', format: '', parse: '' },
};

const summarise = (f: { code: string; severity: string }[]) =>
  [...new Set(f.filter((x) => x.severity !== 'info').map((x) => x.code + (x.severity === 'warning' ? '?' : '')))].join(' ');

describe.skipIf(!present)(`input, format and parse stages on realworld/malformed (${present ? DIR : `skipped: ${NO_SHARED_REASON}`})`, () => {
  it('every file has an expected outcome', () => {
    const names = readdirSync(DIR).filter((f) => /^m\d/.test(f)).map((f) => f.replace(/\.step(\.br)?$/, ''));
    expect(names.sort()).toEqual(Object.keys(EXPECTED).sort());
  });
  for (const [name, expected] of Object.entries(EXPECTED)) {
    it(`${name}: input [${expected.input}] format [${expected.format}] parse [${expected.parse}]`, async () => {
      const file = readdirSync(DIR).find((f) => f.startsWith(`${name}.`))!;
      let bytes = new Uint8Array(readFileSync(`${DIR}/${file}`));
      if (file.endsWith('.br')) bytes = new Uint8Array(brotliDecompressSync(bytes));
      const ictx = createInputContext(bytes, { name: file.replace(/\.br$/, ''), maxFileSizeMb: 100 });
      const input = await runStage('input', defaultInputValidators, ictx);
      let format = '-';
      let parse = '-';
      if (input.passed && ictx.sniff?.format === 'step') {
        const r = await runStage('format', defaultFormatValidators, createFormatContext(bytes));
        format = summarise(r.findings);
        expect(r.passed).toBe(!r.findings.some((f) => f.severity === 'error'));
        let step = null;
        let readError: unknown;
        let part: Part | null = null;
        let buildError: unknown;
        try {
          step = readStep(bytes);
        } catch (e) {
          readError = e;
        }
        if (step)
          try {
            part = buildPartFromStep(step);
          } catch (e) {
            buildError = e;
          }
        const p = await runStage('parse', [stepReadValidator, referencesValidator, solidsValidator, unsupportedEntitiesValidator], {
          format: 'step',
          step,
          readError,
          part,
          buildError,
        });
        parse = summarise(p.findings);
        // Every error finding says where or what: a location or entity id, or a message naming the cause.
        for (const f of p.findings) expect(f.message.length).toBeGreaterThan(10);
      }
      expect({ input: summarise(input.findings), format, parse }).toEqual(expected);
    });
  }
});
