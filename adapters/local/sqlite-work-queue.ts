import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { LvuError, ValidationError } from '../../core/errors';
import type { DeadLetterQueue, ReceivedMessage, WorkQueue, WorkQueueOptions } from '../../core/ports/work-queue';
import { immediate, type SqliteDb } from './sqlite';

/** How often an empty long poll looks again; short enough for tests, cheap on SQLite. */
const POLL_INTERVAL_MS = 50;
/** SQS caps one receive at 10 messages and a long poll at 20 s; we keep the same limits. */
const MAX_MESSAGES = 10;
const MAX_WAIT_SEC = 20;

interface Row {
  seq: number;
  id: string;
  body: string;
  receive_count: number;
}

type ReceiveOptions = { maxMessages?: number; visibilitySec: number; waitSec?: number };

/**
 * SQLite WorkQueue with SQS semantics. All queues of a data dir live in one table
 * (`queue` column); the dead-letter queue is the queue `{name}.dlq`. Every state change is
 * one `BEGIN IMMEDIATE` transaction, so several processes can share the database file.
 *
 * @example
 * const q = new SqliteWorkQueue(openSqlite('data/lvu.db'), 'gpu-tasks', { maxReceiveCount: 3 });
 * await q.send({ type: 'chunk', videoId, chunkIndex: 0 });
 * const [msg] = await q.receive({ visibilitySec: 60, waitSec: 20 });
 */
export class SqliteWorkQueue implements WorkQueue {
  readonly deadLetter: DeadLetterQueue;
  private readonly core: QueueTable;

  constructor(
    db: SqliteDb,
    readonly name: string,
    options: WorkQueueOptions,
  ) {
    if (!Number.isInteger(options.maxReceiveCount) || options.maxReceiveCount < 1) {
      throw new ValidationError(`maxReceiveCount must be a positive integer, got ${options.maxReceiveCount}`);
    }
    this.core = new QueueTable(db, name, { maxReceiveCount: options.maxReceiveCount, dlqName: `${name}.dlq` });
    this.deadLetter = new QueueTable(db, `${name}.dlq`, { maxReceiveCount: Infinity });
  }

  async send(body: unknown, options: { delaySec?: number } = {}): Promise<string> {
    return this.core.send(body, options.delaySec ?? 0);
  }

  async receive(options: ReceiveOptions): Promise<ReceivedMessage[]> {
    return this.core.receive(options);
  }

  async extendVisibility(receiptHandle: string, visibilitySec: number): Promise<void> {
    this.core.setVisibility(receiptHandle, visibilitySec, 'extendVisibility');
  }

  async ack(receiptHandle: string): Promise<void> {
    return this.core.ack(receiptHandle);
  }

  async release(receiptHandle: string): Promise<void> {
    // A released message was still delivered: like SQS ChangeMessageVisibility(0), its next
    // delivery counts towards maxReceiveCount.
    this.core.setVisibility(receiptHandle, 0, 'release');
  }

  async depth(): Promise<{ visible: number; inFlight: number }> {
    return this.core.depth();
  }
}

/** One named queue in the shared table; also serves as a dead-letter queue. */
class QueueTable implements DeadLetterQueue {
  constructor(
    private readonly db: SqliteDb,
    private readonly queue: string,
    private readonly redrive: { maxReceiveCount: number; dlqName?: string },
  ) {}

  send(body: unknown, delaySec: number): string {
    const json = JSON.stringify(body);
    if (json === undefined) throw new ValidationError('queue message body must be JSON-serialisable');
    const id = randomUUID();
    const now = Date.now();
    this.db
      .prepare('INSERT INTO queue_messages (queue, id, body, visible_at, sent_at) VALUES (?, ?, ?, ?, ?)')
      .run(this.queue, id, json, now + Math.max(0, delaySec) * 1000, now);
    return id;
  }

  /** Long poll: tries at once, then every POLL_INTERVAL_MS until `waitSec` has passed. */
  async receive(options: ReceiveOptions): Promise<ReceivedMessage[]> {
    assertSeconds(options.visibilitySec, 'visibilitySec');
    const max = Math.min(Math.max(1, options.maxMessages ?? 1), MAX_MESSAGES);
    const deadline = Date.now() + Math.min(options.waitSec ?? 0, MAX_WAIT_SEC) * 1000;
    for (;;) {
      const messages = this.receiveNow(max, options.visibilitySec);
      if (messages.length > 0 || Date.now() >= deadline) return messages;
      await sleep(Math.min(POLL_INTERVAL_MS, Math.max(1, deadline - Date.now())));
    }
  }

