/**
 * A one-line progress bar with rate and ETA, drawn on stderr only when it is a TTY (CI and
 * pipes get a plain line per stage instead). No dependency: a carriage-return redraw at
 * most every 100 ms.
 */
export class ProgressBar {
  private done = 0;
  private lastDraw = 0;
  private readonly started = Date.now();
  private readonly tty: boolean;

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {
    this.tty = Boolean(stream.isTTY) && process.env['CI'] !== 'true';
  }

  /** Sets the absolute amount done and redraws if enough time passed. */
  update(done: number): void {
    this.done = Math.min(done, this.total);
    const now = Date.now();
    if (!this.tty || (now - this.lastDraw < 100 && this.done < this.total)) return;
    this.lastDraw = now;
    this.stream.write(`\r${this.render(now)}\x1b[K`);
  }

  /** Final line: always printed, TTY or not. */
  finish(note = ''): void {
    const secs = (Date.now() - this.started) / 1000;
    const line = `${this.label}: ${this.total} in ${secs.toFixed(1)} s${note ? ` — ${note}` : ''}`;
    this.stream.write(this.tty ? `\r${line}\x1b[K\n` : `${line}\n`);
  }

  private render(now: number): string {
    const frac = this.total > 0 ? this.done / this.total : 1;
    const width = 28;
    const filled = Math.round(frac * width);
    const elapsed = (now - this.started) / 1000;
    const eta = frac > 0 ? elapsed * (1 / frac - 1) : NaN;
    const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
    return `${this.label} ${bar} ${(frac * 100).toFixed(0).padStart(3)}% ${this.done}/${this.total} ETA ${formatSecs(eta)}`;
  }
}

function formatSecs(s: number): string {
  if (!Number.isFinite(s)) return '--:--';
  const m = Math.floor(s / 60);
  return `${m}:${String(Math.round(s % 60)).padStart(2, '0')}`;
}
