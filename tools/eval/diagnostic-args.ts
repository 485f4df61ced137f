/**
 * The command line the evaluation's diagnostic tools share (instance-errors, hole-instance-diff): `--set`, `--tiers`,
 * `--limit`, `--part`, `--dir`, `--split`, `--json`, and any other `--name value` or bare `--flag` a tool reads.
 * @internal
 */
import type { SetName } from './eval-sets.js';
import type { TierId } from './run-tiers.js';

export interface DiagnosticArgs {
  set: SetName;
  tiers: TierId[];
  limit: number | undefined;
  /** `--part A,B`: only these parts. */
  only: string | undefined;
  /** The value after `--name`, if given. */
  opt(name: string): string | undefined;
  /** Whether the bare `--name` is present. */
  flag(name: string): boolean;
}

export function diagnosticArgs(argv: readonly string[], defaults: { set: SetName; tiers: string }): DiagnosticArgs {
  const opt = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const limit = opt('limit');
  return {
    set: (opt('set') ?? defaults.set) as SetName,
    tiers: (opt('tiers') ?? defaults.tiers).split(',') as TierId[],
    limit: limit !== undefined ? Number(limit) : undefined,
    only: opt('part'),
    opt,
    flag: (name) => argv.includes(`--${name}`),
  };
}
