import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const fixture = fileURLToPath(new URL('../fixtures/step/plate-hole.step', import.meta.url));

describe('the occt worker never writes to the host console (real process)', () => {
  it('console.log, console.error and process.stdout.write inside the worker reach neither stdout nor stderr', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cadlens-worker-'));
    // A worker script that loads the real one, then prints the way a stray log in occt's glue would.
    const noisy = join(dir, 'noisy-worker.mjs');
    writeFileSync(
      noisy,
      `await import(${JSON.stringify(pathToFileURL(join(repo, 'src/runtime/node/occt-worker.mjs')).href)});
console.log('worker noise: console.log');
console.error('worker noise: console.error');
process.stdout.write('worker noise: stdout\\n');
process.stderr.write('worker noise: stderr\\n', () => {});
`,
    );
    const script = join(dir, 'script.mts');
    writeFileSync(
      script,
      `import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { createOcctWorkerTessellator } from ${JSON.stringify(pathToFileURL(join(repo, 'src/runtime/node/occt-worker-tessellator.ts')).href)};
const tess = createOcctWorkerTessellator({ workerUrl: pathToFileURL(${JSON.stringify(noisy)}) });
const r = await tess.tessellate(new Uint8Array(readFileSync(process.argv[2])), 'step');
await tess.close();
process.stdout.write('meshes ' + r.meshes.length + '\\n');
`,
    );
    const run = spawnSync(process.execPath, ['--import', 'tsx', script, fixture], { cwd: repo, encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('meshes 1\n');
    expect(run.status).toBe(0);
  });
});
