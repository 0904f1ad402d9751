import { describe, expect, it } from 'vitest';
import { stitchChunkTracks, type ChunkTracks } from '../../stages/track/stitch';
import { createTracker } from '../../stages/track/tracker';
import type { TrackerDetection, TrackObservation } from '../../stages/track/lifecycle';

/** Three people walking on straight lines for 100 frames; person 3 enters at frame 38, inside the first seam's overlap [35, 45). */
function detections(frame: number): TrackerDetection[] {
  const out: TrackerDetection[] = [];
  const add = (x: number, y: number) => out.push({ box: [x, y, x + 40, y + 80], score: 0.9, classId: 0 });
  add(10 + 3 * frame, 50);
  add(600 - 2 * frame, 200);
  if (frame >= 38) add(300, 350 - frame);
  return out;
}

const chunk = (index: number, startFrame: number, endFrame: number, overlap: number, frameCount: number) => ({
  index,
  startFrame,
  endFrame,
  decodeStartFrame: Math.max(0, startFrame - overlap),
  decodeEndFrame: Math.min(frameCount, endFrame + overlap),
});

function trackChunk(c: ReturnType<typeof chunk>): ChunkTracks {
  const tracker = createTracker();
  const observations: TrackObservation[] = [];
  for (let f = c.decodeStartFrame; f < c.decodeEndFrame; f++) observations.push(...tracker.update(f, detections(f)));
  return { chunk: c, observations };
}

const key = (o: TrackObservation) => `${o.frameIndex}:${o.trackId}:${Array.from(o.box).join(',')}`;

describe('stitchChunkTracks', () => {
  it('gives the same tracks as one chunk: ids, boxes, no duplicates at seams', () => {
    // Prepare
    const whole = trackChunk(chunk(0, 0, 100, 0, 100)).observations;
    const chunks = [chunk(0, 0, 40, 5, 100), chunk(1, 40, 80, 5, 100), chunk(2, 80, 100, 5, 100)].map(trackChunk);
    // Act
    const { observations, links } = stitchChunkTracks(chunks);
    // Assess
    expect(links).toBe(3 + 3); // all three people continue across both seams
    expect(observations.map(key)).toEqual(whole.map(key));
    const perFrame = new Map<number, number[]>();
    for (const o of observations) perFrame.set(o.frameIndex, [...(perFrame.get(o.frameIndex) ?? []), o.trackId]);
    for (const list of perFrame.values()) expect(new Set(list).size).toBe(list.length);
  });

  it('is deterministic: input order does not matter', () => {
    const chunks = [chunk(0, 0, 40, 5, 100), chunk(1, 40, 80, 5, 100), chunk(2, 80, 100, 5, 100)].map(trackChunk);
    const shuffled = [chunks[2]!, chunks[0]!, { ...chunks[1]!, observations: [...chunks[1]!.observations].reverse() }];
    expect(stitchChunkTracks(shuffled).observations.map(key)).toEqual(stitchChunkTracks(chunks).observations.map(key));
  });

  it('keeps tracks that do not agree on the overlap apart, and reports each frame once', () => {
    // Prepare: chunk 0's track 7 and chunk 1's track 7 are in different places on shared frames 8–11
    const obs = (trackId: number, frames: number[], x: number): TrackObservation[] =>
      frames.map((f) => ({
        trackId,
        frameIndex: f,
        detectionIndex: 0,
        box: Float64Array.of(x, 0, x + 10, 20),
        filteredBox: Float64Array.of(x, 0, x + 10, 20),
        score: 0.9,
        classId: 0,
      }));
    const a: ChunkTracks = {
      chunk: { index: 0, startFrame: 0, endFrame: 10, decodeStartFrame: 0, decodeEndFrame: 12 },
      observations: obs(7, [6, 7, 8, 9, 10, 11], 0),
    };
    const b: ChunkTracks = {
      chunk: { index: 1, startFrame: 10, endFrame: 20, decodeStartFrame: 8, decodeEndFrame: 20 },
      observations: obs(7, [8, 9, 10, 11, 12], 50),
    };
    // Act
    const { observations, links } = stitchChunkTracks([a, b]);
    // Assess
    expect(links).toBe(0);
    expect(observations.map((o) => [o.frameIndex, o.trackId, o.box[0]])).toEqual([
      [6, 1, 0],
      [7, 1, 0],
      [8, 1, 0],
      [9, 1, 0],
      [10, 2, 50],
      [11, 2, 50],
      [12, 2, 50],
    ]);
  });

  it('does not link tracks of different classes', () => {
    const o = (classId: number, f: number): TrackObservation => ({
      trackId: 1,
      frameIndex: f,
      detectionIndex: 0,
      box: Float64Array.of(0, 0, 10, 10),
      filteredBox: Float64Array.of(0, 0, 10, 10),
      score: 1,
      classId,
    });
    const r = stitchChunkTracks([
      { chunk: { index: 0, startFrame: 0, endFrame: 2, decodeStartFrame: 0, decodeEndFrame: 3 }, observations: [o(0, 1), o(0, 2)] },
      {
        chunk: { index: 1, startFrame: 2, endFrame: 4, decodeStartFrame: 1, decodeEndFrame: 4 },
        observations: [o(2, 1), o(2, 2), o(2, 3)],
      },
    ]);
    expect(r.links).toBe(0);
    expect(new Set(r.observations.map((x) => x.trackId))).toEqual(new Set([1, 2]));
  });

  it.each([
    [
      'a gap between owned ranges',
      [
        { index: 0, startFrame: 0, endFrame: 10, decodeStartFrame: 0, decodeEndFrame: 12 },
        { index: 1, startFrame: 11, endFrame: 20, decodeStartFrame: 8, decodeEndFrame: 20 },
      ],
      /starts at 11/,
    ],
    [
      'a decode range not covering the owned one',
      [{ index: 0, startFrame: 0, endFrame: 10, decodeStartFrame: 2, decodeEndFrame: 12 }],
      /must cover/,
    ],
  ])('rejects %s', (_name, chunks, message) => {
    expect(() => stitchChunkTracks(chunks.map((c) => ({ chunk: c, observations: [] })))).toThrow(message);
  });
});
