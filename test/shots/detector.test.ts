import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spanIoU } from '../../stages/shots/eval';
import { lavfiVideo, tempDir } from '../helpers/lavfi';
import { SHOT_FIXTURES } from './fixtures';
import { decodeForShots, detect, summarize, SHOT_DECISIONS } from './helpers';

/** A found gradual span must overlap the generated one this much (it is trimmed by progress). */
const MIN_SPAN_IOU = 0.7;

describe.each(SHOT_DECISIONS)('shot detector on generated lavfi clips ($cutDecision)', (decision) => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => ({ dir, cleanup } = await tempDir('lvu-shots-')));
  afterAll(async () => cleanup());

  it.each(SHOT_FIXTURES.map((f, i) => ({ ...f, file: `clip-${i}.mp4` })))('$name', async ({ graph, expected, file }) => {
    // Prepare
    const clip = await decodeForShots(await lavfiVideo(join(dir, file), graph));

    // Act
    const found = detect(clip, {}, decision);

    // Assess
    expect(
      found.map((t) => t.type),
      summarize(found).join(', '),
    ).toEqual(expected.map((e) => e.type));
    found.forEach((t, i) => {
      const want = expected[i]!;
      if (want.type === 'cut') expect([t.startFrame, t.endFrame]).toEqual([want.start, want.start]);
      else expect(spanIoU({ type: t.type, start: t.startFrame, end: t.endFrame }, want)).toBeGreaterThanOrEqual(MIN_SPAN_IOU);
      expect(t.confidence).toBeGreaterThan(0);
      expect(t.confidence).toBeLessThanOrEqual(1);
      expect(t.startSec).toBeCloseTo(t.startFrame / clip.fps, 6);
      expect(t.endSec).toBeCloseTo(t.endFrame / clip.fps, 6);
    });
  });
});
