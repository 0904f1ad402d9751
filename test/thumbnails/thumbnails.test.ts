import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ThumbnailsFileSchema, type StoredPersonThumbnail } from '../../core/contracts/thumbnails';
import type { TracksFile } from '../../core/contracts/tracks';
import { analyzeChunk, mergeChunks, planAnalysis } from '../../stages/pipeline';
import { encodeJpeg } from '../../stages/thumbnails';
import { pickIdentityThumbnails } from '../../stages/thumbnails/people';
import { probe } from '../../stages/video';
import { missingDataMessage, testData } from '../helpers/data';

/** Decodes JPEG bytes with ffmpeg into rgb24 at their own size. */
async function decodeWithFfmpeg(jpeg: Uint8Array): Promise<{ rgb: Buffer }> {
  const child = execFile(
    'ffmpeg',
    ['-v', 'error', '-f', 'image2pipe', '-c:v', 'mjpeg', '-i', 'pipe:0', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'],
    { encoding: 'buffer', maxBuffer: 1 << 26 },
  );
  const out = new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    child.stdout!.on('data', (c: Buffer) => chunks.push(c));
    child.on('close', (code) => (code === 0 ? resolve(Buffer.concat(chunks)) : reject(new Error(`ffmpeg exited ${code}`))));
  });
  child.stdin!.end(Buffer.from(jpeg));
  const rgb = await out;
  return { rgb };
}

function psnr(a: Uint8Array, b: Uint8Array): number {
  let se = 0;
  for (let i = 0; i < a.length; i++) se += (a[i]! - b[i]!) ** 2;
  return 10 * Math.log10((255 * 255) / (se / a.length));
}

/** A smooth colour test card with a few hard edges (what thumbnails look like to the DCT). */
function testCard(width: number, height: number): Uint8Array {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 3;
      data[o] = (x * 255) / width;
      data[o + 1] = (y * 255) / height;
      data[o + 2] = x > width / 2 && y > height / 3 ? 230 : 40;
    }
  return data;
}

describe('encodeJpeg', () => {
  const sizes: [string, number, number][] = [
    ['160×90 (a shot thumbnail)', 160, 90],
    ['odd 37×53', 37, 53],
    ['one pixel', 1, 1],
    ['96×96 (a face)', 96, 96],
  ];
  for (const [name, width, height] of sizes) {
    it(`encodes a ${name} image that ffmpeg decodes to the same picture (PSNR ≥ 30 dB at quality 80)`, async () => {
      const rgb = testCard(width, height);
      const jpeg = encodeJpeg({ data: rgb, width, height }, 80);
      expect([jpeg[0], jpeg[1], jpeg.at(-2), jpeg.at(-1)]).toEqual([0xff, 0xd8, 0xff, 0xd9]);
      const decoded = await decodeWithFfmpeg(jpeg);
      expect(decoded.rgb.length).toBe(width * height * 3);
      expect(psnr(rgb, decoded.rgb)).toBeGreaterThanOrEqual(width * height > 1 ? 30 : 20);
      expect(encodeJpeg({ data: rgb, width, height }, 80)).toEqual(jpeg); // deterministic
    });
  }

  it('refuses an image whose buffer is shorter than width × height × 3', () => {
    expect(() => encodeJpeg({ data: new Uint8Array(10), width: 4, height: 4 })).toThrow(RangeError);
    expect(() => encodeJpeg({ data: new Uint8Array(0), width: 0, height: 4 })).toThrow(/bad image 0×4/);
  });
});

const SHOTS_DEV = 'shots/shots_dev.mp4';
const shotsDev = testData(SHOTS_DEV);

