import type { Finding } from '../finding.js';
import { defineValidator } from '../validator.js';
import type { FormatContext } from './format-context.js';
import { locateInBytes } from '../../../formats/step/step-errors.js';

/**
 * Format: the encoding Part 21 asks for — 7-bit characters, non-ASCII text written with the
 * `\X\`, `\X2\…\X0\` or `\X4\…\X0\` escapes, no byte-order mark, no control characters.
 * All warnings (the reader copes): `FORMAT_BOM`, `FORMAT_NON_ASCII` (valid UTF-8 or other 8-bit
 * bytes), `FORMAT_INVALID_UTF8` (bytes that are not UTF-8; read as ISO 8859-1),
 * `FORMAT_CONTROL_CHARACTERS`.
 */
export const encodingValidator = defineValidator<FormatContext>({
  id: 'cadlens/format/encoding',
  stage: 'format',
  validate(ctx): Finding[] {
    const scan = ctx.scan;
    if (!scan) return [];
    const out: Finding[] = [];
    const at = (o: number) => locateInBytes(ctx.bytes, o);
    if (scan.bom)
      out.push({
        code: 'FORMAT_BOM',
        severity: 'warning',
        message: 'UTF-8 byte-order mark before ISO-10303-21; (not allowed by Part 21; OpenCascade rejects it, cadlens strips it)',
        location: { line: 1, column: 1 },
      });
    if (scan.nonAscii.count > 0)
      out.push({
        code: 'FORMAT_NON_ASCII',
        severity: 'warning',
        message: `${scan.nonAscii.count} non-ASCII character(s) outside escapes; Part 21 expects \\X\\, \\X2\\ or \\X4\\ encoding`,
        location: at(scan.nonAscii.firstOffset),
      });
    if (scan.invalidUtf8.count > 0)
      out.push({
        code: 'FORMAT_INVALID_UTF8',
        severity: 'warning',
        message: `${scan.invalidUtf8.count} byte(s) that are not valid UTF-8 (read as ISO 8859-1)`,
        location: at(scan.invalidUtf8.firstOffset),
      });
    if (scan.controlChars.count > 0)
      out.push({
        code: 'FORMAT_CONTROL_CHARACTERS',
        severity: 'warning',
        message: `${scan.controlChars.count} control character(s)`,
        location: at(scan.controlChars.firstOffset),
      });
    return out;
  },
});
