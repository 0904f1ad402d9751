/**
 * People found vs PETS09-S2L1 ground truth: recall at IoU ≥ 0.5 (greedy one-to-one
 * matching, best IoU first) of MoveNet MultiPose (letterboxed to 256² and 512²) and
 * CenterNet (512², class person), on a few frames, overall and for small people
 * (ground-truth box height < 80 px, the median in this sequence being ~75 px). The figures
 * are printed; the assertions are deliberately loose floors, not targets.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VisionModels, type Box } from '../../models';
import { ensureModels, hasTestData, motBoxes, PETS_VIDEO, readFrame } from './helpers';

const FRAMES = [1, 100, 200, 400, 600]; // MOT frame numbers (1-based); decoded index = frame − 1
const SMALL_PX = 80;

function iouOf(a: Box, b: Box): number {
  const iw = Math.max(0, Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1)),
    ih = Math.max(0, Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1));
  const inter = iw * ih;
  return inter / ((a.x2 - a.x1) * (a.y2 - a.y1) + (b.x2 - b.x1) * (b.y2 - b.y1) - inter);
}

/** Greedy one-to-one matching at IoU ≥ 0.5; returns which GT boxes were found. */
function matched(gt: Box[], found: Box[]): boolean[] {
  const pairs = gt
    .flatMap((g, i) => found.map((f, j) => ({ i, j, iou: iouOf(g, f) })))
    .filter((p) => p.iou >= 0.5)
    .sort((a, b) => b.iou - a.iou);
  const hit = gt.map(() => false),
    used = new Set<number>();
  for (const p of pairs)
    if (!hit[p.i] && !used.has(p.j)) {
      hit[p.i] = true;
      used.add(p.j);
    }
  return hit;
}

interface Tally {
  found: number;
  total: number;
  smallFound: number;
  small: number;
}

describe.runIf(hasTestData())('people recall on PETS09-S2L1 (IoU ≥ 0.5)', () => {
  let vision: VisionModels;
  beforeAll(() => {
    vision = VisionModels.create(ensureModels());
  });
  afterAll(() => vision.dispose());

  it('MoveNet MultiPose @256/@512 and CenterNet @512 find the annotated people', async () => {
    // Prepare
    const detectors: Record<string, (img: Awaited<ReturnType<typeof readFrame>>) => Promise<Box[]>> = {
      'movenet@256': async (img) => (await vision.runMoveNet(img, { inputSize: 256, minScore: 0.15 })).map((p) => p.box),
      'movenet@512': async (img) => (await vision.runMoveNet(img, { inputSize: 512, minScore: 0.15 })).map((p) => p.box),
      'centernet@512': async (img) =>
        (await vision.runCenterNet(img, { minScore: 0.25 })).filter((o) => o.label === 'person').map((o) => o.box),
    };
    const tally: Record<string, Tally> = Object.fromEntries(
      Object.keys(detectors).map((k) => [k, { found: 0, total: 0, smallFound: 0, small: 0 }]),
    );
    // Act
    for (const frame of FRAMES) {
      const img = await readFrame(PETS_VIDEO, frame - 1);
      const gt = motBoxes(frame);
      for (const [name, detect] of Object.entries(detectors)) {
        const hit = matched(gt, await detect(img));
        const t = tally[name]!;
        gt.forEach((g, i) => {
          t.total++;
          t.found += hit[i] ? 1 : 0;
          if (g.y2 - g.y1 < SMALL_PX) {
            t.small++;
            t.smallFound += hit[i] ? 1 : 0;
          }
        });
      }
    }
    // Assess
    for (const [name, t] of Object.entries(tally)) {
      console.log(
        `[recall] ${name.padEnd(14)} all ${t.found}/${t.total} = ${(t.found / t.total).toFixed(2)}   small (<${SMALL_PX}px) ${t.smallFound}/${t.small} = ${(t.smallFound / Math.max(1, t.small)).toFixed(2)}`,
      );
    }
    expect(tally['centernet@512']!.found / tally['centernet@512']!.total).toBeGreaterThan(0.5);
    expect(tally['movenet@512']!.found).toBeGreaterThanOrEqual(tally['movenet@256']!.found);
  });
});
