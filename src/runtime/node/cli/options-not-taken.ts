/**
 * Commands that share one `parseArgs` call (`analyze`, `validate` and `schema`; the four `batch` subcommands) accept
 * the union of their options there, so each checks afterwards that it was given only its own: `cadlens validate
 * --tier 2` was accepted and the tier silently ignored (new-user trial, session 24).
 */

/** The option tokens of node:util `parseArgs({ tokens: true })` (the other kinds are ignored). */
export interface ParsedToken {
  kind: string;
  name?: string;
  rawName?: string;
}

/**
 * The first option among `tokens` whose name is not in `taken`, as the user wrote it (`--tier`, `-h`), or undefined
 * when every option given is one the command takes.
 * @internal
 */
export function optionNotTaken(tokens: readonly ParsedToken[] | undefined, taken: ReadonlySet<string>): string | undefined {
  for (const token of tokens ?? []) {
    if (token.kind === 'option' && token.name !== undefined && !taken.has(token.name)) return token.rawName ?? `--${token.name}`;
  }
  return undefined;
}
