import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { REPO_DIR } from './shared-data.js';

/** True when dist/ holds a build (tests of the packed package need one: `npm run build`). */
export const HAS_DIST = existsSync(join(REPO_DIR, 'dist/index.js')) && existsSync(join(REPO_DIR, 'dist/index.cjs'));
/** The reason printed in the name of tests skipped for a missing build. */
export const NO_DIST_REASON = `${join(REPO_DIR, 'dist')} has no build: run \`npm run build\` first`;

/** The version of a package installed in the repository's node_modules. */
export const repoVersionOf = (pkg: string): string => JSON.parse(readFileSync(join(REPO_DIR, 'node_modules', pkg, 'package.json'), 'utf8')).version;

/**
 * The environment of a consumer's shell: this process's, without what npm adds when it runs a script
 * (`npm_config_*` would carry this repository's `.npmrc` — `onnxruntime-node-install=skip` among them — into
 * the consumer's npm and hide what a consumer really sees).
 */
export function consumerEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k) && k !== 'ONNXRUNTIME_NODE_INSTALL') env[k] = v;
  return { ...env, ...extra };
}

/**
 * The tarball `npm pack` of the repository makes, with the build that is there (tests do not spend minutes on
 * another), into `dir`; returns its path. npm's `prepack` would build a stale dist/ and then strip package.json's
 * scripts (tools/build/publish-manifest.mjs): here the files npm lists for the package are copied to a folder of
 * their own, the same strip runs there, and that folder is packed with `--ignore-scripts` — the repository's own
 * package.json is never rewritten under tests that run beside this one. (test/tooling/publish-manifest.test.ts runs
 * the real lifecycle, prepack and postpack included.)
 */
export function packTarball(dir: string): string {
  const npm = (args: string[], cwd: string) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: consumerEnv() });
  const [listing] = JSON.parse(npm(['pack', '--dry-run', '--json', '--ignore-scripts'], REPO_DIR)) as { files: { path: string }[] }[];
  const staged = join(dir, 'staged-package');
  for (const { path } of listing!.files) {
    mkdirSync(dirname(join(staged, path)), { recursive: true });
    copyFileSync(join(REPO_DIR, path), join(staged, path));
  }
  execFileSync(process.execPath, [join(REPO_DIR, 'tools/build/publish-manifest.mjs'), 'strip'], { cwd: staged });
  const out = npm(['pack', '--ignore-scripts', '--silent', '--pack-destination', dir], staged);
  return join(dir, out.trim().split('\n').pop()!);
}

/** How a consumer project got its packages. */
export type InstallMode = 'npm-install' | 'symlinked-node_modules';

/** The result of {@link installIntoConsumer}. */
export interface ConsumerInstall {
  mode: InstallMode;
  /** npm's stderr (empty for the symlinked fallback). */
  stderr: string;
}

/**
 * Makes `dir` an empty consumer project (`package.json` with `type`) and installs the tarball and `extras`
 * (`name@version`) the way a user would: `npm install` from the npm cache (`--prefer-offline`: only what the
 * cache lacks comes from the registry). With no registry, it unpacks the tarball into node_modules and links
 * the repository's packages beside it, and says so in `mode`.
 */
export function installIntoConsumer(
  dir: string,
  tarball: string,
  options: { type: 'module' | 'commonjs'; extras?: string[]; env?: Record<string, string>; ignoreScripts?: boolean },
): ConsumerInstall {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    // @types/node pinned to the repo's: other packages accept any @types/node, and the newest may not be cached.
    JSON.stringify({ name: `cadlens-consumer-${options.type}`, private: true, type: options.type, overrides: { '@types/node': repoVersionOf('@types/node') } }),
  );
  const args = ['install', tarball, ...(options.extras ?? []), '--prefer-offline', '--no-audit', '--no-fund', '--fetch-retries=0', '--fetch-timeout=30000'];
  if (options.ignoreScripts !== false) args.push('--ignore-scripts');
  const npm = spawnSync('npm', args, { cwd: dir, encoding: 'utf8', env: consumerEnv(options.env), timeout: 240_000 });
  if (npm.status === 0) return { mode: 'npm-install', stderr: npm.stderr };
  // Only an unreachable registry falls back (npm's own fetches: "request to <url> failed"); any other failure —
  // an install script that fails, a bad package.json — is the package's and fails the test.
  if (!/ENOTCACHED|request to \S+ failed/.test(npm.stderr ?? '') || /command failed/.test(npm.stderr ?? '')) {
    throw new Error(`npm install of the tarball failed (status ${npm.status}):\n${npm.stderr}`);
  }
  rmSync(join(dir, 'node_modules'), { recursive: true, force: true });
  mkdirSync(join(dir, 'node_modules'));
  execFileSync('tar', ['-xzf', tarball, '-C', dir]);
  renameSync(join(dir, 'package'), join(dir, 'node_modules', 'cadlens'));
  for (const name of readdirSync(join(REPO_DIR, 'node_modules'))) {
    if (name !== 'cadlens' && !name.startsWith('.')) symlinkSync(join(REPO_DIR, 'node_modules', name), join(dir, 'node_modules', name));
  }
  console.warn(`[packed-package] npm install failed without a registry: ${dir} uses the tarball with the repository's node_modules linked`);
  return { mode: 'symlinked-node_modules', stderr: '' };
}
