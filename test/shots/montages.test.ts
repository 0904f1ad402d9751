import { describe, expect, it } from 'vitest';
import { joinOverlapping } from '../../training/shots/data';
import {
  heldFrames,
  MIN_HOLD_FRAMES,
  MONTAGE_FPS,
  MONTAGES,
  montagePieces,
  SOURCE_CUTS,
  SOURCE_SECONDS,
} from '../../training/shots/montages';

describe('shot montage plans (training/shots/montages.ts)', () => {
  it('keep every piece inside one shot of its source and inside the source', () => {
    for (const m of MONTAGES) {
      for (const p of montagePieces(m)) {
        const end = p.fromSec + p.frames / MONTAGE_FPS;
        expect(end, `${m.name}: ${p.source}@${p.fromSec}`).toBeLessThanOrEqual(SOURCE_SECONDS[p.source]!);
        for (const cut of SOURCE_CUTS[p.source] ?? []) {
          expect(cut < p.fromSec || cut > end, `${m.name}: ${p.source}@${p.fromSec}+${p.frames} holds the cut at ${cut} s`).toBe(true);
        }
      }
    }
  });

  it('are the same on every call (seeded), so a montage rebuilds to the same truth', () => {
    for (const m of MONTAGES) expect(montagePieces(m)).toEqual(montagePieces(m));
  });

  it('gives report montages seeds no other montage has', () => {
    const seeds = MONTAGES.map((m) => m.seed);
    expect(new Set(seeds).size).toBe(seeds.length);
  });

  it('show every piece on its own for MIN_HOLD_FRAMES when the montage keeps holds', () => {
    const holding = MONTAGES.filter((m) => m.holds);
    expect(holding.length).toBeGreaterThan(0);
    for (const m of holding) {
      const pieces = montagePieces(m);
      pieces.forEach((p, k) => {
        expect(heldFrames(pieces, k), `${m.name}: piece ${k} (${p.source})`).toBeGreaterThanOrEqual(MIN_HOLD_FRAMES);
        if (p.entry !== 'cut') expect(p.entryFrames, `${m.name}: piece ${k}`).toBeGreaterThanOrEqual(8);
      });
    }
    // Before holds, some pieces were never shown on their own (their two transitions overlap).
    const old = MONTAGES.filter((m) => !m.holds).flatMap((m) => {
      const pieces = montagePieces(m);
      return pieces.map((_, k) => heldFrames(pieces, k));
    });
    expect(Math.min(...old)).toBeLessThan(0);
  });
});

describe('scored truth (training/shots/data.ts joinOverlapping)', () => {
  it('joins gradual transitions that overlap or touch into one, and nothing else', () => {
    const truth = {
      transitions: [
        { type: 'cut' as const, frame: 10 },
        { type: 'dissolve' as const, start: 20, end: 40 },
        { type: 'wipe' as const, start: 35, end: 45 },
        { type: 'fade' as const, start: 46, end: 50 },
        { type: 'dissolve' as const, start: 52, end: 60 },
        { type: 'cut' as const, frame: 61 },
        { type: 'wipe' as const, start: 62, end: 70 },
      ],
    };
    expect(joinOverlapping(truth).transitions).toEqual([
      { type: 'cut', frame: 10 },
      { type: 'dissolve', start: 20, end: 50 },
      { type: 'dissolve', start: 52, end: 60 },
      { type: 'cut', frame: 61 },
      { type: 'wipe', start: 62, end: 70 },
    ]);
  });
});
