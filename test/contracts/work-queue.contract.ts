import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { ReceivedMessage, WorkQueue, WorkQueueOptions } from '../../core/ports/work-queue';

/** What an adapter's test file hands the suite: a fresh, empty queue (and its DLQ) per call. */
export interface WorkQueueFixture {
  queue: WorkQueue;
  cleanup: () => Promise<void>;
  /** Closes and reopens the same queue (durability check); omit where meaningless. */
  reopen?: () => Promise<WorkQueue>;
}

/**
 * Visibility used by the expiry tests. Timing assertions only ever wait generously longer
 * than this; nothing asserts that an operation is fast.
 */
const SHORT_VIS = 1;
const EXPIRY_WAIT_MS = 2_500;

/** Receives until `count` messages arrived or `timeoutMs` passed (SQS may return fewer per call). */
async function receiveAll(
  queue: Pick<WorkQueue, 'receive'>,
  count: number,
  visibilitySec = 30,
  timeoutMs = 10_000,
): Promise<ReceivedMessage[]> {
  const got: ReceivedMessage[] = [];
  const deadline = Date.now() + timeoutMs;
  while (got.length < count && Date.now() < deadline) {
    got.push(...(await queue.receive({ maxMessages: Math.min(10, count - got.length), visibilitySec, waitSec: 1 })));
  }
  return got;
}

/** Polls `read` until `accept` holds (depth counts are approximate on SQS). */
async function eventually<T>(read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!accept(value) && Date.now() < deadline) {
    await sleep(200);
    value = await read();
  }
  return value;
}

/**
 * The WorkQueue contract (SQS semantics): every adapter (SQLite, SQS) must pass it. The
 * factory receives the redrive options and returns an empty queue with its own DLQ.
 */
