import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { REPO_DIR } from '../support/shared-data.js';

const SRC = join(REPO_DIR, 'src');
const IMPORT = /(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)['"](\.{1,2}\/[^'"]+)['"]/g;

/** The top-level folder of src a file lives in ('(root)' for src/*.ts). */
function folderOf(file: string): string {
  const parts = relative(SRC, file).split(sep);
  return parts.length > 1 ? parts[0]! : '(root)';
}

/** Folder → the folders its files import relatively (static, re-export and dynamic imports). */
function folderGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else if (e.name.endsWith('.ts')) {
        const from = folderOf(path);
        for (const m of readFileSync(path, 'utf8').matchAll(IMPORT)) {
          const target = resolve(dirname(path), m[1]!);
          if (!target.startsWith(SRC + sep)) continue;
          const to = folderOf(target);
          if (to !== from && to !== '(root)') (graph.get(from) ?? graph.set(from, new Set()).get(from)!).add(to);
        }
      }
    }
  };
  walk(SRC);
  return graph;
}

/** Every cycle among the folders, as 'a → b → … → a' (each reported once, from its smallest name). */
function cycles(graph: Map<string, Set<string>>): string[] {
  const out = new Set<string>();
  const visit = (start: string, node: string, path: string[]) => {
    for (const next of graph.get(node) ?? []) {
      if (next === start) out.add([...path, start].join(' → '));
      else if (!path.includes(next) && next > start) visit(start, next, [...path, next]);
    }
  };
  for (const start of [...graph.keys()].sort()) visit(start, start, [start]);
  return [...out];
}

describe('src/ layering', () => {
  it('no two top-level folders of src import each other, directly or round a loop (storage ↔ resilience was one)', () => {
    const graph = folderGraph();
    expect(graph.get('storage')).toBeDefined(); // the scan sees imports at all
    expect(cycles(graph)).toEqual([]);
  });

  it('the cycle finder finds a planted loop (control)', () => {
    const g = new Map([['a', new Set(['b'])], ['b', new Set(['c'])], ['c', new Set(['a'])], ['d', new Set(['a'])]]);
    expect(cycles(g)).toEqual(['a → b → c → a']);
  });
});
