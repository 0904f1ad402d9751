/**
 * An at-least-once task queue with SQS semantics: a received message is invisible for a
 * visibility timeout and comes back if not acknowledged; each delivery increments its
 * receive count; a message received more than `maxReceiveCount` times moves to the
 * dead-letter queue instead of being delivered again. Implemented on SQLite and SQS.
 */
export interface WorkQueue {
  readonly name: string;
  /** Enqueues a JSON-serialisable body; returns the message id. */
  send(body: unknown, options?: { delaySec?: number }): Promise<string>;
  /**
   * Receives up to `maxMessages`, waiting up to `waitSec` for the first (long polling).
   * Each returned message stays invisible for `visibilitySec`.
   */
  receive(options: { maxMessages?: number; visibilitySec: number; waitSec?: number }): Promise<ReceivedMessage[]>;
  /**
   * Resets a received message's visibility to `visibilitySec` from now (heartbeat). Rejects
   * (LvuError code RECEIPT_INVALID) when the message was already acknowledged, so a worker
   * learns it no longer holds the task.
   */
  extendVisibility(receiptHandle: string, visibilitySec: number): Promise<void>;
  /** Deletes a received message: the task is done. */
  ack(receiptHandle: string): Promise<void>;
  /** Makes a received message visible again now (give the task back, e.g. on SIGTERM). */
  release(receiptHandle: string): Promise<void>;
  /** Messages visible + in flight (approximate on SQS). */
  depth(): Promise<{ visible: number; inFlight: number }>;
  /** The dead-letter queue of this queue. */
  readonly deadLetter: DeadLetterQueue;
}

export interface ReceivedMessage {
  id: string;
  receiptHandle: string;
  body: unknown;
  /** 1 on first delivery (SQS ApproximateReceiveCount). */
  receiveCount: number;
}

/** Where messages go after `maxReceiveCount` failed deliveries. */
export interface DeadLetterQueue {
  receive(options: { maxMessages?: number; visibilitySec: number; waitSec?: number }): Promise<ReceivedMessage[]>;
  ack(receiptHandle: string): Promise<void>;
  depth(): Promise<{ visible: number; inFlight: number }>;
}

export interface WorkQueueOptions {
  /** Deliveries after which a message moves to the DLQ (SQS redrive maxReceiveCount). */
  maxReceiveCount: number;
}
