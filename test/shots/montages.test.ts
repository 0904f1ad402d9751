import { describe, expect, it } from 'vitest';
import { alsoSplits, joinOverlapping } from '../../training/shots/data';
import {
  HOLD_JITTER_FRAMES,
  heldFrames,
  holdFrames,
  jumpVisibility,
  LONG_TAKE_MOTION_SEC,
  MIN_HOLD_FRAMES,
  MONTAGE_FPS,
  MONTAGES,
  montagePieces,
  pictureStepVisibility,
  SOURCE_CUTS,
  SOURCE_SECONDS,
  FIFTH_REPORT_POOL,
  type MontageSpec,
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

  it("make long takes: 6–20 s pieces (or as long as the source allows), no jump cuts drawn, motion at a short piece's pace", () => {
    const takes = MONTAGES.filter((m) => m.longTakes);
    expect(takes.length).toBeGreaterThanOrEqual(6);
    for (const m of takes) {
      const pieces = montagePieces(m);
      expect(pieces.length).toBe(m.pieces);
      for (const p of pieces) {
        const sec = p.frames / MONTAGE_FPS;
        expect(sec, `${m.name}: ${p.source}`).toBeLessThanOrEqual(20);
        // Shorter only where the source is (or its longest shot: Megamind's cuts, insideOneShot).
        const cuts = SOURCE_CUTS[p.source];
        const longest = cuts
          ? Math.max(...[...cuts, SOURCE_SECONDS[p.source]!].map((c, i, all) => c - (i ? all[i - 1]! : 0))) - 0.3
          : SOURCE_SECONDS[p.source]! - 0.3;
        expect(sec >= 6 || sec >= longest, `${m.name}: ${p.source} ${sec} s`).toBe(true);
        expect(p.motionSec).toBe(LONG_TAKE_MOTION_SEC);
        expect(p.note.startsWith('jump')).toBe(false);
      }
    }
    // The short montages keep their 1–4 s pieces and their transforms' one-off motion.
    for (const m of MONTAGES.filter((x) => !x.longTakes).slice(-6)) {
      for (const p of montagePieces(m)) {
        expect(p.motionSec).toBeUndefined();
        expect(p.frames / MONTAGE_FPS).toBeLessThanOrEqual(4 + 31 / MONTAGE_FPS);
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

  it('spread the holds with holdJitter, so that no one distance from a gradual end to a cut stands out', () => {
    // Distances from a gradual entry's end to the cut that leaves the piece: its held frames.
    const distances = (jitter: boolean) => {
      const count = new Map<number, number>();
      for (let i = 0; i < 40; i++) {
        const m: MontageSpec = {
          name: `shots-probe-${i}`,
          split: 'held',
          seed: 990001 + i,
          pool: FIFTH_REPORT_POOL,
          pieces: 50,
          visibleJumps: true,
          holds: true,
          holdJitter: jitter,
        };
        const pieces = montagePieces(m);
        pieces.forEach((p, k) => {
          const held = heldFrames(pieces, k);
          expect(held, `${m.name}: piece ${k}`).toBeGreaterThanOrEqual(MIN_HOLD_FRAMES);
          if (jitter) expect(holdFrames(m, k)).toBeLessThanOrEqual(MIN_HOLD_FRAMES + HOLD_JITTER_FRAMES);
          const next = pieces[k + 1];
          if (k > 0 && p.entry !== 'cut' && next?.entry === 'cut' && held <= MIN_HOLD_FRAMES + HOLD_JITTER_FRAMES) {
            count.set(held, (count.get(held) ?? 0) + 1);
          }
        });
      }
      return count;
    };
    const peak = (count: Map<number, number>) => {
      const values = [...count.values()];
      return Math.max(...values) / (values.reduce((a, b) => a + b, 0) / (HOLD_JITTER_FRAMES + 1));
    };
    // One hold for all: a spike at exactly MIN_HOLD_FRAMES (many times the mean of the band).
    const fixed = distances(false);
    expect(peak(fixed)).toBeGreaterThan(5);
    expect([...fixed.entries()].sort((a, b) => b[1] - a[1])[0]![0]).toBe(MIN_HOLD_FRAMES);
    // Own holds: spread over the band.
    expect(peak(distances(true))).toBeLessThan(2.5);
  });
});

/** Flat 64×36 luma frames at the given grey levels (the mean absolute change between two is their level difference). */
const flat = (levels: number[]) => levels.map((v) => new Uint8Array(64 * 36).fill(v));
/** `n` frames of a source that shows each picture for `hold` frames and then steps by `beat` (alternating up and down). */
const stutter = (start: number, n: number, hold: number, beat: number) =>
  flat(Array.from({ length: n }, (_, i) => start + (Math.floor(i / hold) % 2) * beat));

describe('jump cut visibility (training/shots/montages.ts)', () => {
  it('VISIBLE_JUMP weighs a jump against the median one-frame change: a stuttering source’s is 0', () => {
    // Each picture shown 11 frames, steps of 10: a jump of 12 is no bigger than the source’s own steps…
    const before = stutter(100, 25, 11, 10);
    const after = stutter(112, 25, 11, 10);
    const old = jumpVisibility(before.slice(-5), after.slice(0, 5));
    expect(old.change).toBeCloseTo(Math.abs(112 - (100 + (Math.floor(24 / 11) % 2) * 10)));
    expect(old.visible).toBe(true);
    // …and the picture-step test says so: its motion is the median of the steps where the picture changed.
    const ps = pictureStepVisibility(before, after);
    expect(ps.contrast).toBeCloseTo(old.change / 10);
    expect(ps.visible).toBe(false);
    // A jump of 40 stands out from steps of 10.
    expect(pictureStepVisibility(before, stutter(140, 25, 11, 10)).visible).toBe(true);
  });

  it('the picture-step test agrees with VISIBLE_JUMP on a source that changes every frame', () => {
    const ramp = (from: number, n: number) => flat(Array.from({ length: n }, (_, i) => from + i));
    for (const [gap, visible] of [
      [2, false],
      [6, true],
    ] as const) {
      const before = ramp(50, 25);
      const after = ramp(50 + 24 + gap, 25);
      expect(jumpVisibility(before.slice(-5), after.slice(0, 5)).visible).toBe(visible);
      expect(pictureStepVisibility(before, after).visible).toBe(visible);
      expect(pictureStepVisibility(before, after).contrast).toBeCloseTo(gap);
    }
  });

  it('is never looser than VISIBLE_JUMP, and a still source (no picture step) falls back to its floor', () => {
    // A still picture with a jump of 2.5 grey levels: under VISIBLE_JUMP's 3 either way.
    expect(pictureStepVisibility(flat(Array(25).fill(80)), flat(Array(25).fill(82))).visible).toBe(false);
    expect(pictureStepVisibility(flat(Array(25).fill(80)), flat(Array(25).fill(84))).visible).toBe(true);
  });

  it('redraws by the picture-step test only in montages that ask for it (older montages keep their truth)', () => {
    const flagged = MONTAGES.filter((m) => m.pictureSteps);
    expect(flagged.length).toBeGreaterThan(0);
    for (const m of flagged) expect(m.visibleJumps, m.name).toBe(true);
    expect(MONTAGES.filter((m) => m.split === 'train' && m.pictureSteps)).toEqual([]);
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

  it('take --also training splits and name each split they refuse (data.ts alsoSplits)', () => {
    expect(alsoSplits(undefined, 'dump-pixel', 'magnify')).toEqual([]);
    expect(alsoSplits('magnify,train-pixel', 'dump-temporal', 'train-pixel')).toEqual(['magnify', 'train-pixel']);
    expect(() => alsoSplits('magnify,tune', 'dump-pixel', 'magnify')).toThrow(/^dump-pixel: --also .* not tune$/);
    expect(() => alsoSplits('held,nonesuch', 'dump-temporal', 'train-pixel')).toThrow(/not held, nonesuch$/);
  });
});