export function workQueueContract(name: string, makeQueue: (options: WorkQueueOptions) => Promise<WorkQueueFixture>): void {
  describe(`WorkQueue contract: ${name}`, () => {
    const fixtures: WorkQueueFixture[] = [];
    const make = async (maxReceiveCount = 5): Promise<WorkQueue> => {
      const fx = await makeQueue({ maxReceiveCount });
      fixtures.push(fx);
      return fx.queue;
    };
    afterEach(async () => {
      for (const fx of fixtures.splice(0)) await fx.cleanup();
    });

    describe('send and receive', () => {
      it('delivers the JSON body once with receiveCount 1 and hides it while in flight', async () => {
        // Prepare
        const queue = await make();
        const body = { type: 'chunk', videoId: 'v1', chunkIndex: 3, nested: { ok: true } };
        const id = await queue.send(body);
        // Act
        const [msg] = await receiveAll(queue, 1);
        const again = await queue.receive({ visibilitySec: 30, waitSec: 0 });
        // Assess
        expect(msg).toMatchObject({ id, body, receiveCount: 1 });
        expect(msg?.receiptHandle).toEqual(expect.any(String));
        expect(again).toEqual([]);
      });

      it('returns an empty list when nothing arrives within waitSec', async () => {
        const queue = await make();
        expect(await queue.receive({ visibilitySec: 30, waitSec: 1 })).toEqual([]);
      });

      it('long polling picks up a message sent while it waits', async () => {
        const queue = await make();
        const waiting = queue.receive({ visibilitySec: 30, waitSec: 10 });
        await sleep(300);
        await queue.send({ n: 1 });
        const got = await waiting;
        const rest = got.length ? got : await receiveAll(queue, 1);
        expect(rest.map((m) => m.body)).toEqual([{ n: 1 }]);
      });

      it('delivers every message of a batch exactly once across receives', async () => {
        const queue = await make();
        for (let n = 0; n < 7; n++) await queue.send({ n });
        const got = await receiveAll(queue, 7);
        expect(got.map((m) => (m.body as { n: number }).n).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6]);
        expect(new Set(got.map((m) => m.id)).size).toBe(7);
      });

      it('holds a delayed message back until its delay has passed', async () => {
        const queue = await make();
        await queue.send({ late: true }, { delaySec: 2 });
        expect(await queue.receive({ visibilitySec: 30, waitSec: 0 })).toEqual([]);
        await sleep(2_500);
        expect((await receiveAll(queue, 1)).map((m) => m.body)).toEqual([{ late: true }]);
      });
    });

    describe('visibility', () => {
      it('redelivers after the visibility timeout with receiveCount + 1 and a new receipt', async () => {
        const queue = await make();
        const id = await queue.send({ task: 'x' });
        const [first] = await receiveAll(queue, 1, SHORT_VIS);
        await sleep(EXPIRY_WAIT_MS);
        const [second] = await receiveAll(queue, 1, 30);
        expect(second).toMatchObject({ id, body: { task: 'x' }, receiveCount: 2 });
        expect(second?.receiptHandle).not.toBe(first?.receiptHandle);
      });

      it('extendVisibility keeps a message hidden past its original timeout', async () => {
        const queue = await make();
        await queue.send({ task: 'long' });
        const [msg] = await receiveAll(queue, 1, SHORT_VIS);
        await queue.extendVisibility(msg!.receiptHandle, 30);
        await sleep(EXPIRY_WAIT_MS);
        expect(await queue.receive({ visibilitySec: 30, waitSec: 0 })).toEqual([]);
      });

      it('release makes a message visible again at once, counting the delivery', async () => {
        const queue = await make();
        await queue.send({ task: 'give back' });
        const [msg] = await receiveAll(queue, 1, 60);
        await queue.release(msg!.receiptHandle);
        const [again] = await receiveAll(queue, 1, 60);
        expect(again).toMatchObject({ id: msg!.id, receiveCount: 2 });
      });

      it('ack deletes the message for good', async () => {
        const queue = await make();
        await queue.send({ task: 'done' });
        const [msg] = await receiveAll(queue, 1, SHORT_VIS);
        await queue.ack(msg!.receiptHandle);
        await sleep(EXPIRY_WAIT_MS);
        expect(await queue.receive({ visibilitySec: 30, waitSec: 0 })).toEqual([]);
        const depth = await eventually(
          () => queue.depth(),
          (d) => d.visible === 0 && d.inFlight === 0,
        );
        expect(depth).toEqual({ visible: 0, inFlight: 0 });
      });

      it('extendVisibility after ack rejects, so a worker learns it lost the task', async () => {
        const queue = await make();
        await queue.send({ task: 'acked' });
        const [msg] = await receiveAll(queue, 1, 30);
        await queue.ack(msg!.receiptHandle);
        await expect(queue.extendVisibility(msg!.receiptHandle, 30)).rejects.toThrow();
      });

      it('depth counts visible and in-flight messages', async () => {
        const queue = await make();
        await queue.send({ n: 1 });
        await queue.send({ n: 2 });
        await receiveAll(queue, 1, 60);
        const depth = await eventually(
          () => queue.depth(),
          (d) => d.visible === 1 && d.inFlight === 1,
        );
        expect(depth).toEqual({ visible: 1, inFlight: 1 });
      });
    });

    describe('dead-letter queue', () => {
      it('moves a message to the DLQ after maxReceiveCount deliveries, body intact', async () => {
        // Prepare
        const queue = await make(2);
        const id = await queue.send({ task: 'poison' });
        // Act: two deliveries that time out, then a third receive attempt.
        const deliveries: number[] = [];
        for (let i = 0; i < 2; i++) {
          const [msg] = await receiveAll(queue, 1, SHORT_VIS);
          deliveries.push(msg!.receiveCount);
          await sleep(EXPIRY_WAIT_MS);
        }
        const third = await queue.receive({ visibilitySec: 30, waitSec: 1 });
        // Assess
        expect(deliveries).toEqual([1, 2]);
        expect(third).toEqual([]);
        const [dead] = await receiveAll(queue.deadLetter, 1, 30);
        expect(dead).toMatchObject({ id, body: { task: 'poison' } });
        await queue.deadLetter.ack(dead!.receiptHandle);
        const depth = await eventually(
          () => queue.deadLetter.depth(),
          (d) => d.visible === 0 && d.inFlight === 0,
        );
        expect(depth).toEqual({ visible: 0, inFlight: 0 });
      });

      it('keeps a message that is acknowledged on its last allowed delivery out of the DLQ', async () => {
        const queue = await make(1);
        await queue.send({ task: 'ok at last' });
        const [msg] = await receiveAll(queue, 1, 30);
        await queue.ack(msg!.receiptHandle);
        expect(await queue.deadLetter.receive({ visibilitySec: 30, waitSec: 1 })).toEqual([]);
      });
    });

    describe('durability', () => {
      it('keeps queued messages across a reopen', async () => {
        const fx = await makeQueue({ maxReceiveCount: 5 });
        fixtures.push(fx);
        if (!fx.reopen) {
          expect(fx.reopen).toBeUndefined();
          return;
        }
        await fx.queue.send({ survives: true });
        const reopened = await fx.reopen();
        expect((await receiveAll(reopened, 1)).map((m) => m.body)).toEqual([{ survives: true }]);
      });
    });
  });
}
