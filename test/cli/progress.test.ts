import { describe, expect, it } from 'vitest';
import { formatEta, ProgressBar } from '../../cli/progress';

/**
 * What a terminal shows after `text` is written to it: `\r` returns to column 0, `\x1b[K`
 * erases to the end of the line, `\n` starts a new line. Enough of a terminal to see
 * whether one line was drawn over another.
 */
function screen(text: string): string[] {
  const lines: string[] = [''];
  let col = 0;
  for (let i = 0; i < text.length; i++) {
    const row = lines.length - 1;
    if (text.startsWith('\x1b[K', i)) {
      lines[row] = lines[row]!.slice(0, col);
      i += 2;
    } else if (text[i] === '\r') col = 0;
    else if (text[i] === '\n') {
      lines.push('');
      col = 0;
    } else {
      const line = lines[row]!;
      lines[row] = line.slice(0, col) + text[i] + line.slice(col + 1);
      col++;
    }
  }
  return lines;
}

/** A stream that records what is written and claims to be a terminal (or not). */
function fakeStream(isTTY: boolean): { stream: NodeJS.WriteStream; text: () => string } {
  let text = '';
  const stream = { isTTY, write: (chunk: string) => ((text += chunk), true) } as unknown as NodeJS.WriteStream;
  return { stream, text: () => text };
}

describe('formatEta', () => {
  it.each([
    [0, '0:00'],
    [59.4, '0:59'],
    [59.6, '1:00'], // was 0:60
    [119.5, '2:00'], // was 1:60
    [61, '1:01'],
    [3599.7, '1:00:00'],
    [3725, '1:02:05'],
    [Number.NaN, '--:--'],
    [Number.POSITIVE_INFINITY, '--:--'],
    [-3, '--:--'],
  ])('formats %s s as %s', (secs, text) => {
    expect(formatEta(secs)).toBe(text);
  });
});

describe('ProgressBar', () => {
  it('prints a notice on its own line above the bar and redraws the bar below it', () => {
    // Prepare: a bar half drawn on a terminal.
    const { stream, text } = fakeStream(true);
    const bar = new ProgressBar('decode', 10, stream, { tty: true });
    bar.update(5);
    // Act: a first-use model conversion notice arrives while the bar is on screen.
    bar.note('lvu: converting default model yolox-nano into /tmp/models (first use)');
    bar.update(10);
    bar.finish('1 chunk');
    // Assess: the notice is intact on its own line; the bar (then its final line) follows.
    const lines = screen(text());
    expect(lines[0]).toBe('lvu: converting default model yolox-nano into /tmp/models (first use)');
    expect(lines[1]).toMatch(/^decode: 10 in \d+\.\d s — 1 chunk$/);
    expect(lines[2]).toBe('');
  });

  it('prints a notice as a plain line when the stream is not a terminal', () => {
    const { stream, text } = fakeStream(false);
    const bar = new ProgressBar('decode', 10, stream);
    bar.update(5);
    bar.note('converting');
    bar.finish();
    expect(text()).toMatch(/^converting\ndecode: 10 in \d+\.\d s\n$/);
  });
});
