import { afterAll, describe, expect, it } from 'vitest';
import { appendFile, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runStoreContract, makeAuditEvent, makeDeadLetter, contractTime } from 'cadlens/testing';
import { isCadlensError } from 'cadlens';
import { createFileStores } from '../../adapters/file/index.js';
import { encodeLine, decodeLine } from '../../adapters/file/segment-log.js';

const created: string[] = [];
async function freshDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'cadlens-file-'));
  created.push(d);
  return d;
}
afterAll(async () => {
  for (const d of created) await rm(d, { recursive: true, force: true });
});

runStoreContract('file', async () => createFileStores({ dir: await freshDir() }));

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    return isCadlensError(e) ? e.code : `non-cadlens: ${String(e)}`;
  }
  return undefined;
}

describe('file store specifics', () => {
  it('line codec: CRC detects a flipped byte and a truncated line', () => {
    const line = encodeLine({ id: 'a', v: 1, ts: 1, op: 'put', data: { x: 'héllo' } });
    expect(decodeLine(line.subarray(0, line.length - 1))).toEqual({ id: 'a', v: 1, ts: 1, op: 'put', data: { x: 'héllo' } });
    const flipped = Buffer.from(line);
    flipped[20] ^= 0x01;
    expect(decodeLine(flipped.subarray(0, flipped.length - 1))).toBeNull();
    expect(decodeLine(line.subarray(0, line.length - 5))).toBeNull();
  });

  it('data survives reopening; a torn last line and a corrupt line are skipped, earlier records intact', async () => {
    const dir = await freshDir();
    const a = await createFileStores({ dir });
    for (let i = 0; i < 5; i++) await a.audit.append(makeAuditEvent(`e${i}`, i));
    await a.close();
    const segDir = join(dir, 'audit');
    const [seg] = (await readdir(segDir)).filter((n) => n.endsWith('.seg.jsonl'));
    // a dead writer's segment: a complete but corrupted line, then a torn tail without newline
    const full = encodeLine({ id: 'bad', v: 1, ts: 1, op: 'put', data: makeAuditEvent('bad', 9) });
    full[12] ^= 0x20;
    const torn = encodeLine({ id: 'torn', v: 1, ts: 1, op: 'put', data: makeAuditEvent('torn', 9) });
    await writeFile(join(segDir, '0000000000001-999999-deadbeef000.seg.jsonl'), Buffer.concat([full, torn.subarray(0, torn.length - 7)]));
    const b = await createFileStores({ dir });
    expect((await b.audit.query()).map((e) => e.id)).toEqual(['e0', 'e1', 'e2', 'e3', 'e4']);
    const st = await b.stats();
    expect(st.audit.corruptLines).toBe(1);
    expect(st.audit.records).toBe(5);
    // the sealed original segment is untouched
    expect((await readFile(join(segDir, seg), 'utf8')).trim().split('\n')).toHaveLength(6); // 5 + seal
    await b.close();
  });

  it('DLQ updates are appended as versions; the latest wins after reopen and across instances', async () => {
    const dir = await freshDir();
    const a = await createFileStores({ dir });
    const b = await createFileStores({ dir }); // a second writer on the same directory
    await a.deadLetters.put(makeDeadLetter('d1', 0));
    await b.deadLetters.update('d1', { retryCount: 1 });
    await a.deadLetters.update('d1', { status: 'reprocessed', resolution: { time: contractTime(5), action: 'reprocessed' } });
    expect(await b.deadLetters.get('d1')).toMatchObject({ retryCount: 1, status: 'reprocessed' });
    await a.close();
    await b.close();
    const c = await createFileStores({ dir });
    expect(await c.deadLetters.get('d1')).toMatchObject({ retryCount: 1, status: 'reprocessed' });
    await c.close();
  });

  it('rotates segments by size and compaction keeps exactly the live records', async () => {
    const dir = await freshDir();
    const s = await createFileStores({ dir, maxSegmentBytes: 2048 });
    for (let i = 0; i < 40; i++) await s.deadLetters.put(makeDeadLetter(`d${String(i).padStart(2, '0')}`, i * 1000));
    for (let i = 0; i < 40; i += 2) await s.deadLetters.update(`d${String(i).padStart(2, '0')}`, { status: 'discarded' });
    const before = await readdir(join(dir, 'dead-letters'));
    expect(before.filter((n) => n.endsWith('.seg.jsonl')).length).toBeGreaterThan(3);
    expect(await s.deadLetters.purge(contractTime(10_000))).toBe(10);
    const after = (await readdir(join(dir, 'dead-letters'))).filter((n) => n.endsWith('.seg.jsonl'));
    expect(after.length).toBe(1);
    const list = await s.deadLetters.list({ order: 'asc' });
    expect(list.map((r) => r.id)).toEqual(Array.from({ length: 30 }, (_, i) => `d${String(i + 10).padStart(2, '0')}`));
    expect(list.filter((r) => r.status === 'discarded')).toHaveLength(15);
    await s.close();
    const again = await createFileStores({ dir });
    expect(await again.deadLetters.list()).toHaveLength(30);
    await again.close();
  });

  it('purge of records living in another live writer segment leaves a tombstone', async () => {
    const dir = await freshDir();
    const a = await createFileStores({ dir });
    const b = await createFileStores({ dir });
    await a.audit.append(makeAuditEvent('old', 0));
    await a.audit.append(makeAuditEvent('new', 5000));
    // `a` is in this (live) process and its segment is unsealed: b's purge must shadow, not delete
    expect(await b.audit.purge(contractTime(1000))).toBe(1);
    expect((await a.audit.query()).map((e) => e.id)).toEqual(['new']);
    await a.close();
    await b.close();
    const c = await createFileStores({ dir });
    expect((await c.audit.query()).map((e) => e.id)).toEqual(['new']);
    await c.compact();
    expect((await c.audit.query()).map((e) => e.id)).toEqual(['new']);
    await c.close();
  });

  it('rejects path escapes with STORE_PATH_ESCAPE: breaker names with .., absolute names, symlinked folders', async () => {
    const dir = await freshDir();
    const s = await createFileStores({ dir });
    expect(await codeOf(s.breakerState.get('../../etc/passwd'))).toBe('STORE_PATH_ESCAPE');
    expect(await codeOf(s.breakerState.compareAndSet('/etc/x', 0, { state: 'closed', failureCount: 0, openedAt: null, lastFailureTime: null, windowStartedAt: null }))).toBe('STORE_PATH_ESCAPE');
    expect(await codeOf(s.breakerState.get('..'))).toBe('STORE_PATH_ESCAPE');
    // an odd but harmless name is encoded and stays inside
    expect(await s.breakerState.compareAndSet('tier1/aag net', 0, { state: 'open', failureCount: 5, openedAt: 1, lastFailureTime: 1, windowStartedAt: null })).toBe(true);
    expect((await readdir(join(dir, 'breaker'))).some((n) => n.startsWith('tier1%2Faag%20net'))).toBe(true);
    await s.close();
    const evil = await freshDir();
    const outside = await freshDir();
    await mkdir(join(evil), { recursive: true });
    await symlink(outside, join(evil, 'audit'));
    expect(await codeOf(createFileStores({ dir: evil }))).toBe('STORE_PATH_ESCAPE');
  });

  it('a stale lock left by a dead process is broken', async () => {
    const dir = await freshDir();
    const s = await createFileStores({ dir, lockTimeoutMs: 3000 });
    await s.deadLetters.put(makeDeadLetter('d', 0));
    await writeFile(join(dir, 'dead-letters', '.lock'), JSON.stringify({ pid: 2 ** 22 + 17, host: (await import('node:os')).hostname(), token: 't', at: 0 }));
    await s.deadLetters.update('d', { status: 'discarded' });
    expect((await s.deadLetters.get('d'))?.status).toBe('discarded');
    await s.close();
  });

  it('a lock held by a live process times out with STORE_UNAVAILABLE (transient)', async () => {
    const dir = await freshDir();
    const s = await createFileStores({ dir, lockTimeoutMs: 200 });
    await s.deadLetters.put(makeDeadLetter('d', 0));
    await appendFile(join(dir, 'dead-letters', '.lock'), JSON.stringify({ pid: process.pid, host: (await import('node:os')).hostname(), token: 'x', at: Date.now() }));
    let err: unknown;
    try {
      await s.deadLetters.update('d', { status: 'discarded' });
    } catch (e) {
      err = e;
    }
    expect(isCadlensError(err) && err.code).toBe('STORE_UNAVAILABLE');
    expect(isCadlensError(err) && err.kind).toBe('transient');
    await rm(join(dir, 'dead-letters', '.lock'));
    await s.close();
  });
});
