import { spawn, type ChildProcessWithoutNullStreams, type SpawnOptionsWithoutStdio } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../..', import.meta.url));

/** The CLI's real entry point, run from the sources through tsx (no build needed). */
export const CLI_BIN = fileURLToPath(new URL('../../src/runtime/node/cli/bin.ts', import.meta.url));

/** Starts `cadlens <args>` as a real child process (Node + tsx on the sources), cwd = repository root. */
export function spawnCli(args: readonly string[], options: SpawnOptionsWithoutStdio = {}): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['--import', 'tsx', CLI_BIN, ...args], {
    cwd: repo,
    ...options,
    env: { ...process.env, ...options.env },
  });
}

/** What a finished CLI process left behind. */
export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `cadlens <args>` to completion (killed after `timeoutMs`). */
export function runCliProcess(args: readonly string[], options: SpawnOptionsWithoutStdio & { timeoutMs?: number } = {}): Promise<CliRun> {
  const { timeoutMs = 90_000, ...spawnOptions } = options;
  return new Promise((resolve, reject) => {
    const child = spawnCli(args, spawnOptions);
    child.stdin.end();
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c));
    child.stderr.on('data', (c: Buffer) => (stderr += c));
    const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}
