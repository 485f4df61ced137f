import type { AnalyzeStep } from '../../../analyze/index.js';

/**
 * One status line on a terminal: which file (`[2/5]` with a bar in batches), which step it is in and
 * for how long, redrawn in place. Drawn only when the stream is a TTY, so pipes and files stay clean.
 */
export interface ProgressLine {
  /** A file starts (0-based index). */
  file(index: number, label: string): void;
  /** The current file entered `step`. */
  step(step: AnalyzeStep): void;
  /** Erases the line so other output can be written; the next update draws it again. */
  clear(): void;
  /** Erases the line and stops the clock. */
  done(): void;
}

const STEP_LABELS: Record<AnalyzeStep, string> = {
  format: 'reading',
  parse: 'building the B-Rep',
  tessellate: 'tessellating (OpenCascade)',
  heal: 'healing the mesh',
  geometry: 'checking the geometry',
  recognize: 'recognizing features',
};

const BAR_WIDTH = 20;
const TICK_MS = 1000;

/** Creates the status line on `stream`, or a silent one when `stream` is not a TTY. */
export function createProgressLine(stream: NodeJS.WriteStream, total: number, clock: () => number = Date.now): ProgressLine {
  if (!stream.isTTY) return { file() {}, step() {}, clear() {}, done() {} };
  let index = 0;
  let label = '';
  let step: AnalyzeStep | null = null;
  let startedMs = clock();
  let drawn = false;
  let timer: ReturnType<typeof setInterval> | null = null;

  const draw = () => {
    const seconds = Math.floor((clock() - startedMs) / 1000);
    const name = label.length > 40 ? `…${label.slice(-39)}` : label;
    const filled = Math.round((index / total) * BAR_WIDTH);
    const bar = total > 1 ? `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${index + 1}/${total} ` : '';
    const what = step ? ` · ${STEP_LABELS[step]}` : '';
    stream.write(`\r${bar}${name}${what} ${seconds}s\x1b[K`);
    drawn = true;
  };
  const clear = () => {
    if (drawn) stream.write('\r\x1b[K');
    drawn = false;
  };
  return {
    file(i, l) {
      index = i;
      label = l;
      step = null;
      startedMs = clock();
      // A steady clock so a long step (a 12 s import) visibly runs; unref'd, it never holds the process.
      timer ??= setInterval(draw, TICK_MS);
      timer.unref?.();
      draw();
    },
    step(s) {
      step = s;
      draw();
    },
    clear,
    done() {
      if (timer) clearInterval(timer);
      timer = null;
      clear();
    },
  };
}
