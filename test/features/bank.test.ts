import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FeatureBankIndexSchema, NO_IDENTITY, type EncoderSpec } from '../../core/contracts/feature-bank';
import { decodeFeatureBank, encodeFeatureBank } from '../../stages/features/bank-io';
import { buildFeatureBank, shotAt, type BuildFeatureBankInput } from '../../stages/features/build';
import { toLvuResearchFormat } from '../../stages/features/lvu-format';
import { nearestWithin } from '../../stages/features/resample';
import { decodeSafetensors, encodeSafetensors } from '../../stages/features/safetensors';
import { APPEARANCE, FRAME, syntheticBank } from './fixtures';
import { findTorchPython, runPython } from './python';

const ENC: EncoderSpec = { name: 'enc', version: '1', dim: 2, dtype: 'F32' };
const box = [0.1, 0.2, 0.3, 0.6] as const;

function oneTrack(samples: [number, number][], detTimes: number[]): BuildFeatureBankInput {
  return {
    videoId: 'v',
    durationSec: 6,
    tracks: [{ trackId: 7, classId: 0, identityId: 3, detections: detTimes.map((t) => ({ timeSec: t, box, score: 0.9 })) }],
    shots: [
      { index: 0, startSec: 0, endSec: 2.5 },
      { index: 1, startSec: 2.5, endSec: 6 },
    ],
    encoders: [{ spec: ENC, samples: samples.map(([t, v]) => ({ trackId: 7, timeSec: t, values: Float32Array.of(v, -v) })) }],
  };
}

describe('nearestWithin', () => {
  const times = Float64Array.of(0.1, 1.5, 1.5, 2.5);
  it.each([
    ['exact hit', 0.1, 0],
    ['nearest of two', 2.2, 3],
    ['tie keeps the earlier sample', 2.0, 1],
    ['equal times keep input order', 1.5, 1],
    ['outside the window', 4, -1],
    ['window edge is inside', 3.0, 3],
  ])('%s', (_n, t, expected) => {
    expect(nearestWithin(times, t, 0.5)).toBe(expected);
  });
});

describe('buildFeatureBank', () => {
  it('resamples an encoder onto the 1-s grid and masks seconds without a sample', () => {
    // Prepare: detections every 0.5 s from 0 to 5; encoder samples at 0.4, 2.6 and 3.7
    const input = oneTrack(
      [
        [0.4, 1],
        [2.6, 2],
        [3.7, 3],
      ],
      [0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5],
    );
    // Act
    const bank = buildFeatureBank(input);
    const enc = bank.encoders[0]!;
    // Assess: seconds 0..5 visible; encoder at 0 (0.4), 3 (2.6 beats 3.7), 4 (3.7); masked elsewhere
    expect([...bank.second]).toEqual([0, 1, 2, 3, 4, 5]);
    expect([...enc.mask]).toEqual([1, 0, 0, 1, 1, 0]);
    expect([...enc.features]).toEqual([1, -1, 0, 0, 0, 0, 2, -2, 3, -3, 0, 0]);
    expect(bank.index.counts.present).toEqual({ enc: 3 });
    expect([...bank.shotId]).toEqual([0, 0, 0, 1, 1, 1]);
    expect([...bank.identityId]).toEqual([3, 3, 3, 3, 3, 3]);
  });

  it('makes a track visible only at seconds with a detection in the window', () => {
    const bank = buildFeatureBank(oneTrack([], [0.2, 3.6]));
    expect([...bank.second]).toEqual([0, 4]);
    expect([...bank.encoders[0]!.mask]).toEqual([0, 0]);
  });

  it('sorts rows by second then track, derives the pose encoder and resamples frames', () => {
    // Act
    const bank = syntheticBank(1);
    // Assess
    for (let i = 1; i < bank.index.counts.rows; i++) {
      const order = bank.second[i - 1]! - bank.second[i]! || bank.trackId[i - 1]! - bank.trackId[i]!;
      expect(order).toBeLessThan(0);
    }
    const pose = bank.encoders.find((e) => e.spec.name === 'movenet-pose')!;
    for (let i = 0; i < bank.index.counts.rows; i++) expect(pose.mask[i]).toBe(bank.classId[i] === 0 ? 1 : 0);
    const frame = bank.frames[0]!;
    expect(frame.spec).toEqual(FRAME);
    expect(frame.mask[4]).toBe(0);
    expect(frame.mask[3]).toBe(1);
    expect(FeatureBankIndexSchema.parse(bank.index)).toEqual(bank.index);
    expect(bank.identityId.includes(NO_IDENTITY)).toBe(true);
  });

  it.each<[string, (i: BuildFeatureBankInput) => void, RegExp]>([
    [
      'a feature of the wrong dim',
      (i) => {
        i.encoders[0]!.samples[0]!.values = new Float32Array(3);
      },
      /dim is 2/,
    ],
    [
      'a box outside [0, 1]',
      (i) => {
        (i.tracks[0]!.detections[0] as { box: unknown }).box = [0.5, 0, 1.2, 1];
      },
      /not normalised/,
    ],
    [
      'duplicate track ids',
      (i) => {
        (i.tracks as unknown[]).push(i.tracks[0]);
      },
      /unique/,
    ],
    [
      'a score above 1',
      (i) => {
        (i.tracks[0]!.detections[0] as { score: number }).score = 2;
      },
      /score/,
    ],
  ])('rejects %s', (_n, spoil, message) => {
    const input = oneTrack([[0, 1]], [0, 1]);
    spoil(input);
    expect(() => buildFeatureBank(input)).toThrow(message);
  });

  it('finds the shot of a time', () => {
    const shots = [
      { index: 0, startSec: 0, endSec: 2 },
      { index: 1, startSec: 2, endSec: 5 },
    ];
    expect([shotAt(shots, 0), shotAt(shots, 1.99), shotAt(shots, 2), shotAt(shots, 9)]).toEqual([0, 0, 1, 1]);
  });
});

