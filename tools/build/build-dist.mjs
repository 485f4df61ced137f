#!/usr/bin/env node
// Builds dist/ with tsup unless it was already built from exactly these sources.
//
// `prepare` runs it on `npm install`/`npm ci` in this repository, and `prepack` on every `npm pack` / `npm publish`
// (before publish-manifest.mjs strips the scripts from the packed package.json): without this check CI built twice
// (npm ci, then the build step) and every pack rebuilt for minutes. The check is a
// SHA-256 over the build's inputs, written to dist/.build-inputs after a successful build; `--force`
// (`npm run build`) always rebuilds. Plain JS so it runs before anything is compiled.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Files and folders whose content decides what tsup produces. */
export const BUILD_INPUTS = ['src', 'adapters', 'package.json', 'package-lock.json', 'tsup.config.ts', 'tsconfig.json'];
/** The stamp written into dist/ after a successful build (left out of the tarball by package.json `files`). */
export const STAMP = join('dist', '.build-inputs');

function listFiles(root, entry, out) {
  const path = join(root, entry);
  if (!existsSync(path)) return out;
  if (statSync(path).isDirectory()) {
    for (const name of readdirSync(path).sort()) listFiles(root, join(entry, name), out);
  } else out.push(entry);
  return out;
}

/** SHA-256 over the relative path and content of every build input under `root`. */
export function buildInputsHash(root) {
  const hash = createHash('sha256');
  for (const file of BUILD_INPUTS.flatMap((entry) => listFiles(root, entry, []))) {
    hash.update(relative(root, join(root, file)).split('\\').join('/')).update('\0').update(readFileSync(join(root, file))).update('\0');
  }
  return hash.digest('hex');
}

/** True when dist/ holds a build of exactly the current inputs. */
export function distIsFresh(root) {
  const stamp = join(root, STAMP);
  return existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === buildInputsHash(root);
}

function main() {
  const root = process.cwd();
  const force = process.argv.includes('--force');
  if (!force && distIsFresh(root)) {
    console.log('dist/ was built from these sources: skipping tsup (`npm run build` forces a rebuild)');
    return 0;
  }
  const hash = buildInputsHash(root);
  rmSync(join(root, 'dist'), { recursive: true, force: true });
  const tsup = join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'tsup.cmd' : 'tsup');
  const run = spawnSync(tsup, [], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (run.status !== 0) return run.status ?? 1;
  writeFileSync(join(root, STAMP), `${hash}\n`);
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = main();
