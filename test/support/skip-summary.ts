import type { TestProject } from 'vitest/node';

/** A skipped test as the summary sees it: its name with the names of the suites around it. */
export interface SkippedTest {
  /** Suite and test names from the outside in. */
  names: readonly string[];
}

/** Used when no suite or test name around a skipped test says why (`it.skip`, a `-t` filter). */
export const NO_REASON = 'no reason in the test name (it.skip or filtered out)';

/**
 * The reason a skipped test gives, read from its name or the nearest suite name that has one: the text after
 * `skipped: `, else after the last ` — `. The repository's skip titles follow that form (see
 * test/support/shared-data.ts `sharedTitle`); a reason in parentheses loses its closing one.
 */
export function skipReasonOf(test: SkippedTest): string {
  for (const name of [...test.names].reverse()) {
    const at = name.lastIndexOf('skipped: ');
    const dash = name.lastIndexOf(' — ');
    let reason = at >= 0 ? name.slice(at + 'skipped: '.length) : dash >= 0 ? name.slice(dash + ' — '.length) : '';
    reason = reason.trim();
    const unbalanced = (reason.match(/\)/g)?.length ?? 0) - (reason.match(/\(/g)?.length ?? 0);
    if (unbalanced > 0 && reason.endsWith(')')) reason = reason.slice(0, -1).trim();
    if (reason) return reason;
  }
  return NO_REASON;
}

/**
 * One line: how many tests were skipped, grouped by reason, largest group first —
 * `[skipped] 417 of 1408 tests: 398 shared data not found at … ; 19 large assembly, set CADLENS_FULL=1`.
 * Null when nothing was skipped.
 */
export function summarizeSkips(skipped: readonly SkippedTest[], total: number): string | null {
  if (skipped.length === 0) return null;
  const counts = new Map<string, number>();
  for (const t of skipped) {
    const reason = skipReasonOf(t);
    counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  const groups = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return `[skipped] ${skipped.length} of ${total} tests: ${groups.map(([reason, n]) => `${n} ${reason}`).join('; ')}`;
}

/**
 * Vitest global setup: at the end of the run, print the one-line skip summary. A teardown rather than a
 * reporter, so it is printed whatever `--reporter` the command line chooses (CI passes its own).
 */
export default function setup(project: TestProject): () => void {
  return () => {
    const skipped: SkippedTest[] = [];
    let total = 0;
    for (const module of project.vitest.state.getTestModules()) {
      for (const test of module.children.allTests()) {
        total++;
        if (test.result().state !== 'skipped') continue;
        const names: string[] = [];
        for (let p: { type: string; name?: string; parent?: unknown } = test.parent; p.type === 'suite'; p = p.parent as typeof p) names.unshift(p.name!);
        skipped.push({ names: [...names, test.name] });
      }
    }
    const line = summarizeSkips(skipped, total);
    if (line) console.log(line);
  };
}
