/**
 * The STL parts a dev diagnostic looks at: `DIR` then `--part NAME` (one part) or `--limit N` (an even
 * sample of the sorted names); `--verbose` for per-face lines. Shared by stl-gap.ts and stl-graph-diff.ts.
 * @internal
 */
import { readdirSync } from 'node:fs';

/** Parsed command line of an STL diagnostic. */
export function stlDiagnosticArgs(args: readonly string[]): { dir: string; names: string[]; verbose: boolean } {
  const dir = args[0];
  const limit = args.includes('--limit') ? Number(args[args.indexOf('--limit') + 1]) : Infinity;
  let names = readdirSync(dir).filter((f) => f.endsWith('.stl')).map((f) => f.slice(0, -4)).sort();
  if (args.includes('--part')) names = [args[args.indexOf('--part') + 1]];
  else if (names.length > limit) names = Array.from({ length: limit }, (_, i) => names[Math.floor((i * names.length) / limit)]);
  return { dir, names, verbose: args.includes('--verbose') };
}
