/**
 * `npx lvu bench identity [--tracks 2000,6000] [--people 300]`: identity linking at the scale
 * of hours of video — thousands of person tracks — by components of the linkable pairs
 * (`linkIdentities`) against the whole n×n matrix it replaced (the reference in
 * test/detect/identity-scenes.ts), in the same run on the same synthetic tracks (FaceRes-sized
 * 1024-d faces of `people` people, a fifth of the tracks faceless, noisy copies, tracks at the
 * same time as others): time (median of 3), the largest distance matrix each allocates, and
 * whether they agree track for track.
 */
import { parseFlags } from '../cli/args';
import { identityConfig, linkIdentities, poolDescriptors } from '../stages/identity/identities';
import { scene, wholeMatrix } from '../test/detect/identity-scenes';
import { medianMs } from './timing';

export const summary =
  'identity: linking thousands of person tracks by components vs the whole n² matrix (time, largest matrix, same result)';

export async function run(argv: string[]): Promise<number> {
  const { values } = parseFlags(argv, { tracks: { type: 'string' }, people: { type: 'string' } });
  const sizes = (values.tracks ?? '2000,6000').split(',').map(Number);
  const people = Math.max(1, Number(values.people ?? 300));
  const cfg = identityConfig();
  process.stdout.write(`bench identity: ${people} people, default thresholds (faces only), median of 3\n`);
  process.stdout.write(
    `  ${'tracks'.padEnd(7)} ${'identities'.padStart(10)} ${'whole ms'.padStart(9)} ${'components ms'.padStart(14)} ${'ratio'.padStart(6)} ${'whole matrix MB'.padStart(16)} ${'largest group'.padStart(14)} same\n`,
  );
  for (const n of sizes) {
    if (!(n > 0)) throw new Error(`--tracks: positive counts, got ${values.tracks}`);
    const { tracks, samples } = scene(n, people, n, 1024);
    const descriptors = poolDescriptors(samples);
    let ours = new Map<number, number>();
    let whole = new Map<number, number>();
    let largest = 0;
    let identities = 0;
    const oursMs = await medianMs(3, async () => {
      const linked = linkIdentities(tracks, descriptors, cfg);
      ({ identityOf: ours, largestGroup: largest } = linked);
      identities = linked.identities.length;
    });
    const wholeMs = await medianMs(3, async () => {
      whole = wholeMatrix(tracks, descriptors, cfg);
    });
    const same = [...ours].every(([t, id]) => whole.get(t) === id) && ours.size === whole.size;
    process.stdout.write(
      `  ${String(n).padEnd(7)} ${String(identities).padStart(10)} ${wholeMs.toFixed(0).padStart(9)} ${oursMs.toFixed(0).padStart(14)} ${(oursMs / wholeMs).toFixed(2).padStart(5)}× ${((n * n * 8) / 2 ** 20).toFixed(1).padStart(16)} ${`${largest} (${((largest * largest * 8) / 1024).toFixed(1)} KB)`.padStart(14)} ${same ? 'yes' : 'NO'}\n`,
    );
    if (!same) return 1;
  }
  return 0;
}
