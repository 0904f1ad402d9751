import { describe, expect, it } from 'vitest';
import { newVideoId, VideoIdSchema } from '../../core/jobs/model';

describe('newVideoId', () => {
  it('makes ids that sort in the order they were made, within one millisecond too', () => {
    // Prepare: many ids at one instant, then a later one, then one after the clock stepped back.
    const instant = new Date('2026-12-05T01:00:00.000Z');
    // Act
    const same = Array.from({ length: 200 }, () => newVideoId(instant));
    const later = newVideoId(new Date(instant.getTime() + 5));
    const back = newVideoId(instant);
    // Assess
    for (const id of [...same, later, back]) expect(VideoIdSchema.safeParse(id).success, id).toBe(true);
    expect(new Set(same).size).toBe(same.length);
    expect([...same].sort()).toEqual(same);
    expect(later > same.at(-1)!).toBe(true);
    expect(back > later).toBe(true);
    // The time part is the instant's (the later id's for the one after the step back).
    expect(same[0]!.slice(2, 12)).toBe(same.at(-1)!.slice(2, 12));
    expect(back.slice(2, 12)).toBe(later.slice(2, 12));
  });
});
