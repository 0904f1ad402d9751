import { describe, expect, it } from 'vitest';
import { autoChunkSec } from '../../cli/commands/analyze';
import { workerThreadsEnv } from '../../cli/commands/serve';

describe('lvu analyze: default chunk length', () => {
  it('keeps short videos in one chunk, cuts 40–120-s videos in two halves, and longer ones in 60-s chunks', () => {
    expect(autoChunkSec(37.4)).toBeGreaterThan(37.4); // the sample: one chunk
    expect(autoChunkSec(3)).toBe(5); // never below the flag's floor
    expect(autoChunkSec(53.5)).toBe(27); // shots_dev: two chunks, one per lane on two cores
    expect(Math.ceil(53.5 / autoChunkSec(53.5))).toBe(2);
    expect(Math.ceil(119 / autoChunkSec(119))).toBe(2);
    expect(autoChunkSec(600)).toBe(60);
    expect(autoChunkSec(7200)).toBe(60);
  });
});

describe('lvu serve: workers share the cores', () => {
  it("gives each worker its share of the cores for ORT's intra-op pool, unless the user set it", () => {
    expect(workerThreadsEnv({}, 2, 2)['LVU_INTRA_OP_THREADS']).toBe('1');
    expect(workerThreadsEnv({}, 2, 8)['LVU_INTRA_OP_THREADS']).toBe('4');
    expect(workerThreadsEnv({}, 4, 2)['LVU_INTRA_OP_THREADS']).toBe('1');
    expect(workerThreadsEnv({}, 0, 2)['LVU_INTRA_OP_THREADS']).toBe('2');
    expect(workerThreadsEnv({ LVU_INTRA_OP_THREADS: '3' }, 2, 2)['LVU_INTRA_OP_THREADS']).toBe('3');
    expect(workerThreadsEnv({ PATH: '/bin' }, 1, 2)['PATH']).toBe('/bin');
  });
});
