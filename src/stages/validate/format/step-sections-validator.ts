import type { Finding } from '../finding.js';
import { defineValidator } from '../validator.js';
import type { FormatContext } from './format-context.js';
import { locateInBytes } from '../../../formats/step/step-errors.js';

/**
 * Format: section structure `HEADER; … ENDSEC;` then one or more `DATA; … ENDSEC;`, entity
 * instances only inside DATA, every statement ended by `;` and balanced parentheses.
 * Errors: `FORMAT_HEADER_MISSING`, `FORMAT_DATA_MISSING`, `FORMAT_ENDSEC_MISSING`,
 * `FORMAT_SECTION_ORDER`, `FORMAT_STRAY_STATEMENT`, `FORMAT_MISSING_SEMICOLON`,
 * `FORMAT_UNBALANCED_PARENS`, `FORMAT_LOWERCASE_KEYWORD`. Warning: `FORMAT_DATA_EMPTY`.
 */
export const stepSectionsValidator = defineValidator<FormatContext>({
  id: 'cadlens/format/step-sections',
  stage: 'format',
  validate(ctx): Finding[] {
    const scan = ctx.scan;
    if (!scan) return [];
    const out: Finding[] = [];
    const at = (offset: number) => locateInBytes(ctx.bytes, offset);
    const kws = scan.statements.filter((s) => s.keyword !== 'ISO-10303-21' && s.keyword !== 'END-ISO-10303-21');
    // Walk the section keywords: each opener must be closed by ENDSEC before the next opener.
    let open: { keyword: string; offset: number } | null = null;
    let sawHeader = false;
    let sawData = false;
    const hasHeader = kws.some((s) => s.keyword === 'HEADER');
    for (const s of kws) {
      if (s.keyword === 'ENDSEC') {
        if (!open)
          out.push({ code: 'FORMAT_SECTION_ORDER', severity: 'error', message: 'ENDSEC without an open section', location: at(s.offset) });
        open = null;
        continue;
      }
      if (open)
        out.push({
          code: 'FORMAT_ENDSEC_MISSING',
          severity: 'error',
          message: `${open.keyword} section is not closed by ENDSEC before ${s.keyword}`,
          location: at(s.offset),
        });
      if (s.keyword === 'HEADER') {
        if (sawHeader || sawData)
          out.push({ code: 'FORMAT_SECTION_ORDER', severity: 'error', message: 'HEADER must come once, first', location: at(s.offset) });
        sawHeader = true;
      } else if (s.keyword === 'DATA') {
        if (!sawHeader && hasHeader)
          out.push({ code: 'FORMAT_SECTION_ORDER', severity: 'error', message: 'DATA before HEADER', location: at(s.offset) });
        sawData = true;
      }
      open = s;
    }
    if (open && !scan.unterminated)
      out.push({
        code: 'FORMAT_ENDSEC_MISSING',
        severity: 'error',
        message: `${open.keyword} section is never closed by ENDSEC`,
        location: at(open.offset),
      });
    if (!sawHeader) out.push({ code: 'FORMAT_HEADER_MISSING', severity: 'error', message: 'no HEADER section' });
    if (!sawData) out.push({ code: 'FORMAT_DATA_MISSING', severity: 'error', message: 'no DATA section' });
    else if (!scan.unterminated && scan.dataEntityCounts.every((c) => c === 0))
      out.push({ code: 'FORMAT_DATA_EMPTY', severity: 'warning', message: 'the DATA section has no entity instances' });
    const stray = scan.strayStatements;
    if (stray.length > 0)
      out.push({
        code: 'FORMAT_STRAY_STATEMENT',
        severity: 'error',
        message: `${stray.length} statement(s) outside their section or unterminated (first: ${stray[0].keyword})`,
        location: at(stray[0].offset),
      });
    const counted: [keyof typeof scan & ('missingSemicolons' | 'unbalancedParens' | 'lowercaseKeywords'), string, string][] = [
      ['missingSemicolons', 'FORMAT_MISSING_SEMICOLON', 'entity instance(s) not ended by ";"'],
      ['unbalancedParens', 'FORMAT_UNBALANCED_PARENS', 'statement(s) with unbalanced parentheses'],
      ['lowercaseKeywords', 'FORMAT_LOWERCASE_KEYWORD', 'entity keyword(s) in lower case (Part 21 requires upper case)'],
    ];
    for (const [key, code, what] of counted) {
      const c = scan[key];
      if (c.count > 0) out.push({ code, severity: 'error', message: `${c.count} ${what}`, location: at(c.firstOffset) });
    }
    return out;
  },
});
