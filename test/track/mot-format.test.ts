import { describe, expect, it } from 'vitest';
import { formatMot, parseMot, toSequence } from '../../stages/track/mot-format';
import { ValidationError } from '../../core/errors';

describe('parseMot', () => {
  it('reads MOT15 rows (10 columns), 6-column rows, CRLF and blank lines', () => {
    // Prepare
    const text = '1,9,499,158,31.03,75.17,1,-4.1,-7.3,0\r\n\n2, 9, 497, 158, 31, 75\n';
    // Act
    const rows = parseMot(text, 'gt.txt');
    // Assess
    expect(rows).toEqual([
      { frame: 1, id: 9, left: 499, top: 158, width: 31.03, height: 75.17, conf: 1 },
      { frame: 2, id: 9, left: 497, top: 158, width: 31, height: 75, conf: 1 },
    ]);
  });

  it.each([
    ['a non-number', '1,1,0,0,10,10\n1,2,abc,0,10,10\n', /gt\.txt:2: column 3 is not a number/],
    ['too few columns', '1,1,0,0,10\n', /gt\.txt:1: expected 6 to 10/],
    ['too many columns', '1,1,0,0,10,10,1,1,1,1,1\n', /gt\.txt:1: expected 6 to 10/],
    ['frame 0 (frames are 1-based)', '0,1,0,0,10,10\n', /gt\.txt:1: frame: frame is 1-based/],
    ['a fractional frame', '1.5,1,0,0,10,10\n', /gt\.txt:1: frame:/],
    ['a negative width', '1,1,0,0,-10,10\n', /gt\.txt:1: width:/],
    ['an empty cell', '1,1,,0,10,10\n', /gt\.txt:1: column 3 is not a number/],
    ['an id twice in a frame', '3,1,0,0,10,10\n3,1,5,5,10,10\n', /gt\.txt:2: id 1 appears twice in frame 3/],
  ])('rejects %s with file and line', (_name, text, message) => {
    expect(() => parseMot(text, 'gt.txt')).toThrow(message);
    expect(() => parseMot(text, 'gt.txt')).toThrow(ValidationError);
  });
});

describe('toSequence', () => {
  it('drops ignore-marked rows below minConfidence and packs corner boxes', () => {
    const rows = parseMot('1,1,10,20,30,40,1\n1,2,0,0,5,5,0\n2,1,11,20,30,40,1\n', 'gt.txt');
    const s = toSequence(rows, { minConfidence: 1 });
    expect([...s.keys()]).toEqual([1, 2]);
    expect(Array.from(s.get(1)!.ids)).toEqual([1]);
    expect(Array.from(s.get(1)!.boxes)).toEqual([10, 20, 40, 60]);
  });
});

describe('formatMot', () => {
  it('writes frame index + 1, sorted by frame then id, and reads back', () => {
    const box = Float64Array.of(10, 20, 40.5, 60);
    const obs = [
      { trackId: 2, frameIndex: 0, detectionIndex: 0, box, filteredBox: box, score: 0.9, classId: 0 },
      { trackId: 1, frameIndex: 0, detectionIndex: 1, box, filteredBox: box, score: 0.8, classId: 0 },
    ];
    const text = formatMot(obs);
    expect(text).toBe('1,1,10,20,30.5,40,0.8,-1,-1,-1\n1,2,10,20,30.5,40,0.9,-1,-1,-1\n');
    expect(parseMot(text, 'pred.txt')).toHaveLength(2);
  });
});
