// A one-line progress bar on stderr, shown only when stderr is a terminal.

const BAR_WIDTH = 30;
const MIN_INTERVAL_MS = 100;

export class Progress {
  #stream: NodeJS.WriteStream;
  #enabled: boolean;
  #totalBytes: number;
  #doneBytes = 0;
  #lastDrawMs = 0;
  #label = '';

  constructor(stream: NodeJS.WriteStream, totalBytes: number) {
    this.#stream = stream;
    this.#enabled = stream.isTTY === true && totalBytes > 0;
    this.#totalBytes = totalBytes;
  }

  label(text: string): void {
    this.#label = text;
  }

  advance(bytes: number, nowMs: number): void {
    this.#doneBytes += bytes;
    if (!this.#enabled || nowMs - this.#lastDrawMs < MIN_INTERVAL_MS) return;
    this.#lastDrawMs = nowMs;
    const share = Math.min(1, this.#doneBytes / this.#totalBytes);
    const filled = Math.round(share * BAR_WIDTH);
    const bar = '#'.repeat(filled) + '-'.repeat(BAR_WIDTH - filled);
    const percent = (share * 100).toFixed(0).padStart(3);
    this.#stream.write(`\r[${bar}] ${percent}% ${this.#label}`.slice(0, 100));
  }

  done(): void {
    if (this.#enabled) this.#stream.write('\r\x1b[K');
  }
}
