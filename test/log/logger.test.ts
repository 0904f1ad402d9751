import { describe, expect, it } from 'vitest';
import { LvuError } from '../../core/errors';
import { createLogger, logLevelFromEnv, LogLineSchema } from '../../core/log';

/** A logger writing into an array, at a fixed time. */
function capture(level?: 'debug' | 'info' | 'warn' | 'error') {
  const lines: string[] = [];
  const log = createLogger({ ...(level ? { level } : {}), sink: (l) => lines.push(l), now: () => new Date('2026-01-02T03:04:05.000Z') });
  return { log, lines, parsed: () => lines.map((l) => LogLineSchema.parse(JSON.parse(l))) };
}

describe('createLogger', () => {
  it('writes one JSON line with time, level, msg, then the context fields in a fixed order', () => {
    // Prepare
    const { log, lines } = capture();
    // Act
    log.info('task done', { attempt: 2, stage: 'chunk', chunk: 3, videoId: 'v_1', taskId: 'v_1/chunk-3' });
    // Assess
    expect(lines).toEqual([
      '{"time":"2026-01-02T03:04:05.000Z","level":"info","msg":"task done","videoId":"v_1","taskId":"v_1/chunk-3","chunk":3,"stage":"chunk","attempt":2}',
    ]);
  });

  it('child loggers carry their context and let a line override it', () => {
    const { log, parsed } = capture();
    const task = log.child({ videoId: 'v_1', stage: 'merge' }).child({ taskId: 'v_1/merge' });
    task.warn('slow', { stage: 'merge-tracks' });
    expect(parsed()[0]).toMatchObject({ level: 'warn', msg: 'slow', videoId: 'v_1', taskId: 'v_1/merge', stage: 'merge-tracks' });
  });

  it.each([
    ['debug', ['debug', 'info', 'warn', 'error']],
    ['info', ['info', 'warn', 'error']],
    ['error', ['error']],
  ] as const)('at level %s writes %j', (level, written) => {
    const { log, parsed } = capture(level);
    for (const l of ['debug', 'info', 'warn', 'error'] as const) log[l](l);
    expect(parsed().map((p) => p.level)).toEqual(written);
  });

  it('writes errors as {name, code, message} and keeps the line on one line', () => {
    const { log, lines, parsed } = capture();
    log.error('failed', { err: new LvuError('VIDEO_TRUNCATED', 'ends early\nat frame 3') });
    log.error('crashed', { err: new TypeError('x is undefined') });
    expect(lines.every((l) => !l.includes('\n'))).toBe(true);
    expect(parsed()[0]!['err']).toEqual({ name: 'LvuError', code: 'VIDEO_TRUNCATED', message: 'ends early\nat frame 3' });
    expect(parsed()[1]!['err']).toMatchObject({
      name: 'TypeError',
      message: 'x is undefined',
      stack: expect.stringContaining('TypeError'),
    });
  });
});

describe('logLevelFromEnv', () => {
  it.each([
    [{}, 'info'],
    [{ LVU_LOG_LEVEL: '' }, 'info'],
    [{ LVU_LOG_LEVEL: 'debug' }, 'debug'],
  ])('%j → %s', (env, level) => {
    expect(logLevelFromEnv(env)).toBe(level);
  });

  it('rejects an unknown level naming the variable', () => {
    expect(() => logLevelFromEnv({ LVU_LOG_LEVEL: 'loud' })).toThrow(/LVU_LOG_LEVEL/);
  });
});
