import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * TypeScript code blocks of the documentation, and how the tests treat each one.
 *
 * A block is fenced with ```ts or ```typescript; words after the language are flags:
 * - (none): a complete program. It must type-check against the package's sources as written.
 * - `fragment`: deliberately not a complete program (it continues an earlier block, or stands for
 *   part of a larger one). It must still type-check, with every name it does not define given as a
 *   visible `declare` placeholder in the block itself, so a fragment can never hide an undefined name.
 * - `runnable`: also executed with tsx in a child process, which must exit 0 promptly.
 * - `postgres` (with `runnable`): needs `DATABASE_URL` and `CADLENS_PG_SCHEMA`; the test gives it the local
 *   PostgreSQL and a throwaway schema.
 */
export type DocBlockFlag = 'fragment' | 'runnable' | 'postgres';

export const DOC_BLOCK_FLAGS: readonly DocBlockFlag[] = ['fragment', 'runnable', 'postgres'];

export interface DocBlock {
  /** Markdown file, relative to the repository root. */
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** Flags after the language word (unknown words are kept so a test can reject them). */
  flags: string[];
  code: string;
}

const FENCE = /^(\s*)(`{3,}|~{3,})\s*([^`\s]*)\s*(.*)$/;

/** Every fenced ```ts / ```typescript block of one markdown text. */
export function extractTsBlocks(markdown: string, file: string): DocBlock[] {
  const lines = markdown.split('\n');
  const blocks: DocBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]!);
    if (!open) continue;
    const [, indent, fence, lang, rest] = open;
    let end = i + 1;
    while (end < lines.length && !lines[end]!.trimStart().startsWith(fence!)) end++;
    if (lang === 'ts' || lang === 'typescript') {
      const body = lines.slice(i + 1, end).map((l) => (l.startsWith(indent!) ? l.slice(indent!.length) : l));
      blocks.push({ file, line: i + 1, flags: rest!.split(/\s+/).filter(Boolean), code: body.join('\n') + '\n' });
    }
    i = end;
  }
  return blocks;
}

/** README.md and every markdown file under docs/ (recursively), relative to `root`, sorted. */
export function docFiles(root: string): string[] {
  const out = ['README.md'];
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = join(dir, entry.name);
      // docs/api is typedoc's generated output (git-ignored), not documentation we write.
      if (entry.isDirectory() && path !== join('docs', 'api')) walk(path);
      else if (entry.isFile() && entry.name.endsWith('.md')) out.push(path);
    }
  };
  if (existsSync(join(root, 'docs'))) walk('docs');
  return out.sort();
}

/** All TypeScript blocks of README.md and docs/**\/*.md. */
export function allDocBlocks(root: string): DocBlock[] {
  return docFiles(root).flatMap((file) => extractTsBlocks(readFileSync(join(root, file), 'utf8'), relative(root, join(root, file))));
}

/** A stable file name for a block (`docs/adapters/file.md` line 7 → `docs_adapters_file_md_L7.ts`). */
export function blockFileName(block: DocBlock): string {
  return `${block.file.replace(/[^A-Za-z0-9]+/g, '_')}_L${block.line}.ts`;
}

/**
 * The package's import specifiers mapped to their sources, read from package.json `exports`
 * (`./dist/<p>.js` → `src/<p>.ts`, or `<p>.ts` for the adapters), so every public entry is covered.
 */
export function exportSourcePaths(root: string): Record<string, string> {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    name: string;
    exports: Record<string, string | { import?: string | { default?: string } }>;
  };
  const paths: Record<string, string> = {};
  for (const [key, target] of Object.entries(pkg.exports)) {
    // `import` is a path, or `{ types, default }` (conditions nested per format).
    const imp = typeof target === 'string' ? target : target.import;
    const built = typeof imp === 'string' ? imp : imp?.default;
    if (!built || !built.startsWith('./dist/') || !built.endsWith('.js')) continue;
    const stem = built.slice('./dist/'.length, -'.js'.length);
    const source = [join(root, 'src', `${stem}.ts`), join(root, `${stem}.ts`)].find((p) => existsSync(p));
    if (!source) throw new Error(`package.json exports ${key} → ${built}, but neither src/${stem}.ts nor ${stem}.ts exists`);
    paths[key === '.' ? pkg.name : `${pkg.name}/${key.slice(2)}`] = source;
  }
  return paths;
}
