import { chmod, mkdtemp, rm, truncate, writeFile, mkdir } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectInputFile, readInputFile } from '../../src/runtime/node/input-file.js';
import { createInputContext, defaultInputValidators } from '../../src/stages/intake/index.js';
import { runStage } from '../../src/stages/validate/validator.js';

/** The uid and gid of `nobody` on Linux, for the unreadable-file check when the tests run as root. */
const NOBODY = 65534;
/** Runs the Node input stage on `path` in a child process as `nobody` (the caller is root). */
function readAsNobody(path: string): { uid: number; codes: string[] } {
  const child = fileURLToPath(new URL('children/read-input-file.ts', import.meta.url));
  const out = execFileSync(process.execPath, ['--import', 'tsx', child, path], { uid: NOBODY, gid: NOBODY, env: { ...process.env, HOME: tmpdir() }, encoding: 'utf8' });
  return JSON.parse(out);
}
const codes = (f: { code: string; severity: string }[]) => f.filter((x) => x.severity !== 'info').map((x) => x.code);
const enc = (s: string) => new TextEncoder().encode(s);
const CUBE_HEAD = 'ISO-10303-21;\nHEADER;\nFILE_DESCRIPTION((\'\'),\'2;1\');\nENDSEC;\nDATA;\nENDSEC;\nEND-ISO-10303-21;\n';

describe('input stage on bytes (browser-safe)', () => {
  it('passes STEP bytes and reports the format', async () => {
    const r = await runStage('input', defaultInputValidators, createInputContext(enc(CUBE_HEAD), { name: 'a.step' }));
    expect(r.passed).toBe(true);
    expect(r.findings.map((f) => f.code)).toEqual(['INTAKE_FORMAT_DETECTED']);
  });
  it('empty input: INTAKE_EMPTY', async () => {
    const r = await runStage('input', defaultInputValidators, createInputContext(new Uint8Array(0)));
    expect(r.passed).toBe(false);
    expect(codes(r.findings)).toEqual(['INTAKE_EMPTY']);
  });
  it('over the size limit: INTAKE_TOO_LARGE and no sniffing', async () => {
    const ctx = createInputContext(enc(CUBE_HEAD), { maxFileSizeMb: 0.00001 });
    expect(ctx.sniff).toBeNull();
    const r = await runStage('input', defaultInputValidators, ctx);
    expect(codes(r.findings)).toEqual(['INTAKE_TOO_LARGE']);
    // In bytes: under 1 MiB a size in MiB would read "0.0 MiB, over the limit".
    expect(r.findings[0].message).toBe(`input is ${CUBE_HEAD.length} bytes, over the limit of 0.00001 MiB = 10 bytes (MAX_FILE_SIZE_MB); not read`);
  });
  it('gzip: INTAKE_COMPRESSED', async () => {
    const r = await runStage('input', defaultInputValidators, createInputContext(new Uint8Array([0x1f, 0x8b, 8, 0])));
    expect(codes(r.findings)).toEqual(['INTAKE_COMPRESSED']);
  });
  it('ASCII STL named .step: mesh-only warning and extension mismatch, stage passes', async () => {
    const r = await runStage('input', defaultInputValidators, createInputContext(enc('solid x\nfacet normal 0 0 1\n'), { name: 'x.step' }));
    expect(r.passed).toBe(true);
    expect(codes(r.findings)).toEqual(['INTAKE_MESH_ONLY', 'INTAKE_EXTENSION_MISMATCH']);
  });
  it('binary garbage: INTAKE_UNKNOWN_FORMAT', async () => {
    const b = new Uint8Array(512).map((_, i) => (i * 37) % 251);
    expect(codes((await runStage('input', defaultInputValidators, createInputContext(b))).findings)).toEqual(['INTAKE_UNKNOWN_FORMAT']);
  });
});

