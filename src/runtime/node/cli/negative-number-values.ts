/**
 * Joins `--flag -3` into `--flag=-3` for the given value-taking flags, so that a negative number reaches the
 * flag's own check ("must be a positive number") instead of node:util parseArgs' "argument is ambiguous",
 * which tells a user nothing about what the value should be. Only a value that reads as a number is joined:
 * `--tier --json` stays a missing value.
 * @internal
 */
export function joinNegativeNumberValues(argv: readonly string[], valueFlags: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const next = argv[i + 1];
    if (valueFlags.has(arg) && next !== undefined && /^-\d*\.?\d/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}
