import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCadlensError } from '../errors/index.js';
import type { Part } from '../model/index.js';
import type { RecognizeContext, Recognizer, SkipReason } from '../stages/recognize/recognizer.js';

/** A part the recognizer must decline, and the reason it must give. */
export interface DeclinedPart {
  name: string;
  part: Readonly<Part>;
  reason: SkipReason;
  /** When given, the decline's `detail` must match. */
  detail?: RegExp;
}

/** A part the recognizer must accept. */
export interface AcceptedPart {
  name: string;
  part: Readonly<Part>;
}

/** What a {@link runRecognizerContract} factory returns. */
export interface RecognizerUnderTest {
  recognizer: Recognizer;
  /** Parts inside the recognizer's domain (at least one). */
  accepts: readonly AcceptedPart[];
  /** Parts outside it, with the expected reason. */
  declines?: readonly DeclinedPart[];
}

/** Options of {@link runRecognizerContract}. */
export interface RecognizerContractOptions {
  /** Skip the whole suite with this visible reason (e.g. a missing model or dataset). */
  skip?: string | false;
  /** Per-test timeout (ms). @defaultValue 60_000 */
  timeoutMs?: number;
}

const SKIP_REASONS = new Set(['model_unavailable', 'breaker_open', 'no_brep', 'out_of_domain', 'timeout', 'forced_tier']);

function contractContext(signal: AbortSignal = new AbortController().signal): RecognizeContext {
  const noop = () => undefined;
  return { signal, now: () => Date.now(), log: { debug: noop, info: noop, warn: noop } };
}

/** A JSON-comparable fingerprint of a part (typed arrays by length and checksum), to detect mutation. */
function fingerprint(part: Readonly<Part>): string {
  return JSON.stringify(part, (_k, v: unknown) => {
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
      const a = v as unknown as ArrayLike<number | bigint>;
      let s = 0;
      for (let i = 0; i < a.length; i++) s = (s * 31 + Number(a[i])) % 1_000_000_007;
      return `${v.constructor.name}(${a.length}):${s}`;
    }
    return v;
  });
}

/**
 * The contract every {@link Recognizer} (built-in tier or your own) must keep, in the style of
 * {@link runStoreContract}: identity (stable id, tier 1–4, nominal confidence in [0, 1]); every
 * accepted part gives faces with valid indices, class ids and probabilities in [0, 1], features
 * whose faces and bottom faces exist (bottom ⊆ faces), a confidence in [0, 1], a JSON-serialisable
 * output, and leaves the part untouched; an aborted signal rejects with `ABORTED`; out-of-domain
 * parts are declined with the expected reason (never thrown); `dispose` is idempotent.
 * `factory` runs once for the suite (engines are expensive).
 *
 * @example
 * ```ts
 * runRecognizerContract('my recognizer', async () => ({
 *   recognizer: createMyRecognizer(),
 *   accepts: [{ name: 'block', part: blockPart }],
 *   declines: [{ name: 'mesh', part: meshPart, reason: 'no_brep' }],
 * }));
 * ```
 */
export function runRecognizerContract(
  name: string,
  factory: () => RecognizerUnderTest | Promise<RecognizerUnderTest>,
  options: RecognizerContractOptions = {},
): void {
  const suite = options.skip ? describe.skip : describe;
  const timeout = options.timeoutMs ?? 60_000;
  suite(`recognizer contract: ${name}${options.skip ? ` (skipped: ${options.skip})` : ''}`, () => {
    let subject: RecognizerUnderTest;
    beforeAll(async () => {
      subject = await factory();
    }, timeout);
    afterAll(async () => {
      // dispose must be idempotent
      await subject?.recognizer.dispose?.();
      await subject?.recognizer.dispose?.();
    });

    it('has a stable identity', () => {
      const r = subject.recognizer;
      expect(typeof r.id).toBe('string');
      expect(r.id.length).toBeGreaterThan(0);
      expect([1, 2, 3, 4]).toContain(r.tier);
      expect(r.nominalConfidence).toBeGreaterThanOrEqual(0);
      expect(r.nominalConfidence).toBeLessThanOrEqual(1);
      expect(subject.accepts.length).toBeGreaterThan(0);
    });

    it(
      'accepts its parts and returns a well-formed, serialisable output without mutating them',
      async () => {
        for (const { name: partName, part } of subject.accepts) {
          const before = fingerprint(part);
          const can = await subject.recognizer.canRecognize(part, contractContext());
          expect(can, partName).toEqual({ ok: true });
          const out = await subject.recognizer.recognize(part, contractContext());
          expect(fingerprint(part), `${partName} was mutated`).toBe(before);
          expect(out.confidence).toBeGreaterThanOrEqual(0);
          expect(out.confidence).toBeLessThanOrEqual(1);
          const seen = new Set<number>();
          for (const f of out.faces) {
            expect(Number.isInteger(f.faceIndex) && f.faceIndex >= 0 && f.faceIndex < part.faces.length, partName).toBe(true);
            expect(seen.has(f.faceIndex), `${partName}: face ${f.faceIndex} reported twice`).toBe(false);
            seen.add(f.faceIndex);
            if (f.stepId !== null) expect(f.stepId).toBe(part.faces[f.faceIndex].stepId);
            expect(Number.isInteger(f.classId)).toBe(true);
            expect(typeof f.className).toBe('string');
            expect(f.probability).toBeGreaterThanOrEqual(0);
            expect(f.probability).toBeLessThanOrEqual(1);
          }
          for (const feature of out.features) {
            expect(typeof feature.type).toBe('string');
            expect(feature.faces.length, `${partName}: ${feature.type} has no faces`).toBeGreaterThan(0);
            for (const fi of feature.faces) expect(fi >= 0 && fi < part.faces.length).toBe(true);
            for (const fi of feature.bottomFaces) expect(feature.faces).toContain(fi);
            expect(feature.confidence).toBeGreaterThanOrEqual(0);
            expect(feature.confidence).toBeLessThanOrEqual(1);
            for (const v of Object.values(feature.parameters)) expect(Number.isFinite(v)).toBe(true);
          }
          expect(JSON.parse(JSON.stringify(out)).features).toHaveLength(out.features.length);
        }
      },
      timeout,
    );

    it(
      'rejects with ABORTED when the signal is already aborted',
      async () => {
        const c = new AbortController();
        c.abort();
        let caught: unknown;
        try {
          await subject.recognizer.recognize(subject.accepts[0].part, contractContext(c.signal));
        } catch (e) {
          caught = e;
        }
        expect(isCadlensError(caught) && caught.code).toBe('ABORTED');
      },
      timeout,
    );

    it(
      'declines out-of-domain parts with a reason instead of throwing',
      async () => {
        for (const d of subject.declines ?? []) {
          const can = await subject.recognizer.canRecognize(d.part, contractContext());
          expect(can.ok, d.name).toBe(false);
          if (can.ok) continue;
          expect(SKIP_REASONS.has(can.reason) || can.reason.startsWith('error:')).toBe(true);
          expect(can.reason, d.name).toBe(d.reason);
          if (d.detail) expect(can.detail ?? '', d.name).toMatch(d.detail);
        }
      },
      timeout,
    );
  });
}
