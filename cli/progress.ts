/**
 * A one-line progress bar with rate and ETA, drawn on stderr only when it is a TTY (CI and
 * pipes get a plain line per stage instead). No dependency: a carriage-return redraw at
 * most every 100 ms. Lines that arrive while the bar is drawn (e.g. the first-use model
 * conversion notice) go through `note()`, which prints them above the bar.
 */
export class ProgressBar {
  private done = 0;
  private lastDraw = 0;
  private drawn = false;
  private readonly started = Date.now();
  private readonly tty: boolean;

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
    options: { tty?: boolean } = {},
  ) {
    this.tty = options.tty ?? (Boolean(stream.isTTY) && process.env['CI'] !== 'true');
  }

  /** Sets the absolute amount done and redraws if enough time passed. */
  update(done: number): void {
    this.done = Math.min(done, this.total);
    const now = Date.now();
    if (!this.tty || (now - this.lastDraw < 100 && this.done < this.total)) return;
    this.lastDraw = now;
    this.draw(now);
  }

  /**
   * Prints one line of its own without breaking the bar: on a terminal the bar is erased,
   * the line printed, and the bar drawn again below it; elsewhere the line is printed as is.
   */
  note(line: string): void {
    this.stream.write(`${this.tty ? '\r\x1b[K' : ''}${line}\n`);
    if (this.tty && this.drawn) this.draw(Date.now());
  }

  /** Final line: always printed, TTY or not. */
  finish(note = ''): void {
    const secs = (Date.now() - this.started) / 1000;
    const line = `${this.label}: ${this.total} in ${secs.toFixed(1)} s${note ? ` — ${note}` : ''}`;
    this.stream.write(this.tty ? `\r${line}\x1b[K\n` : `${line}\n`);
    this.drawn = false;
  }

  private draw(now: number): void {
    this.stream.write(`\r${this.render(now)}\x1b[K`);
    this.drawn = true;
  }

  private render(now: number): string {
    const frac = this.total > 0 ? this.done / this.total : 1;
    const width = 28;
    const filled = Math.round(frac * width);
    const elapsed = (now - this.started) / 1000;
    const eta = frac > 0 ? elapsed * (1 / frac - 1) : NaN;
    const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
    return `${this.label} ${bar} ${(frac * 100).toFixed(0).padStart(3)}% ${this.done}/${this.total} ETA ${formatEta(eta)}`;
  }
}

/**
 * Seconds as `m:ss`, or `h:mm:ss` from one hour on; `--:--` when unknown (NaN, infinite or
 * negative). Rounds to whole seconds first, so 59.6 s reads `1:00`, never `0:60`.
 *
 * @example formatEta(119.5) // '2:00'
 */
export function formatEta(secs: number): string {
  if (!Number.isFinite(secs) || secs < 0) return '--:--';
  const total = Math.round(secs);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}