describe('input stage on paths (Node)', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cadlens-input-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('missing file: INTAKE_NOT_FOUND', async () => {
    const r = await readInputFile(join(dir, 'nope.step'));
    expect(r.bytes).toBeNull();
    expect(codes(r.stage.findings)).toEqual(['INTAKE_NOT_FOUND']);
  });
  it('directory: INTAKE_NOT_A_FILE', async () => {
    await mkdir(join(dir, 'sub'));
    const r = await readInputFile(join(dir, 'sub'));
    expect(codes(r.stage.findings)).toEqual(['INTAKE_NOT_A_FILE']);
    expect(r.stage.findings[0].message).toContain('directory');
  });
  it('empty file: INTAKE_EMPTY', async () => {
    await writeFile(join(dir, 'empty.step'), '');
    expect(codes((await readInputFile(join(dir, 'empty.step'))).stage.findings)).toEqual(['INTAKE_EMPTY']);
  });
  it('a 200 MB sparse file is rejected from stat, without reading it', async () => {
    const p = join(dir, 'huge.step');
    await writeFile(p, CUBE_HEAD);
    await truncate(p, 200 * 1024 * 1024);
    const ctx = await inspectInputFile(p);
    expect(ctx.sizeBytes).toBe(200 * 1024 * 1024);
    expect(ctx.head.length).toBe(0); // not even the head was read
    const r = await readInputFile(p);
    expect(r.bytes).toBeNull();
    expect(codes(r.stage.findings)).toEqual(['INTAKE_TOO_LARGE']);
    expect(r.stage.findings[0].message).toContain('input is 209715200 bytes (200.0 MiB), over the limit of 100 MiB = 104857600 bytes');
  });
  it('the limit can be raised per call (and by MAX_FILE_SIZE_MB)', async () => {
    const p = join(dir, 'big.step');
    await writeFile(p, CUBE_HEAD);
    await truncate(p, 3 * 1024 * 1024);
    expect(codes((await readInputFile(p, { maxFileSizeMb: 2 })).stage.findings)).toEqual(['INTAKE_TOO_LARGE']);
    const old = process.env.MAX_FILE_SIZE_MB;
    process.env.MAX_FILE_SIZE_MB = '2';
    try {
      expect((await inspectInputFile(p)).maxFileSizeMb).toBe(2);
    } finally {
      if (old === undefined) delete process.env.MAX_FILE_SIZE_MB;
      else process.env.MAX_FILE_SIZE_MB = old;
    }
    const ok = await readInputFile(p, { maxFileSizeMb: 4 });
    expect(ok.stage.passed).toBe(true);
    expect(ok.bytes?.length).toBe(3 * 1024 * 1024);
  });
  // Root reads any file, and CI runs as root: there the stage runs in a child process as `nobody`, so the
  // permission check is the kernel's, as for any service user.
  it.skipIf(!process.getuid)('unreadable file: INTAKE_NOT_READABLE (as root: in a child process running as nobody)', async () => {
    await chmod(dir, 0o755); // the folder stays searchable: only the file itself is locked
    const p = join(dir, 'locked.step');
    await writeFile(p, CUBE_HEAD, { mode: 0o000 });
    if (process.getuid!() !== 0) {
      expect(codes((await readInputFile(p)).stage.findings)).toEqual(['INTAKE_NOT_READABLE']);
      return;
    }
    expect(readAsNobody(p)).toEqual({ uid: NOBODY, codes: ['INTAKE_NOT_READABLE'] });
    // Control: the same child reads the file once it is readable, so the code above came from the permission.
    await chmod(p, 0o644);
    expect(readAsNobody(p)).toEqual({ uid: NOBODY, codes: [] });
  });
  it('a good file is read whole', async () => {
    const p = join(dir, 'ok.stp');
    await writeFile(p, CUBE_HEAD);
    const r = await readInputFile(p);
    expect(r.stage.passed).toBe(true);
    expect(r.context.sniff?.format).toBe('step');
    expect(new TextDecoder().decode(r.bytes!)).toBe(CUBE_HEAD);
  });
});
