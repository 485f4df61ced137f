import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/step/${name}`, import.meta.url));

/**
 * A checkout whose occt-import-js lost its .wasm: a copy of src/ (Node resolves packages from a module's real
 * path, so the sources must live beside the broken node_modules), and a node_modules of links to this
 * checkout's packages except occt-import-js, a real folder with its glue but no .wasm.
 */
function brokenInstall(): { root: string; wasm: string } {
  const root = mkdtempSync(join(tmpdir(), 'cadlens-broken-install-'));
  cpSync(join(repo, 'src'), join(root, 'src'), { recursive: true });
  for (const f of ['package.json', 'tsconfig.json']) copyFileSync(join(repo, f), join(root, f));
  symlinkSync(join(repo, 'models'), join(root, 'models'));
  const modules = realpathSync(join(repo, 'node_modules'));
  mkdirSync(join(root, 'node_modules'));
  for (const entry of readdirSync(modules)) if (entry !== 'occt-import-js') symlinkSync(join(modules, entry), join(root, 'node_modules', entry));
  const occtJs = createRequire(import.meta.url).resolve('occt-import-js');
  const dist = join(root, 'node_modules', 'occt-import-js', 'dist');
  mkdirSync(dist, { recursive: true });
  copyFileSync(join(dirname(occtJs), '..', 'package.json'), join(root, 'node_modules', 'occt-import-js', 'package.json'));
  copyFileSync(occtJs, join(dist, 'occt-import-js.js'));
  return { root, wasm: join(dist, 'occt-import-js.wasm') };
}

function runCli(cwd: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(cwd, 'src/runtime/node/cli/bin.ts'), ...args], { cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c));
    child.stderr.on('data', (c: Buffer) => (stderr += c));
    const killer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('cadlens CLI with occt-import-js.wasm missing (real process, real broken node_modules)', () => {
  let install: { root: string; wasm: string };
  beforeAll(() => {
    install = brokenInstall();
  });
  afterAll(() => rmSync(install.root, { recursive: true, force: true }));

  it('one file (in-process analyzer) and two files (analyzer pool): OCCT_UNAVAILABLE, systemic, naming the file and the fix; exit 1', async () => {
    const one = await runCli(install.root, ['analyze', fixture('cube.step')]);
    expect(one.code).toBe(1);
    expect(one.stdout).toContain('error OCCT_UNAVAILABLE (systemic)');
    expect(one.stdout).toContain(install.wasm);
    expect(one.stdout).toContain('reinstall it (npm ci');

    const two = await runCli(install.root, ['validate', '--ndjson', fixture('cube.step'), fixture('plate-hole.step')]);
    expect(two.code).toBe(1);
    const errors = two.stdout.trim().split('\n').map((line) => JSON.parse(line).error);
    expect(errors).toHaveLength(2);
    for (const error of errors) {
      expect(error).toMatchObject({ code: 'OCCT_UNAVAILABLE', kind: 'systemic', stage: 'parse' });
      expect(error.message).toContain(install.wasm);
    }
  });
});