describe('feature bank files', () => {
  it('writes the same bytes twice and reads back what it wrote', () => {
    // Prepare
    const bank = syntheticBank(2);
    // Act
    const a = encodeFeatureBank(bank);
    const b = encodeFeatureBank(bank);
    const back = decodeFeatureBank(a.safetensors);
    // Assess
    expect(Buffer.from(a.safetensors).equals(Buffer.from(b.safetensors))).toBe(true);
    expect(back.index).toEqual(bank.index);
    expect(back.box).toEqual(bank.box);
    expect(back.encoders[0]!.features).toEqual(bank.encoders[0]!.features);
    expect(back.encoders[0]!.spec).toEqual(APPEARANCE);
    expect(back.encoders[1]!.spec.dtype).toBe('F16');
    expect(back.encoders[1]!.features).toEqual(bank.encoders[1]!.features); // F16 rounding happens in buildFeatureBank
    expect(Buffer.from(encodeFeatureBank(back).safetensors).equals(Buffer.from(a.safetensors))).toBe(true);
  });

  it('refuses a safetensors file that is not a bank, and a bank with a mis-shaped tensor', () => {
    const plain = encodeSafetensors({ x: { dtype: 'U8', shape: [1], data: Uint8Array.of(1) } });
    expect(() => decodeFeatureBank(plain)).toThrow(/not an lvu feature bank/);
    const { tensors, metadata } = decodeSafetensors(encodeFeatureBank(syntheticBank(3)).safetensors);
    const second = tensors['instances.second']!;
    tensors['instances.second'] = { dtype: 'I32', shape: [1], data: Int32Array.of(0) };
    expect(() => decodeFeatureBank(encodeSafetensors(tensors, metadata))).toThrow(/instances\.second has shape \[1\]/);
    tensors['instances.second'] = second;
    delete tensors['instances.score'];
    expect(() => decodeFeatureBank(encodeSafetensors(tensors, metadata))).toThrow(/lacks tensor instances.score/);
  });

  const py = findTorchPython();
  it.skipIf(!py.python)(`is readable from Python ${py.python ? '' : `(skipped: ${py.why})`}`, () => {
    const bank = syntheticBank(4);
    const file = join(mkdtempSync(join(tmpdir(), 'lvu-bank-')), 'feature-bank.safetensors');
    writeFileSync(file, encodeFeatureBank(bank).safetensors);
    const report = JSON.parse(runPython(py.python!, 'check_safetensors.py', [file])) as {
      metadata: Record<string, string>;
      tensors: Record<string, { shape: number[]; sum: number }>;
    };
    expect(JSON.parse(report.metadata['lvu.index']!)).toEqual(bank.index);
    expect(report.tensors['instances.box']!.shape).toEqual([bank.index.counts.rows, 4]);
    expect(report.tensors['instances.mobilenet-v2.features']!.sum).toBeCloseTo(
      bank.encoders[0]!.features.reduce((s, v) => s + v, 0),
      2,
    );
    expect(report.tensors['instances.track_id']!.sum).toBe(bank.trackId.reduce((s, v) => s + v, 0));
  });
});

describe('lvu research format', () => {
  it('keys instances by video, second and box, with shot, track and semantics', () => {
    const bank = buildFeatureBank(oneTrack([], [0, 1, 3]));
    const { videos, collisions } = toLvuResearchFormat([{ video: 'clip', bank }]);
    expect(collisions).toBe(0);
    expect(Object.keys(videos['clip']!)).toEqual(['0', '1', '3']);
    expect(videos['clip']!['3']).toEqual({ '0.100,0.200,0.300,0.600': [1, 7, [0]] });
  });

  it('keeps the first of two instances with the same rounded box and counts the collision', () => {
    const input = oneTrack([], [0]);
    (input.tracks as unknown[]).push({ ...input.tracks[0]!, trackId: 9 });
    const { videos, collisions } = toLvuResearchFormat([{ video: 'c', bank: buildFeatureBank(input) }], () => [42]);
    expect(collisions).toBe(1);
    expect(videos['c']!['0']).toEqual({ '0.100,0.200,0.300,0.600': [0, 7, [42]] });
  });
});
