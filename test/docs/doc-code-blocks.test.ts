import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import ts from 'typescript';
import { REPO_DIR } from '../support/shared-data.js';
import { PG_URL, dropSchema, newPool, pgSkipReason, testSchemaName } from '../adapters/helpers/pg.js';
import { DOC_BLOCK_FLAGS, allDocBlocks, blockFileName, exportSourcePaths, extractTsBlocks, type DocBlock } from './doc-blocks.js';

/**
 * Every ```ts block of README.md and docs/ is type-checked against the package's sources (the import
 * specifiers `cadlens`, `cadlens/node`, `cadlens/adapters/*`… mapped to src through the package's own
 * `exports`), and every block flagged `runnable` is run with tsx in a child process. Flags are
 * documented in ./doc-blocks.ts.
 */
const blocks = allDocBlocks(REPO_DIR);
const workDir = join(REPO_DIR, '.cache', `doc-blocks-${process.pid}`);
const label = (b: DocBlock) => `${b.file}:${b.line}${b.flags.length ? ` (${b.flags.join(' ')})` : ''}`;

/** A tsconfig in the work folder: the repository's options, the package's entries mapped to source. */
function writeTsconfig(): string {
  const paths = Object.fromEntries(Object.entries(exportSourcePaths(REPO_DIR)).map(([spec, file]) => [spec, [file]]));
  const path = join(workDir, 'tsconfig.json');
  writeFileSync(
    path,
    JSON.stringify(
      {
        extends: join(REPO_DIR, 'tsconfig.json'),
        // Each block is its own module even without an import, so blocks never share globals.
        compilerOptions: { baseUrl: '.', paths, moduleDetection: 'force', noEmit: true },
        files: blocks.map(blockFileName),
        include: [],
      },
      null,
      2,
    ),
  );
  return path;
}

