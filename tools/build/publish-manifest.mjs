#!/usr/bin/env node
// The package.json that `npm pack` and `npm publish` ship: this repository's, without `scripts`.
//
// Why: every script in it is for working on cadlens here (they call tools/, src/, vitest, tsx, typedoc, none of which
// ships), and `prepare` (it builds dist/ on `npm ci`) in the packed manifest made npm 11 warn on every install of
// the tarball: "1 package has install scripts not yet covered by allowScripts: cadlens@0.1.0 (prepare: …)" (new-user
// trial, session 24; npm lists `prepare` for tarball, git and folder installs).
//
// How: `prepack` builds dist/ if it is stale, then runs `strip`: package.json is saved beside itself
// (package.json.packing, git-ignored) and rewritten without `scripts`; npm packs that; `postpack` runs `restore`,
// which puts the saved bytes back (npm runs the postpack of the manifest it read before prepack). A pack that died in
// between leaves the saved copy: `node tools/build/publish-manifest.mjs restore` (or the next strip) puts it back.
// `--ignore-scripts` skips all of this: pack without it.
//
// Publishing: `npm publish` from the folder packs the same way, but then reads package.json again (restored by then)
// for the registry's metadata. Publish the packed tarball instead (`npm pack`, then `npm publish cadlens-<version>.tgz`):
// npm then takes the manifest from the tarball and runs no script.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Where `strip` keeps the repository's own package.json while npm packs. */
export const SAVED = 'package.json.packing';

/** The manifest as published: the repository's without `scripts`. */
export function publishedManifest(pkg) {
  const { scripts: _dev, ...published } = pkg;
  return published;
}

/** Puts a saved package.json back; true when there was one. */
export function restore(root) {
  const saved = join(root, SAVED);
  if (!existsSync(saved)) return false;
  renameSync(saved, join(root, 'package.json'));
  return true;
}

/**
 * Why npm will fail to write the tarball, known before stripping, or null: `npm pack --pack-destination <dir>` with a
 * folder that does not exist fails after `prepack` and skips `postpack`, which left package.json stripped — and the
 * next `npm pack`, finding no `prepack` in it, packed without building or stripping (new-user trial, session 24).
 */
export function packDestinationProblem(env = process.env) {
  const destination = env.npm_config_pack_destination;
  if (!destination || existsSync(destination)) return null;
  return `the pack destination ${destination} does not exist: create it first (npm does not)`;
}

/** Saves package.json and writes the published manifest in its place. */
export function strip(root) {
  restore(root); // a pack that died left its copy: that copy is the repository's own
  const path = join(root, 'package.json');
  const text = readFileSync(path, 'utf8');
  writeFileSync(join(root, SAVED), text);
  writeFileSync(path, `${JSON.stringify(publishedManifest(JSON.parse(text)), null, 2)}\n`);
}

function main() {
  const root = process.cwd();
  const command = process.argv[2];
  if (command === 'strip') {
    const problem = packDestinationProblem();
    if (problem) {
      console.error(`publish-manifest: ${problem}; package.json left as it is`);
      return 1;
    }
    strip(root);
  }
  else if (command === 'restore') restore(root);
  else {
    console.error('usage: publish-manifest.mjs strip | restore');
    return 2;
  }
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = main();
