import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runCli, type CliIo } from '../../src/runtime/node/cli/main.js';
import { analysisResultSchema } from '../../src/result/index.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/step/${name}`, import.meta.url));
const repo = fileURLToPath(new URL('../..', import.meta.url));

async function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough() as unknown as NodeJS.WriteStream;
  let out = '';
  let err = '';
  stdout.on('data', (c) => (out += c));
  (stderr as unknown as PassThrough).on('data', (c: Buffer) => (err += c));
  const io: CliIo = { stdout, stderr, env };
  const code = await runCli(args, io);
  return { code, out, err };
}

describe('cadlens CLI (in-process, real analyzer)', () => {
  it('a STEP file with points only: the summary says nothing was built, with no 0 × 0 × 0 bbox or 0 mm² area', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cadlens-points-'));
    const path = join(dir, 'points-only.step');
    writeFileSync(
      path,
      "ISO-10303-21;\nHEADER;\nFILE_DESCRIPTION(('points'),'2;1');\nFILE_NAME('points-only.step','2026-01-01T00:00:00',('a'),('b'),'pp','sys','');\n" +
        "FILE_SCHEMA(('AUTOMOTIVE_DESIGN { 1 0 10303 214 1 1 1 1 }'));\nENDSEC;\nDATA;\n#1=CARTESIAN_POINT('p',(0.,0.,0.));\n#2=CARTESIAN_POINT('q',(1.,2.,3.));\nENDSEC;\nEND-ISO-10303-21;\n",
    );
    const { code, out } = await cli(['validate', path]);
    expect(code).toBe(1);
    expect(out).toContain('error PARSE_NO_SOLID_OR_SHELL');
    expect(out).toContain('  part: nothing built (0 solids, 0 faces, 0 triangles)');
    expect(out).not.toContain('bbox');
    expect(out).not.toMatch(/area 0\.00 mm²/);
  });

  it('an STL mesh: the summary says it is a mesh with its triangle count, not "1 solid(s), 0 faces"', async () => {
    const stl = fileURLToPath(new URL('../fixtures/generated-stl/syn_s101_000044.stl', import.meta.url));
    const { out } = await cli(['analyze', stl]);
    expect(out).toMatch(/  part: mesh only, [1-9]\d* triangles \(no B-Rep faces or edges\); bbox \d/);
    expect(out).not.toContain('0 faces');
  });

  it('analyze --json with several files prints one JSON array of schema-valid results and exits 0 when all are clean', async () => {
    const { code, out, err } = await cli(['analyze', '--json', fixture('cube.step'), fixture('plate-hole.step')]);
    expect(code).toBe(0);
    expect(err).toBe(''); // no TTY: no progress line
    const objects = JSON.parse(out);
    expect(Array.isArray(objects)).toBe(true);
    expect(objects).toHaveLength(2);
    for (const o of objects) {
      expect(o.schemaVersion).toBe('1.0.0');
      expect(analysisResultSchema.safeParse(o).success).toBe(true);
      expect(o.stages.map((s: { name: string }) => s.name)).toEqual(['input', 'format', 'parse', 'geometry', 'quality']);
      expect(typeof o.quality.score).toBe('number');
      for (const f of o.part.faces) {
        expect(Number.isInteger(f.stepId)).toBe(true);
        expect(typeof f.name).toBe('string');
        expect(typeof f.surfaceType).toBe('string');
        expect(typeof f.area).toBe('number');
      }
    }
  });

  it('--ndjson prints one line per file; a failing file makes the exit code 1', async () => {
    const { code, out } = await cli(['analyze', '--ndjson', fixture('cube.step'), fixture('open-box.step')]);
    expect(code).toBe(1);
    const lines = out.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[1]).stages[3].passed).toBe(false);
  });

  it('a missing file is reported in the JSON with error.code and error.kind, exit 1', async () => {
    const { code, out } = await cli(['validate', '--json', '/does/not/exist.step']);
    expect(code).toBe(1);
    const o = JSON.parse(out);
    expect(o.error).toMatchObject({ code: 'INTAKE_NOT_FOUND', kind: 'permanent' });
  });

  it('the readable summary names the stages and the part', async () => {
    const { code, out } = await cli(['analyze', fixture('plate-hole.step')]);
    expect(code).toBe(0);
    expect(out).toContain('plate-hole.step  [OK]');
    expect(out).toContain('stages: input ok, format ok, parse ok, geometry ok, quality ok');
    expect(out).toMatch(/7 faces/);
  });

  it('directories are walked for CAD files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cadlens-cli-'));
    writeFileSync(join(dir, 'notes.txt'), 'not a part');
    writeFileSync(join(dir, 'a.step'), '');
    const { code, out } = await cli(['validate', '--ndjson', dir]);
    expect(code).toBe(1); // the empty file fails the input stage
    const o = JSON.parse(out.trim());
    expect(o.input.name).toBe('a.step');
    expect(o.stages[0].findings[0].code).toBe('INTAKE_EMPTY');
  });

  it.each([
    [[], 'no command'],
    [['frobnicate', 'x.step'], 'unknown command'],
    [['analyze'], 'no files'],
    [['analyze', '--tier', '7', 'x.step'], 'bad tier'],
    [['analyze', '--mesh', 'sometimes', 'x.step'], 'bad mesh mode'],
    [['analyze', '--json', '--ndjson', 'x.step'], 'exclusive outputs'],
    [['analyze', '--bogus', 'x.step'], 'unknown option'],
    [['analyze', '--max-file-size-mb', '-3', 'x.step'], 'bad size'],
  ])('usage error exits 2: %j (%s)', async (args) => {
    const { code, err } = await cli(args as string[]);
    expect(code).toBe(2);
    expect(err.length).toBeGreaterThan(0);
  });

  it.each([
    [['analyze', '--max-file-size-mb', '-1', 'x.step'], '--max-file-size-mb (or MAX_FILE_SIZE_MB) must be a positive number'],
    [['analyze', '--timeout-s', '-5', 'x.step'], '--timeout-s'],
    [['analyze', '--concurrency', '-2', 'x.step'], '--concurrency'],
  ])('a negative number after a number flag gets that flag\'s message, not "ambiguous": %j', async (args, message) => {
    const { code, err } = await cli(args as string[]);
    expect(code).toBe(2);
    expect(err).toContain(message);
    expect(err).not.toContain('ambiguous');
  });

  it('--max-file-size-mb rejects a larger file before reading it', async () => {
    const { code, out } = await cli(['validate', '--json', '--max-file-size-mb', '0.001', fixture('plate-hole.step')]);
    expect(code).toBe(1);
    expect(JSON.parse(out).stages[0].findings.map((f: { code: string }) => f.code)).toContain('INTAKE_TOO_LARGE');
  });

  it('--mesh never analyses the B-Rep alone: the parse stage says so, the mesh-only checks did not run', async () => {
    const { code, out } = await cli(['validate', '--json', '--mesh', 'never', fixture('plate-hole.step')]);
    expect(code).toBe(0);
    const result = JSON.parse(out);
    const findings = (name: string): string[] => result.stages.find((s: { name: string }) => s.name === name).findings.map((f: { code: string }) => f.code);
    expect(findings('parse')).toContain('PARSE_MESH_NOT_BUILT');
    expect(findings('geometry').filter((c) => c === 'GEOM_MESH_CHECK_NOT_RUN')).toHaveLength(4);
    expect(result.part.counts.triangles).toBe(0);
  });

  it('schema prints the JSON Schema of the result contract', async () => {
    const { code, out } = await cli(['schema']);
    expect(code).toBe(0);
    const schema = JSON.parse(out);
    expect(schema.properties.schemaVersion).toBeDefined();
    expect(schema.properties.stages).toBeDefined();
    // Counts and indices cannot be negative.
    const counts = schema.properties.part.anyOf.find((p: { type?: string }) => p.type === 'object').properties.counts.properties;
    for (const key of ['solids', 'faces', 'edges', 'triangles']) expect(counts[key].minimum, key).toBe(0);
  });

  it.skipIf(!existsSync(join(repo, 'dist/cli.js')))('the built executable (dist/cli.js) runs the README quick start', () => {
    const run = spawnSync(process.execPath, [join(repo, 'dist/cli.js'), 'analyze', join(repo, 'examples/parts/plate-hole-pocket.step')], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('[OK]');
  });
});