/** Top-level statements carrying `declare` (the placeholders of a fragment). */
function declaredPlaceholders(code: string): string[] {
  const sf = ts.createSourceFile('block.ts', code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  return sf.statements
    .filter((s) => ts.canHaveModifiers(s) && ts.getModifiers(s)?.some((m) => m.kind === ts.SyntaxKind.DeclareKeyword))
    .map((s) => s.getText(sf).split('\n')[0]!);
}

let tsconfigPath = '';
beforeAll(() => {
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  for (const b of blocks) writeFileSync(join(workDir, blockFileName(b)), b.code);
  tsconfigPath = writeTsconfig();
});
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe('the extractor', () => {
  it('finds ts/typescript blocks with their flags and lines, and nothing else', () => {
    const md = ['# t', '```ts', 'const a = 1;', '```', '```sh', 'npm i', '```', '', '```typescript fragment', 'declare const b: number;', '```', '```json', '{}', '```'].join('\n');
    expect(extractTsBlocks(md, 'x.md')).toEqual([
      { file: 'x.md', line: 2, flags: [], code: 'const a = 1;\n' },
      { file: 'x.md', line: 9, flags: ['fragment'], code: 'declare const b: number;\n' },
    ]);
  });

  it('maps every public entry of package.json to a source file', () => {
    const paths = exportSourcePaths(REPO_DIR);
    for (const spec of ['cadlens', 'cadlens/node', 'cadlens/browser', 'cadlens/testing', 'cadlens/adapters/memory', 'cadlens/adapters/file', 'cadlens/adapters/postgres', 'cadlens/adapters/supabase']) {
      expect(paths[spec], spec).toMatch(/\.ts$/);
    }
  });
});

describe('TypeScript blocks in README.md and docs/', () => {
  it('there are blocks to check (README and docs both have some)', () => {
    expect(blocks.some((b) => b.file === 'README.md')).toBe(true);
    expect(blocks.filter((b) => b.file.startsWith('docs')).length).toBeGreaterThan(5);
  });

  it('use only known flags, and `postgres` only on runnable blocks', () => {
    const bad = blocks.flatMap((b) => [
      ...b.flags.filter((f) => !(DOC_BLOCK_FLAGS as readonly string[]).includes(f)).map((f) => `${label(b)}: unknown flag ${f}`),
      ...(b.flags.includes('postgres') && !b.flags.includes('runnable') ? [`${label(b)}: postgres without runnable`] : []),
      ...(b.flags.includes('fragment') && b.flags.includes('runnable') ? [`${label(b)}: a fragment cannot run`] : []),
    ]);
    expect(bad).toEqual([]);
  });

  it('fragments declare their placeholders visibly, and complete blocks declare nothing', () => {
    const bad = blocks.flatMap((b) => {
      const declared = declaredPlaceholders(b.code);
      if (b.flags.includes('fragment')) return declared.length === 0 ? [`${label(b)}: a fragment without declared placeholders (drop the flag?)`] : [];
      return declared.map((d) => `${label(b)}: \`${d}\` in a block not flagged fragment`);
    });
    expect(bad).toEqual([]);
  });

  /** Every diagnostic of every block, type-checked against the sources with the repository's options plus `extra`. */
  function blockProblems(extra: ts.CompilerOptions = {}): string[] {
    const parsed = ts.getParsedCommandLineOfConfigFile(tsconfigPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); } });
    expect(parsed?.errors ?? []).toEqual([]);
    const program = ts.createProgram({ rootNames: parsed!.fileNames, options: { ...parsed!.options, ...extra } });
    const byFile = new Map(blocks.map((b) => [join(workDir, blockFileName(b)), b]));
    const problems: string[] = [];
    for (const [file, block] of byFile) {
      const sf = program.getSourceFile(file);
      if (!sf) {
        problems.push(`${label(block)}: not in the program`);
        continue;
      }
      for (const d of [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)]) {
        const { line } = sf.getLineAndCharacterOfPosition(d.start ?? 0);
        problems.push(`${block.file}:${block.line + 1 + line}: TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
      }
    }
    return problems;
  }

  it('every block type-checks against the sources', () => {
    expect(blockProblems()).toEqual([]);
  }, 300_000);

  // `tsc --init` (TypeScript 5.9) turns these two on, so a new project copying a block has them: an option typed
  // `adminToken?: string` then refuses `process.env.CADLENS_ADMIN_TOKEN` (string | undefined), `files![0]` is
  // `File | undefined`.
  it("every block also type-checks with exactOptionalPropertyTypes and noUncheckedIndexedAccess, as in a project made by `tsc --init`", () => {
    expect(blockProblems({ exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true })).toEqual([]);
  }, 300_000);
});

/** Runs one block with tsx in a fresh folder holding `bracket.step` (the repository's sample part). */
function runBlock(block: DocBlock, env: Record<string, string> = {}) {
  const cwd = join(workDir, `run-${blockFileName(block).replace(/\.ts$/, '')}`);
  mkdirSync(cwd, { recursive: true });
  copyFileSync(join(REPO_DIR, 'examples', 'parts', 'plate-hole-pocket.step'), join(cwd, 'bracket.step'));
  const tsx = join(REPO_DIR, 'node_modules', '.bin', 'tsx');
  // The kill timeout only keeps a hung block from hanging the suite; nothing here measures time.
  const r = spawnSync(tsx, ['--tsconfig', tsconfigPath, join(workDir, blockFileName(block))], {
    cwd,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 100_000, // below vitest's 120 s test timeout, so a hung block fails with its own stderr
    killSignal: 'SIGKILL',
  });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

const runnable = blocks.filter((b) => b.flags.includes('runnable'));

describe('runnable blocks run with tsx', () => {
  it('there are runnable blocks, the README composed example among them', () => {
    expect(runnable.length).toBeGreaterThan(3);
    expect(runnable.some((b) => b.file === 'README.md' && b.flags.includes('postgres'))).toBe(true);
  });

  for (const block of runnable.filter((b) => !b.flags.includes('postgres'))) {
    it(`${label(block)} exits 0`, () => {
      const r = runBlock(block);
      expect({ status: r.status, signal: r.signal, stderr: r.stderr }).toEqual({ status: 0, signal: null, stderr: '' });
    });
  }
});

const pgSkip = await pgSkipReason();

describe.skipIf(pgSkip !== false)(`runnable PostgreSQL blocks${pgSkip ? ` — ${pgSkip}` : ''}`, () => {
  for (const block of runnable.filter((b) => b.flags.includes('postgres'))) {
    it(`${label(block)} runs against the real PostgreSQL in a throwaway schema`, async () => {
      const schema = testSchemaName('docs');
      const pool = newPool(2);
      try {
        const r = runBlock(block, { DATABASE_URL: PG_URL, CADLENS_PG_SCHEMA: schema });
        expect({ status: r.status, signal: r.signal, stderr: r.stderr }).toEqual({ status: 0, signal: null, stderr: '' });
        if (block.file === 'README.md') {
          // The composed example: one analysis of the sample part at Tier 1, recorded in PostgreSQL.
          const audit = await pool.query(`SELECT event_type, details FROM "${schema}".cad_processing_audit ORDER BY time, id`);
          const types = audit.rows.map((row: { event_type: string }) => row.event_type);
          expect(types).toEqual(['validation_complete', 'processing_complete']);
          const done = audit.rows[1].details as { tier: number; quality: number };
          expect(done.tier).toBe(1);
          expect(done.quality).toBe(1);
          const samples = await pool.query(`SELECT ok, recognized, tier FROM "${schema}".cad_processing_samples`);
          expect(samples.rows).toEqual([{ ok: true, recognized: true, tier: 'tier1' }]);
          const dead = await pool.query(`SELECT count(*)::int AS n FROM "${schema}".failed_cad_analyses`);
          expect(dead.rows[0].n).toBe(0);
        }
      } finally {
        await dropSchema(pool, schema);
        await pool.end();
      }
    });
  }
});
