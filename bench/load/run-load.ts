/**
 * The load/fault run shared by `bench/load.bench.ts` (50 clients × 60 s) and the CI test
 * (`test/runtime/service-load.test.ts`, a short version). One run: start `load-server.ts` as a
 * real process on loopback, warm its workers, then `clients` concurrent clients post parts
 * (`malformedEvery`-th request a malformed file) for `durationMs`, while the Tier 1 fault injector is
 * switched on for a period and a poller follows `GET /circuit-breaker`. After the duration every client
 * finishes the request it has in flight (nothing is cut off), the server is stopped with SIGTERM and
 * writes its ledger, and the run checks the accounting identity against it.
 *
 * Clients are plain `fetch` loops rather than autocannon: autocannon destroys its connections with
 * requests in flight when its duration ends, and each request here must be followed to its end for
 * the accounting (autocannon also reuses one request template per connection; every request here
 * carries its own body and id).
 */
import { spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Ledger } from './load-server.js';

/** One file the clients post. */
export interface LoadInput {
  name: string;
  bytes: Uint8Array;
  kind: 'mfcad' | 'realworld' | 'malformed';
}

export interface LoadOptions {
  workers: number;
  clients: number;
  durationMs: number;
  /** Valid parts, posted in turn. */
  parts: readonly LoadInput[];
  /** Malformed files; every `malformedEvery`-th request posts the next one. */
  malformed: readonly LoadInput[];
  /** @defaultValue 10 (10 %) */
  malformedEvery?: number;
  /**
   * The Tier 1 fault: switched on at `fault.fromMs` after the start of the timed run, and off at
   * `fault.untilMs` or, if the breaker has not opened by then, as soon as it has (so a run on a slow
   * machine still sees it open). After the fault the run goes on past `durationMs`, up to
   * `maxOverrunMs`, until the breaker has closed again. None when absent.
   */
  fault?: { fromMs: number; untilMs: number };
  /** @defaultValue 60_000 */
  maxOverrunMs?: number;
  /** @defaultValue 5 */
  breakerThreshold?: number;
  /** @defaultValue 3 */
  breakerTimeoutS?: number;
  /** @defaultValue clients + 16 */
  maxQueue?: number;
  /** Progress lines (to stderr in the bench). */
  log?: (line: string) => void;
}

/** A request as the client saw it. */
export interface Sent {
  id: string;
  kind: LoadInput['kind'];
  status: number;
  ms: number;
  /** `error.code` of a non-2xx body. */
  code?: string;
  /** The body was a result whose `requestId` is this request's. */
  resultOk: boolean;
  /** The answer came after the fault was switched off (for the recovery check). */
  endedAtMs: number;
  networkError?: string;
}

export interface LoadReport {
  workers: number;
  clients: number;
  durationMs: number;
  elapsedMs: number;
  requests: { sent: number; valid: number; malformed: number; byStatus: Record<string, number> };
  /** Valid parts answered 200 per second of the run. */
  throughputPerSec: number;
  latencyMs: { valid: Percentiles; malformed: Percentiles };
  accounting: {
    results: number;
    deadLetteredWithoutResult: number;
    /** Requests with a result that also have a dead letter (a Tier 1 failure Tier 2 answered for). */
    resultAndDeadLetter: number;
    lost: string[];
    /** Requests the client sent that the server never logged an answer for. */
    unansweredByServer: string[];
    holds: boolean;
  };
  malformed: { typed4xx: number; total: number; codes: Record<string, number>; deadLettered: number; ok: boolean };
  breaker: {
    faultWindowMs: { from: number; until: number } | null;
    /** State changes seen by the poller, ms from the start of the run. */
    polled: { atMs: number; state: string }[];
    auditEvents: { atMs: number; type: string }[];
    openedDuringFault: boolean;
    recoveredAfterFault: boolean;
    finalState: string;
    tier1DeadLetters: number;
  };
  server: { exitCode: number | null; signal: string | null; cpuMs: number | null; serverErrors5xx: number };
  failures: string[];
}

