import { describe, expect, it } from 'vitest';
import { MONTAGE_FPS, MONTAGES, montagePieces, SOURCE_CUTS, SOURCE_SECONDS } from '../../training/shots/montages';

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
});