  /** Claims up to `max` visible messages in one transaction; over-delivered ones go to the DLQ. */
  private receiveNow(max: number, visibilitySec: number): ReceivedMessage[] {
    return immediate(this.db, () => {
      const now = Date.now();
      const out: ReceivedMessage[] = [];
      const select = this.db.prepare(
        'SELECT seq, id, body, receive_count FROM queue_messages WHERE queue = ? AND visible_at <= ? AND seq > ? ORDER BY seq LIMIT ?',
      );
      // Walk in send order (seq) so a zero visibility never hands out one message twice.
      let afterSeq = 0;
      while (out.length < max) {
        const rows = select.all(this.queue, now, afterSeq, max - out.length) as Row[];
        if (rows.length === 0) break;
        for (const row of rows) {
          afterSeq = row.seq;
          const message = this.claim(row, now, visibilitySec);
          if (message) out.push(message);
        }
      }
      return out;
    });
  }

  private claim(row: Row, now: number, visibilitySec: number): ReceivedMessage | undefined {
    if (this.redrive.dlqName && row.receive_count >= this.redrive.maxReceiveCount) {
      this.db
        .prepare('UPDATE queue_messages SET queue = ?, visible_at = ?, receipt = NULL WHERE seq = ?')
        .run(this.redrive.dlqName, now, row.seq);
      return undefined;
    }
    const receipt = randomUUID();
    const receiveCount = row.receive_count + 1;
    this.db
      .prepare('UPDATE queue_messages SET receive_count = ?, receipt = ?, visible_at = ? WHERE seq = ?')
      .run(receiveCount, receipt, now + visibilitySec * 1000, row.seq);
    return { id: row.id, receiptHandle: `${row.id}/${receipt}`, body: JSON.parse(row.body) as unknown, receiveCount };
  }

  setVisibility(receiptHandle: string, visibilitySec: number, what: string): void {
    assertSeconds(visibilitySec, 'visibilitySec');
    const { id, receipt } = parseReceipt(receiptHandle);
    const changed = this.db
      .prepare('UPDATE queue_messages SET visible_at = ? WHERE id = ? AND receipt = ? AND queue = ?')
      .run(Date.now() + visibilitySec * 1000, id, receipt, this.queue).changes;
    if (changed === 0) {
      throw new LvuError('RECEIPT_INVALID', `${what}: message ${id} is no longer held by this receipt`, {
        details: { messageId: id, queue: this.queue },
      });
    }
  }

  /** Deletes the message; a stale receipt (message redelivered since) is a no-op, as on SQS. */
  async ack(receiptHandle: string): Promise<void> {
    const { id, receipt } = parseReceipt(receiptHandle);
    this.db.prepare('DELETE FROM queue_messages WHERE id = ? AND receipt = ? AND queue = ?').run(id, receipt, this.queue);
  }

  async depth(): Promise<{ visible: number; inFlight: number }> {
    const row = this.db
      .prepare(
        `SELECT COALESCE(SUM(visible_at <= @now), 0) AS visible,
                COALESCE(SUM(visible_at > @now AND receipt IS NOT NULL), 0) AS inFlight
           FROM queue_messages WHERE queue = @queue`,
      )
      .get({ now: Date.now(), queue: this.queue }) as { visible: number; inFlight: number };
    return { visible: row.visible, inFlight: row.inFlight };
  }
}

function parseReceipt(receiptHandle: string): { id: string; receipt: string } {
  const slash = receiptHandle.indexOf('/');
  if (slash <= 0) throw new ValidationError(`malformed receipt handle: ${JSON.stringify(receiptHandle)}`);
  return { id: receiptHandle.slice(0, slash), receipt: receiptHandle.slice(slash + 1) };
}

function assertSeconds(value: number, what: string): void {
  if (!Number.isFinite(value) || value < 0 || value > 43_200) {
    throw new ValidationError(`${what} must be between 0 and 43200 seconds, got ${value}`);
  }
}
