import type { Finding } from '../finding.js';
import { defineValidator } from '../validator.js';
import type { FormatContext } from './format-context.js';
import { locateInBytes } from '../../../formats/step/step-errors.js';

/**
 * Format: the exchange structure starts with `ISO-10303-21;` and ends with `END-ISO-10303-21;`, and
 * strings and comments are terminated. Errors: `FORMAT_MISSING_MAGIC`, `FORMAT_MISSING_END`,
 * `FORMAT_UNTERMINATED_STRING`, `FORMAT_UNTERMINATED_COMMENT`. Warning: `FORMAT_TRAILING_CONTENT`.
 * Info: `FORMAT_NOT_APPLICABLE` for IGES/BREP input.
 */
export const stepEnvelopeValidator = defineValidator<FormatContext>({
  id: 'cadlens/format/step-envelope',
  stage: 'format',
  validate(ctx): Finding[] {
    const scan = ctx.scan;
    if (!scan)
      return [{ code: 'FORMAT_NOT_APPLICABLE', severity: 'info', message: `Part 21 compliance checks apply to STEP only (input is ${ctx.format})` }];
    const out: Finding[] = [];
    const first = scan.statements[0];
    const firstStray = scan.strayStatements[0];
    const magicFirst = first?.keyword === 'ISO-10303-21' && (!firstStray || firstStray.offset > first.offset);
    if (!magicFirst)
      out.push({
        code: 'FORMAT_MISSING_MAGIC',
        severity: 'error',
        message: 'the file does not start with ISO-10303-21;',
        location: { line: 1, column: 1 },
      });
    if (scan.unterminated) {
      out.push({
        code: scan.unterminated.kind === 'string' ? 'FORMAT_UNTERMINATED_STRING' : 'FORMAT_UNTERMINATED_COMMENT',
        severity: 'error',
        message: `${scan.unterminated.kind === 'string' ? 'string literal' : 'comment'} opened here is never closed`,
        location: locateInBytes(ctx.bytes, scan.unterminated.offset),
      });
    }
    if (!scan.statements.some((s) => s.keyword === 'END-ISO-10303-21'))
      out.push({
        code: 'FORMAT_MISSING_END',
        severity: 'error',
        message: 'the file does not end with END-ISO-10303-21; (truncated?)',
        location: locateInBytes(ctx.bytes, ctx.bytes.length),
      });
    if (scan.trailingContentOffset >= 0)
      out.push({
        code: 'FORMAT_TRAILING_CONTENT',
        severity: 'warning',
        message: 'content after END-ISO-10303-21; is ignored',
        location: locateInBytes(ctx.bytes, scan.trailingContentOffset),
      });
    return out;
  },
});
