import { describe, expect, it } from 'vitest';
import { createIouTracker } from '../../stages/track/iou-tracker';
import type { TrackerDetection } from '../../stages/track/lifecycle';

const person = (x: number, score = 0.9): TrackerDetection => ({ box: [x, 100, x + 40, 180], score, classId: 0 });

describe('createIouTracker (baseline)', () => {
  it('links boxes frame to frame by IoU ≥ 0.5 and reports every kept detection at once', () => {
    const t = createIouTracker();
    const a = t.update(0, [person(100), person(300)]);
    const b = t.update(1, [person(305), person(104)]);
    expect(a.map((o) => o.trackId)).toEqual([1, 2]);
    expect(b.map((o) => [o.trackId, o.detectionIndex])).toEqual([
      [1, 1],
      [2, 0],
    ]);
  });

  it('matches greedily, best IoU first', () => {
    // Prepare: the track at 100 overlaps both; the better one (x=102) goes to it, x=120 starts a track
    const t = createIouTracker({ iouThreshold: 0.3 });
    t.update(0, [person(100)]);
    const obs = t.update(1, [person(120), person(102)]);
    expect(obs.map((o) => [o.trackId, o.detectionIndex])).toEqual([
      [1, 1],
      [2, 0],
    ]);
  });

  it('ends a track at its first miss: the object comes back under a new id', () => {
    const t = createIouTracker();
    t.update(0, [person(100)]);
    t.update(1, []);
    expect(t.update(2, [person(100)]).map((o) => o.trackId)).toEqual([2]);
  });

  it('discards detections under minScore, and cut() ends every track', () => {
    const t = createIouTracker();
    expect(t.update(0, [person(100, 0.3)])).toEqual([]);
    t.update(1, [person(100)]);
    t.cut();
    expect(t.update(2, [person(100)]).map((o) => o.trackId)).toEqual([2]);
  });

  it('rejects frames going backwards', () => {
    const t = createIouTracker();
    t.update(3, []);
    expect(() => t.update(2, [])).toThrow(/increasing/);
  });
});
