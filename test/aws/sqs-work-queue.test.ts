import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureQueuePair, MAX_MESSAGE_BYTES, type SqsWorkQueue } from '../../adapters/aws';
import { hasCode } from '../../core/errors';
import { startEmulators, uniqueName, type Emulators } from './emulators';

describe('SqsWorkQueue on fauxqs', () => {
  let emu: Emulators;
  const queue = (maxReceiveCount = 3): Promise<SqsWorkQueue> => ensureQueuePair(emu.clients.sqs, uniqueName('tasks'), { maxReceiveCount });

  beforeAll(async () => {
    emu = await startEmulators();
  });
  afterAll(async () => {
    await emu?.stop();
  });

  it('delivers a JSON body with receive count 1, then forgets it once acked', async () => {
    const q = await queue();
    const id = await q.send({ videoId: 'v1', chunkIndex: 2, stage: 'detect' });
    const [msg] = await q.receive({ visibilitySec: 30, waitSec: 1 });
    expect(msg).toMatchObject({ id, body: { videoId: 'v1', chunkIndex: 2, stage: 'detect' }, receiveCount: 1 });
    await q.ack(msg!.receiptHandle);
    expect(await q.depth()).toEqual({ visible: 0, inFlight: 0 });
  });

  it('treats a second ack of the same message as done (SQS DeleteMessage is idempotent)', async () => {
    const q = await queue();
    await q.send({ n: 1 });
    const [msg] = await q.receive({ visibilitySec: 30 });
    await q.ack(msg!.receiptHandle);
    await expect(q.ack(msg!.receiptHandle)).resolves.toBeUndefined();
  });

  it('hides a received message until release, and counts the redelivery', async () => {
    const q = await queue();
    await q.send({ n: 1 });
    const [first] = await q.receive({ visibilitySec: 60 });
    expect(await q.receive({ visibilitySec: 60 })).toEqual([]);
    expect(await q.depth()).toEqual({ visible: 0, inFlight: 1 });
    await q.release(first!.receiptHandle);
    const [again] = await q.receive({ visibilitySec: 60 });
    expect(again?.receiveCount).toBe(2);
  });

  it('keeps a message hidden past its first timeout when its visibility is extended (heartbeat)', async () => {
    const q = await queue();
    await q.send({ n: 1 });
    const [msg] = await q.receive({ visibilitySec: 1 });
    await q.extendVisibility(msg!.receiptHandle, 30);
    await new Promise((r) => setTimeout(r, 1300));
    expect(await q.receive({ visibilitySec: 30 })).toEqual([]);
  });

  it('long-polls: a message sent during the wait is returned by the same receive', async () => {
    const q = await queue();
    const pending = q.receive({ visibilitySec: 30, waitSec: 5 });
    setTimeout(() => void q.send({ late: true }), 300);
    const got = await pending;
    expect(got.map((m) => m.body)).toEqual([{ late: true }]);
  });

  it('moves a message to the dead-letter queue after maxReceiveCount deliveries', async () => {
    // Prepare
    const q = await queue(2);
    await q.send({ poison: true });
    // Act: fail it twice (release = give back), then try a third time.
    for (let i = 0; i < 2; i += 1) {
      const [m] = await q.receive({ visibilitySec: 30 });
      await q.release(m!.receiptHandle);
    }
    const third = await q.receive({ visibilitySec: 30 });
    const dead = await q.deadLetter.receive({ visibilitySec: 30 });
    // Assess
    expect(third).toEqual([]);
    expect(dead.map((m) => m.body)).toEqual([{ poison: true }]);
    await q.deadLetter.ack(dead[0]!.receiptHandle);
    expect(await q.deadLetter.depth()).toEqual({ visible: 0, inFlight: 0 });
  });

  it('receives up to ten messages in one call', async () => {
    const q = await queue();
    await Promise.all(Array.from({ length: 12 }, (_, i) => q.send({ i })));
    const got = await q.receive({ visibilitySec: 30, maxMessages: 10 });
    expect(got.length).toBeGreaterThan(0);
    expect(got.length).toBeLessThanOrEqual(10);
  });

  it('delays a message by delaySec', async () => {
    const q = await queue();
    await q.send({ later: true }, { delaySec: 1 });
    expect(await q.receive({ visibilitySec: 30 })).toEqual([]);
    await new Promise((r) => setTimeout(r, 1200));
    expect((await q.receive({ visibilitySec: 30 })).map((m) => m.body)).toEqual([{ later: true }]);
  });

  it.each([
    { name: 'an oversized body', act: (q: SqsWorkQueue) => q.send({ blob: 'x'.repeat(MAX_MESSAGE_BYTES) }), code: 'VALIDATION_FAILED' },
    { name: 'a body that is not JSON', act: (q: SqsWorkQueue) => q.send(undefined), code: 'VALIDATION_FAILED' },
    {
      name: 'more than ten messages',
      act: (q: SqsWorkQueue) => q.receive({ visibilitySec: 1, maxMessages: 11 }),
      code: 'VALIDATION_FAILED',
    },
    { name: 'a wait over 20 s', act: (q: SqsWorkQueue) => q.receive({ visibilitySec: 1, waitSec: 21 }), code: 'VALIDATION_FAILED' },
    { name: 'a negative delay', act: (q: SqsWorkQueue) => q.send({}, { delaySec: -1 }), code: 'VALIDATION_FAILED' },
    { name: 'extending an unknown handle', act: (q: SqsWorkQueue) => q.extendVisibility('not-a-handle', 10), code: 'RECEIPT_INVALID' },
  ])('rejects $name with $code and loses nothing', async ({ act, code }) => {
    const q = await queue();
    await q.send({ keep: true });
    const err = await act(q).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(hasCode(err, code)).toBe(true);
    expect((await q.receive({ visibilitySec: 30, maxMessages: 10 })).map((m) => m.body)).toContainEqual({ keep: true });
  });
});