export interface Percentiles {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

function percentiles(values: number[]): Percentiles {
  const s = [...values].sort((a, b) => a - b);
  const at = (q: number) => (s.length === 0 ? 0 : s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!);
  return { count: s.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: s.at(-1) ?? 0 };
}

/** CPU time (user + system, all threads) of a Linux process so far, or null elsewhere. */
function processCpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime
    return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return null;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs one load/fault run against a fresh server process. */
export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  const log = options.log ?? (() => undefined);
  const malformedEvery = options.malformedEvery ?? 10;
  const dir = mkdtempSync(join(tmpdir(), 'cadlens-load-'));
  const ledgerPath = join(dir, 'ledger.json');
  const faultSwitch = join(dir, 'tier1-fault-on');
  const serverScript = fileURLToPath(new URL('./load-server.ts', import.meta.url));
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      serverScript,
      '--workers',
      String(options.workers),
      '--max-queue',
      String(options.maxQueue ?? options.clients + 16),
      '--breaker-threshold',
      String(options.breakerThreshold ?? 5),
      '--breaker-timeout-s',
      String(options.breakerTimeoutS ?? 3),
      '--ledger',
      ledgerPath,
      ...(options.fault ? ['--fault-switch', faultSwitch] : []),
    ],
    { cwd: fileURLToPath(new URL('../..', import.meta.url)), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  const failures: string[] = [];
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error('the load server did not start within 120 s')), 120_000);
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /"url":"([^"]+)"/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
      void exited.then(() => reject(new Error(`the load server exited before listening: ${stderr.slice(-2000)}`)));
    });
    log(`server ${url} (${options.workers} worker(s)); warming up`);

    const sent: Sent[] = [];
    let seq = 0;
    const post = async (input: LoadInput, id: string, t0: number): Promise<Sent> => {
      const started = performance.now();
      const entry: Sent = { id, kind: input.kind, status: 0, ms: 0, resultOk: false, endedAtMs: 0 };
      try {
        const res = await fetch(`${url}/analyze?name=${encodeURIComponent(input.name)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/octet-stream', 'x-request-id': id },
          body: input.bytes as Uint8Array<ArrayBuffer>,
          signal: AbortSignal.timeout(600_000),
        });
        entry.status = res.status;
        const text = await res.text();
        try {
          const body = JSON.parse(text) as { requestId?: string; error?: { code?: string } };
          if (res.ok) entry.resultOk = body.requestId === id;
          if (!res.ok) entry.code = body.error?.code;
        } catch {
          entry.code = 'UNPARSEABLE_BODY';
        }
      } catch (error) {
        entry.networkError = (error as Error).message;
      }
      entry.ms = performance.now() - started;
      entry.endedAtMs = performance.now() - t0;
      return entry;
    };

    // Warm-up: one valid part per worker (each loads OpenCascade and the ONNX session once); these
    // requests are accounted like the others but not in the latency figures.
    const warm = performance.now();
    const warmups = await Promise.all(
      Array.from({ length: options.workers }, (_, i) => post(options.parts[i % options.parts.length]!, `warmup-${i}`, warm)),
    );
    log(`warm-up done in ${((performance.now() - warm) / 1000).toFixed(1)} s`);

    // The timed run.
    const t0 = performance.now();
    const polled: { atMs: number; state: string }[] = [];
    let polling = true;
    const poller = (async () => {
      while (polling) {
        try {
          const snap = (await (await fetch(`${url}/circuit-breaker`)).json()) as { state: string };
          if (polled.at(-1)?.state !== snap.state) polled.push({ atMs: Math.round(performance.now() - t0), state: snap.state });
        } catch {
          // the poller never fails the run; a missed poll is only a gap
        }
        await sleep(200);
      }
    })();
    const faultTimers: ReturnType<typeof setTimeout>[] = [];
    let faultOffAtMs: number | null = null;
    const fault = options.fault;
    const maxOverrunMs = options.maxOverrunMs ?? 60_000;
    if (fault) {
      faultTimers.push(setTimeout(() => writeFileSync(faultSwitch, 'on'), fault.fromMs));
      const switchOff = () => {
        const now = performance.now() - t0;
        if (polled.some((p) => p.state === 'open') || now > options.durationMs + maxOverrunMs) {
          rmSync(faultSwitch, { force: true });
          faultOffAtMs = now;
        } else faultTimers.push(setTimeout(switchOff, 200));
      };
      faultTimers.push(setTimeout(switchOff, fault.untilMs));
    }
    /** Keep posting until the duration is over and, with a fault, the breaker has recovered from it. */
    const goOn = () => {
      const now = performance.now() - t0;
      if (now < options.durationMs) return true;
      if (!fault || now > options.durationMs + maxOverrunMs) return false;
      return faultOffAtMs === null || !polled.some((p) => p.state === 'closed' && p.atMs > faultOffAtMs!);
    };
    let lastProgress = t0;
    const client = async () => {
      while (goOn()) {
        const n = seq++;
        const malformed = n % malformedEvery === malformedEvery - 1;
        const input = malformed
          ? options.malformed[Math.floor(n / malformedEvery) % options.malformed.length]!
          : options.parts[n % options.parts.length]!;
        sent.push(await post(input, `load-${n}`, t0));
        if (performance.now() - lastProgress > 10_000) {
          lastProgress = performance.now();
          log(`${Math.round((lastProgress - t0) / 1000)} s: ${sent.length} answered`);
        }
      }
    };
    await Promise.all(Array.from({ length: options.clients }, client));
    const elapsedMs = performance.now() - t0;
    for (const t of faultTimers) clearTimeout(t);
    rmSync(faultSwitch, { force: true });
    polling = false;
    await poller;
    const cpuMs = processCpuMs(child.pid!);
    log(`run done: ${sent.length} requests in ${(elapsedMs / 1000).toFixed(1)} s; stopping the server`);

    child.kill('SIGTERM');
    const exit = await Promise.race([exited, sleep(120_000).then(() => ({ code: null, signal: 'TIMEOUT' }))]);
    if (exit.code !== 0) failures.push(`the server exited with ${exit.code ?? exit.signal}: ${stderr.slice(-1000)}`);
    const ledger = JSON.parse(readFileSync(ledgerPath, 'utf8')) as Ledger;

    // Accounting: every request the clients sent ends as a result or a dead letter.
    const all = [...warmups, ...sent];
    const letters = lettersByRequest(ledger);
    const accounting = checkAccounting(all, ledger);
    const { holds, lost } = accounting;
    if (!holds) failures.push(`accounting identity violated: ${lost.length} lost (${lost.slice(0, 5).join(', ')})`);

    // Malformed files: a typed 4xx each, and a permanent dead letter each.
    const bad = sent.filter((s) => s.kind === 'malformed');
    const codes: Record<string, number> = {};
    for (const s of bad) codes[s.code ?? `status ${s.status}`] = (codes[s.code ?? `status ${s.status}`] ?? 0) + 1;
    const typed4xx = bad.filter((s) => s.status >= 400 && s.status < 500 && /^[A-Z][A-Z0-9_]+$/.test(s.code ?? '')).length;
    const badLettered = bad.filter((s) => (letters.get(s.id) ?? []).some((l) => l.kind === 'permanent')).length;
    const malformedOk = typed4xx === bad.length && badLettered === bad.length;
    if (!malformedOk) failures.push(`malformed files: ${typed4xx}/${bad.length} typed 4xx, ${badLettered}/${bad.length} dead-lettered`);

    // Breaker: opens while the fault is on, closes again after it.
    const runStart = Date.now() - (performance.now() - t0);
    const auditEvents = ledger.breakerEvents.map((e) => ({ atMs: Math.round(Date.parse(e.time) - runStart), type: e.type }));
    const offAt: number = faultOffAtMs ?? elapsedMs;
    const openedDuringFault = fault
      ? auditEvents.some((e) => e.type === 'circuit_breaker_opened' && e.atMs >= fault.fromMs - 500 && e.atMs <= offAt + 500) ||
        polled.some((p) => p.state === 'open' && p.atMs >= fault.fromMs && p.atMs <= offAt + 1000)
      : false;
    const recoveredAfterFault = fault ? auditEvents.some((e) => e.type === 'circuit_breaker_closed' && e.atMs >= offAt - 500) : false;
    const finalState = polled.at(-1)?.state ?? 'unknown';
    if (fault && !openedDuringFault) failures.push('the breaker did not open during the fault');
    if (fault && !(recoveredAfterFault && finalState === 'closed')) failures.push(`the breaker did not recover after the fault (final state ${finalState})`);

    const byStatus: Record<string, number> = {};
    for (const s of sent) byStatus[String(s.status)] = (byStatus[String(s.status)] ?? 0) + 1;
    const serverErrors5xx = sent.filter((s) => s.status >= 500 || s.status === 0).length;
    if (serverErrors5xx > 0) failures.push(`${serverErrors5xx} request(s) answered 5xx or not at all (${JSON.stringify(byStatus)})`);
    const valid = sent.filter((s) => s.kind !== 'malformed');
    return {
      workers: options.workers,
      clients: options.clients,
      durationMs: options.durationMs,
      elapsedMs: Math.round(elapsedMs),
      requests: { sent: sent.length, valid: valid.length, malformed: bad.length, byStatus },
      throughputPerSec: valid.filter((s) => s.status === 200).length / (elapsedMs / 1000),
      latencyMs: { valid: percentiles(valid.map((s) => s.ms)), malformed: percentiles(bad.map((s) => s.ms)) },
      accounting,
      malformed: { typed4xx, total: bad.length, codes, deadLettered: badLettered, ok: malformedOk },
      breaker: {
        faultWindowMs: fault ? { from: fault.fromMs, until: Math.round(offAt) } : null,
        polled,
        auditEvents,
        openedDuringFault,
        recoveredAfterFault,
        finalState,
        tier1DeadLetters: ledger.deadLetters.filter((l) => l.tier === 'tier1').length,
      },
      server: { exitCode: exit.code, signal: exit.signal, cpuMs, serverErrors5xx },
      failures,
    };
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

function lettersByRequest(ledger: Pick<Ledger, 'deadLetters'>): Map<string, Ledger['deadLetters']> {
  const letters = new Map<string, Ledger['deadLetters']>();
  for (const l of ledger.deadLetters) if (l.requestId) letters.set(l.requestId, [...(letters.get(l.requestId) ?? []), l]);
  return letters;
}

/**
 * The accounting identity: every request the clients sent ends as a 2xx result carrying its own
 * request id, or as a dead letter with that id; `lost` lists those that did neither.
 */
export function checkAccounting(sent: readonly Pick<Sent, 'id' | 'status' | 'resultOk'>[], ledger: Pick<Ledger, 'deadLetters' | 'requests'>): LoadReport['accounting'] {
  const letters = lettersByRequest(ledger);
  const answered = new Set(ledger.requests.map((r) => r.requestId));
  const lost: string[] = [];
  let results = 0;
  let deadLetteredWithoutResult = 0;
  let resultAndDeadLetter = 0;
  for (const s of sent) {
    if (s.status >= 200 && s.status < 300 && s.resultOk) {
      results++;
      if (letters.has(s.id)) resultAndDeadLetter++;
    } else if (letters.has(s.id)) deadLetteredWithoutResult++;
    else lost.push(s.id);
  }
  const unansweredByServer = sent.filter((s) => !answered.has(s.id)).map((s) => s.id);
  const holds = lost.length === 0 && results + deadLetteredWithoutResult === sent.length;
  return { results, deadLetteredWithoutResult, resultAndDeadLetter, lost, unansweredByServer, holds };
}

/**
 * Malformed files derived from real parts (nothing copied into the repository): a STEP file cut in
 * half, one whose DATA section is replaced by garbage, one with a dangling reference, random bytes.
 */
export function malformedFrom(step: Uint8Array): LoadInput[] {
  const text = new TextDecoder().decode(step);
  const dataAt = text.indexOf('DATA;');
  const header = dataAt > 0 ? text.slice(0, dataAt) : 'ISO-10303-21;\nHEADER;\nENDSEC;\n';
  const enc = (s: string) => new TextEncoder().encode(s);
  let seed = 12345;
  const random = new Uint8Array(4096).map(() => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff);
  return [
    { name: 'truncated.step', bytes: step.subarray(0, Math.floor(step.length / 2)), kind: 'malformed' },
    { name: 'garbage-data.step', bytes: enc(`${header}DATA;\n#1 = ((( not an entity\n@@@\nENDSEC;\nEND-ISO-10303-21;\n`), kind: 'malformed' },
    { name: 'dangling.step', bytes: enc(`${header}DATA;\n#1=CARTESIAN_POINT('',(0.,0.,0.));\n#2=VERTEX_POINT('',#99);\nENDSEC;\nEND-ISO-10303-21;\n`), kind: 'malformed' },
    { name: 'random.step', bytes: random, kind: 'malformed' },
  ];
}