describe.skipIf(!shotsDev)(shotsDev ? 'shot thumbnails from the decode pass (shots_dev)' : missingDataMessage(SHOTS_DEV), () => {
  it('gives every shot one decodable JPEG of a frame inside it, with 60-s and 20-s chunks', async () => {
    const p = await probe(shotsDev!);
    for (const chunkSec of [60, 20]) {
      // Act: the shot-only pass, every chunk, then the merge.
      const plan = planAnalysis(p, { chunkSec });
      const results = [];
      for (const c of plan.chunks)
        results.push(await analyzeChunk({ sourcePath: shotsDev!, probe: p, plan, chunkIndex: c.index, stages: ['shots'] }));
      const { shotsFile, thumbnails } = mergeChunks({ probe: p, plan, chunkResults: results });
      // Assess
      const index = ThumbnailsFileSchema.parse(thumbnails!.thumbnailsFile);
      expect(index.shots.map((s) => s.shotIndex)).toEqual(shotsFile.shots.map((s) => s.index));
      let offset = 0;
      for (const t of index.shots) {
        const shot = shotsFile.shots[t.shotIndex]!;
        expect(t.frame).toBeGreaterThanOrEqual(shot.startFrame);
        expect(t.frame).toBeLessThan(shot.endFrame);
        // Candidates come every 0.5 s: the pick is within that of the middle (or of a chunk seam).
        expect([t.width, t.height]).toEqual([160, 90]);
        expect(t.offset).toBe(offset);
        offset += t.bytes;
        const jpeg = thumbnails!.pack.subarray(t.offset, t.offset + t.bytes);
        expect((await decodeWithFfmpeg(jpeg)).rgb.length).toBe(160 * 90 * 3);
      }
      expect(offset).toBe(thumbnails!.pack.length);
      expect(index.identities).toEqual([]);
    }
  });

  it('adds nothing when thumbnails are turned off', async () => {
    const p = await probe(shotsDev!);
    const plan = planAnalysis(p, { chunkSec: 60 });
    const results = [await analyzeChunk({ sourcePath: shotsDev!, probe: p, plan, chunkIndex: 0, stages: ['shots'], thumbnails: false })];
    expect(results[0]!.thumbnails).toBeUndefined();
    expect(mergeChunks({ probe: p, plan, chunkResults: results }).thumbnails).toBeUndefined();
  });
});

describe('identity thumbnails', () => {
  const video = {
    container: 'mp4',
    codec: 'h264',
    width: 640,
    height: 360,
    rotation: 0,
    fps: 10,
    variableFrameRate: false,
    durationSec: 10,
    frameCount: 100,
    frameCountExact: true,
    timeBase: { num: 1, den: 10 },
    startSec: 0,
    containerStartSec: 0,
    keyframeSecs: [0],
    keyframeFrames: [0],
    hasAudio: false,
    bytes: 1,
  };
  const point = (frame: number, box: [number, number, number, number]) => ({ frame, seconds: frame / 10, box, score: 0.9 });
  const tracks: TracksFile = {
    video,
    tracks: [
      {
        id: 1,
        classId: 0,
        className: 'person',
        identityId: 1,
        shotIds: [0],
        points: [point(10, [0, 0, 100, 200]), point(20, [10, 0, 110, 200])],
      },
      { id: 2, classId: 0, className: 'person', identityId: 1, shotIds: [1], points: [point(60, [300, 50, 340, 130])] },
      { id: 3, classId: 0, className: 'person', identityId: 2, shotIds: [0], points: [point(10, [400, 0, 500, 200])] },
    ],
  };
  const cand = (frame: number, box: [number, number, number, number], kind: 'face' | 'person', quality: number): StoredPersonThumbnail => ({
    frame,
    seconds: frame / 10,
    width: 8,
    height: 8,
    jpeg: Buffer.from([frame]).toString('base64'),
    detectionIndex: 0,
    kind,
    box,
    quality,
  });

  it('keeps per identity its best candidate: a face over any person crop, then the larger; unmatched candidates are dropped', () => {
    const picked = pickIdentityThumbnails(tracks, [
      cand(10, [0, 0, 100, 200], 'person', 20_000),
      cand(60, [300, 50, 340, 130], 'face', 1e9 + 3_000), // small, but a face: wins for identity 1 on track 2
      cand(10, [401, 0, 499, 200], 'person', 9_000),
      cand(30, [0, 0, 100, 200], 'person', 1e12), // no track point on frame 30
      cand(20, [200, 200, 260, 300], 'person', 1e12), // frame 20, but no box overlaps
    ]);
    expect(picked.map((p) => p.meta)).toEqual([
      { identityId: 1, trackId: 2, frame: 60, seconds: 6, kind: 'face' },
      { identityId: 2, trackId: 3, frame: 10, seconds: 1, kind: 'person' },
    ]);
  });
});
