import type { Finding } from '../validate/finding.js';
import { defineValidator } from '../validate/validator.js';
import { FORMAT_EXTENSIONS, type InputContext } from './input-context.js';

/**
 * Input: the content is a format cadlens reads. Always reports the decision as `INTAKE_FORMAT_DETECTED`
 * (info). Errors: `INTAKE_COMPRESSED` (gzip/zip/…), `INTAKE_UNSUPPORTED_ENCODING` (UTF-16/32),
 * `INTAKE_UNKNOWN_FORMAT`. Warnings: `INTAKE_MESH_ONLY` (STL/OBJ/PLY: no B-Rep, only mesh tiers apply),
 * `INTAKE_POINTS_ONLY` (XYZ), `INTAKE_EXTENSION_MISMATCH` (name says one format, content another).
 */
export const formatSniffValidator = defineValidator<InputContext>({
  id: 'cadlens/input/format-sniff',
  stage: 'input',
  validate(ctx): Finding[] {
    const s = ctx.sniff;
    if (!s) return [];
    const out: Finding[] = [];
    if (s.compression) {
      out.push({
        code: 'INTAKE_COMPRESSED',
        severity: 'error',
        message: `input is ${s.compression}-compressed; decompress it first (e.g. a .stpZ is gzip-compressed STEP)`,
      });
      return out;
    }
    if (s.unsupportedEncoding) {
      out.push({
        code: 'INTAKE_UNSUPPORTED_ENCODING',
        severity: 'error',
        message: `input is ${s.unsupportedEncoding.toUpperCase()} text; STEP/IGES must be 8-bit text (ASCII, ISO 8859-1 or UTF-8)`,
      });
      return out;
    }
    if (s.format === 'unknown') {
      out.push({ code: 'INTAKE_UNKNOWN_FORMAT', severity: 'error', message: `unrecognised input: ${s.reason}` });
      return out;
    }
    out.push({
      code: 'INTAKE_FORMAT_DETECTED',
      severity: 'info',
      message: `format ${s.format}${s.variant ? ` (${s.variant})` : ''}: ${s.reason}`,
    });
    if (s.kind === 'mesh')
      out.push({
        code: 'INTAKE_MESH_ONLY',
        severity: 'warning',
        message: `${s.format.toUpperCase()} is a triangle mesh: no B-Rep faces, surfaces or STEP ids; only mesh-based analysis applies`,
      });
    if (s.kind === 'points')
      out.push({ code: 'INTAKE_POINTS_ONLY', severity: 'warning', message: 'input is a point list: no surfaces or faces' });
    const name = ctx.name ?? ctx.file?.path;
    const ext = name && /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase();
    if (ext) {
      const claimed = (Object.keys(FORMAT_EXTENSIONS) as (keyof typeof FORMAT_EXTENSIONS)[]).find((k) =>
        FORMAT_EXTENSIONS[k].includes(ext),
      );
      if (claimed && claimed !== s.format && !(s.format === 'xyz' && ext === 'txt'))
        out.push({
          code: 'INTAKE_EXTENSION_MISMATCH',
          severity: 'warning',
          message: `file name says .${ext} (${claimed}) but the content is ${s.format}`,
        });
    }
    return out;
  },
});
