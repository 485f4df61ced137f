/** A one-line progress bar for batches, drawn on a TTY stream only, throttled to ~10 updates/s. */
export interface ProgressBar {
  tick(label: string): void;
  done(): void;
}

/** Creates a progress bar on `stream`, or a silent one when the stream is not a TTY or `total < 2`. */
export function createProgressBar(stream: NodeJS.WriteStream, total: number): ProgressBar {
  if (!stream.isTTY || total < 2) return { tick() {}, done() {} };
  let count = 0;
  let lastDrawMs = 0;
  const width = 30;
  const draw = (label: string) => {
    const filled = Math.round((count / total) * width);
    const name = label.length > 40 ? `…${label.slice(-39)}` : label;
    stream.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${count}/${total} ${name}\x1b[K`);
  };
  return {
    tick(label) {
      count++;
      const now = Date.now();
      if (now - lastDrawMs > 100 || count === total) {
        lastDrawMs = now;
        draw(label);
      }
    },
    done() {
      stream.write('\r\x1b[K');
    },
  };
}
