import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FAST_H264, ffmpeg, lavfiVideo } from '../helpers/lavfi';

/** Deterministic byte noise (tests must not depend on Math.random). */
function scramble(buf: Uint8Array, from: number, to: number, seed: number): void {
  let s = seed >>> 0;
  for (let i = from; i < Math.min(to, buf.length); i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    buf[i] = s >>> 24;
  }
}

/**
 * Real bad files for the probe's error table, each made with ffmpeg or by damaging a real
 * video: text, image, audio only, truncated (index missing; index pointing past the end),
 * corrupt first frame, corrupt middle, zero frames, unknown codec tag, absurd dimensions.
 */
export async function makeBadFiles(dir: string): Promise<Record<string, string>> {
  const p = (name: string) => join(dir, name);
  await writeFile(p('text.mp4'), 'this is a text file, not a video\n'.repeat(50));
  await ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=s=160x120', '-frames:v', '1', p('image.png')]);
  await ffmpeg(['-f', 'lavfi', '-i', 'sine=d=1', p('audio.wav')]);
  const plain = await lavfiVideo(p('plain.mp4'), 'testsrc2=s=160x120:r=25:d=2', { gop: 10 });
  await ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=s=160x120:r=25:d=2', ...FAST_H264, '-movflags', '+faststart', p('faststart.mp4')]);
  const bytes = new Uint8Array(await readFile(plain));
  await writeFile(p('truncated-no-index.mp4'), bytes.subarray(0, bytes.length >> 1));
  const fast = new Uint8Array(await readFile(p('faststart.mp4')));
  await writeFile(p('truncated-faststart.mp4'), fast.subarray(0, fast.length >> 1));
  const corruptStart = Uint8Array.from(bytes);
  scramble(corruptStart, 60, 1500, 3);
  await writeFile(p('corrupt-first-frame.mp4'), corruptStart);
  const corruptMiddle = Uint8Array.from(bytes);
  scramble(corruptMiddle, Math.floor(bytes.length / 5), bytes.length >> 1, 2);
  await writeFile(p('corrupt-middle.mp4'), corruptMiddle);
  await ffmpeg(['-i', plain, '-c:v', 'copy', '-frames:v', '0', p('zero-frames.avi')]);
  await lavfiVideo(p('mpeg4.avi'), 'testsrc2=s=160x120:r=25:d=1', { codec: 'mpeg4' });
  await writeFile(p('unknown-codec.avi'), retag(new Uint8Array(await readFile(p('mpeg4.avi')))));
  await lavfiVideo(p('tiny.avi'), 'color=s=8x8:r=25:d=1', { codec: 'mpeg4' });
  await copyFile(plain, p('good.mp4'));
  return Object.fromEntries(
    [
      'text.mp4',
      'image.png',
      'audio.wav',
      'truncated-no-index.mp4',
      'truncated-faststart.mp4',
      'corrupt-first-frame.mp4',
      'corrupt-middle.mp4',
      'zero-frames.avi',
      'unknown-codec.avi',
      'tiny.avi',
      'good.mp4',
    ].map((n) => [n, p(n)]),
  );
}

/** Replaces the AVI's FourCC tags (FMP4) with one no decoder knows. */
function retag(buf: Uint8Array): Uint8Array {
  const text = Buffer.from(buf);
  for (const tag of ['FMP4', 'fmp4']) {
    let i = text.indexOf(tag);
    while (i >= 0) {
      text.write('XQZW', i, 'latin1');
      i = text.indexOf(tag, i + 4);
    }
  }
  return new Uint8Array(text);
}
