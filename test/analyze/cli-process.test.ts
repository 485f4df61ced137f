import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { spawnCli } from '../support/cli-process.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/step/${name}`, import.meta.url));

describe('cadlens CLI as a real process', () => {
  it('stdout closed by its reader (`| head -3`): quiet exit, status 0, no EPIPE stack', async () => {
    const child = spawnCli(['analyze', fixture('cube.step'), fixture('plate-hole.step'), fixture('cube-inch.step')]);
    child.stdin.end();
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c));
    // Like `head -3`: read the first three lines, then close the read end of the pipe.
    child.stdout.on('data', (c: Buffer) => {
      stdout += c;
      if (stdout.split('\n').length > 3) child.stdout.destroy();
    });
    const killer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('close', (c, s) => resolve([c, s])));
    clearTimeout(killer);
    expect(stdout).toContain('cube.step');
    expect(stderr).not.toMatch(/EPIPE|Error:|\n\s+at /);
    expect(stderr).toBe('');
    expect(signal).toBeNull();
    expect(code).toBe(0);
  });
});
