import { stat } from 'node:fs/promises';

/**
 * Listed input in all up to which a several-file run uses one worker when `--concurrency` is not given
 * (≈ 14 MFCAD-sized parts). A second worker is a second set of fixed costs — its module load, its
 * OpenCascade instance and AAGNet session, its own JIT warm-up: ≈ 0.23–0.3 s of CPU even with the workers'
 * code cache (bench/README.md, session 8) — against at most half of the batch's warm work saved in wall
 * time (≈ 50 ms per small part), which on a batch this small is about what the second worker's own start-up
 * takes.
 */
export const ONE_WORKER_MAX_INPUT_BYTES = 1024 * 1024;

/**
 * How many pool workers the CLI starts for `files`: `concurrency` when the user gave it, else one for a
 * small batch ({@link ONE_WORKER_MAX_INPUT_BYTES} in all), else `cores`; never more than the files. A file
 * that cannot be stat'ed counts as large (its analysis reports why it cannot be read).
 * @internal
 */
export async function cliPoolWorkers(files: readonly string[], concurrency: number | undefined, cores: number): Promise<number> {
  if (concurrency !== undefined) return Math.max(1, Math.min(concurrency, files.length));
  const most = Math.max(1, Math.min(cores, files.length));
  if (most === 1) return 1;
  let total = 0;
  for (const file of files) {
    try {
      total += (await stat(file)).size;
    } catch {
      return most;
    }
    if (total > ONE_WORKER_MAX_INPUT_BYTES) return most;
  }
  return 1;
}
