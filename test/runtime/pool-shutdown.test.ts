import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createAnalyzerPool } from '../../src/runtime/node/pool/index.js';
import { TEST_FAULT_PREFIX } from '../../src/runtime/node/pool/pool-protocol.js';
import { createDeadLetterQueue } from '../../src/resilience/index.js';
import { createMemoryStores } from '../../adapters/memory/index.js';
import { isCadlensError } from '../../src/errors/index.js';

const fixture = fileURLToPath(new URL('../fixtures/step/plate-hole.step', import.meta.url));
const hang = new TextEncoder().encode(`${TEST_FAULT_PREFIX}hang\n`);
const codeOf = (e: unknown) => (isCadlensError(e) ? e.code : e);

describe('createAnalyzerPool: bounded queue and graceful shutdown (real worker threads)', () => {
  it('a full queue refuses the next job at once with transient OVERLOADED', async () => {
    const pool = createAnalyzerPool({ workers: 1, maxQueue: 1, testFaults: true, closeGracePeriodMs: 0, jobTimeoutMs: 60_000 });
    const events: string[] = [];
    pool.onProgress((e) => events.push(e.type));
    const running = pool.analyze(hang).catch((e: unknown) => e); // occupies the only worker…
    while (!events.includes('started')) await new Promise((r) => setTimeout(r, 20));
    const queued = pool.analyzeFile(fixture).catch((e: unknown) => e); // …and this fills the queue
    const refused = await pool.analyzeFile(fixture).catch((e: unknown) => e);
    expect(isCadlensError(refused) && [refused.code, refused.kind]).toEqual(['OVERLOADED', 'transient']);
    expect(pool.stats().queued).toBe(1);
    await pool.close(); // grace 0: both unfinished jobs are aborted
    expect([codeOf(await running), codeOf(await queued)]).toEqual(['ABORTED', 'ABORTED']);
  });

  it('close() lets running and queued jobs finish within the grace period, then refuses new ones', async () => {
    const pool = createAnalyzerPool({ workers: 1 });
    const jobs = [pool.analyzeFile(fixture), pool.analyzeFile(fixture)];
    await new Promise((r) => setTimeout(r, 20));
    await pool.close({ gracePeriodMs: 60_000 });
    const results = await Promise.all(jobs);
    expect(results.map((r) => r.part?.faces.length)).toEqual([7, 7]);
    const late = await pool.analyzeFile(fixture).catch((e: unknown) => e);
    expect(codeOf(late)).toBe('ABORTED');
  });

  it('jobs unfinished after the grace period are dead-lettered and reject with ABORTED', async () => {
    const stores = createMemoryStores();
    const deadLetters = createDeadLetterQueue({ store: stores.deadLetters, includeInputBytes: true });
    await using pool = createAnalyzerPool({ workers: 1, testFaults: true, deadLetters });
    const events: string[] = [];
    pool.onProgress((e) => events.push(e.type));
    const stuck = pool.analyze(hang, { name: 'stuck.step', requestId: 'req-stuck' }).catch((e: unknown) => e);
    while (!events.includes('started')) await new Promise((r) => setTimeout(r, 20));
    const t = performance.now();
    await pool.close({ gracePeriodMs: 300 });
    expect(performance.now() - t).toBeLessThan(10_000);
    const error = await stuck;
    expect(isCadlensError(error) && [error.code, error.details.reason]).toEqual(['ABORTED', 'pool_closed']);
    const [record, ...more] = await deadLetters.list();
    expect(more).toEqual([]);
    expect(record).toMatchObject({ requestId: 'req-stuck', stage: 'resilience' });
    expect(record?.input.name).toBe('stuck.step');
    expect(events).toContain('dead_lettered');
  });

  it('idle workers do not keep the process alive (a real process exits without close())', async () => {
    const script = [
      `import { createAnalyzerPool } from ${JSON.stringify(fileURLToPath(new URL('../../src/runtime/node/pool/index.ts', import.meta.url)))};`,
      'const pool = createAnalyzerPool({ workers: 2, idleTimeoutMs: 600000 });',
      `const r = await pool.analyzeFile(${JSON.stringify(fixture)});`,
      'console.log(JSON.stringify({ faces: r.part.faces.length, workers: pool.stats().workers }));',
    ].join('\n');
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    clearTimeout(timer);
    expect(code).toBe(0); // SIGKILL (kept alive) would give null
    expect(JSON.parse(stdout.trim())).toEqual({ faces: 7, workers: 1 });
  });
});
