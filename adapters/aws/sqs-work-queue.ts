import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { z } from 'zod';
import { LvuError, ValidationError } from '../../core/errors';
import type { DeadLetterQueue, ReceivedMessage, WorkQueue } from '../../core/ports/work-queue';
import { parseOrThrow } from '../../core/validate';
import { awsErrorName } from './clients';

/** SQS's limit on one message body (256 KiB); tasks carry keys, never payload bytes. */
export const MAX_MESSAGE_BYTES = 256 * 1024;

/** SQS limits: 10 messages per receive, 20 s long poll, 12 h visibility, 15 min delay. */
const receiveSchema = z.object({
  maxMessages: z.number().int().min(1).max(10).default(1),
  visibilitySec: z.number().int().min(0).max(43_200),
  waitSec: z.number().int().min(0).max(20).default(0),
});
const visibilitySchema = z.number().int().min(0).max(43_200);
const delaySchema = z.number().int().min(0).max(900).optional();

/** Where one SQS queue lives. */
export interface SqsQueueRef {
  client: SQSClient;
  /** Logical name (`gpu-tasks`), used in logs and metrics. */
  name: string;
  url: string;
}

/**
 * Receive/ack/depth on one SQS queue; shared by the work queue and its dead-letter queue.
 * Bodies are JSON; a body that is not JSON (a hand-written test message) is returned as
 * its raw string.
 */
export class SqsQueueClient implements DeadLetterQueue {
  constructor(protected readonly ref: SqsQueueRef) {}

  async receive(options: { maxMessages?: number; visibilitySec: number; waitSec?: number }): Promise<ReceivedMessage[]> {
    const o = parseOrThrow(receiveSchema, options, 'receive options');
    const out = await this.ref.client.send(
      new ReceiveMessageCommand({
        QueueUrl: this.ref.url,
        MaxNumberOfMessages: o.maxMessages,
        VisibilityTimeout: o.visibilitySec,
        WaitTimeSeconds: o.waitSec,
        MessageSystemAttributeNames: ['ApproximateReceiveCount'],
      }),
    );
    return (out.Messages ?? []).map(toReceived);
  }

  async ack(receiptHandle: string): Promise<void> {
    await this.call(() => this.ref.client.send(new DeleteMessageCommand({ QueueUrl: this.ref.url, ReceiptHandle: receiptHandle })));
  }

  async depth(): Promise<{ visible: number; inFlight: number }> {
    const out = await this.ref.client.send(
      new GetQueueAttributesCommand({
        QueueUrl: this.ref.url,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    const a = out.Attributes ?? {};
    return { visible: Number(a.ApproximateNumberOfMessages ?? 0), inFlight: Number(a.ApproximateNumberOfMessagesNotVisible ?? 0) };
  }

  /** Runs an SQS call, turning an unknown or expired receipt handle into RECEIPT_INVALID. */
  protected async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      const name = awsErrorName(err) ?? '';
      if (/ReceiptHandleIsInvalid|InvalidParameterValue|MessageNotInflight/.test(name)) {
        throw new LvuError('RECEIPT_INVALID', `message no longer held by this receipt on ${this.ref.name}`, {
          cause: err,
          details: { queue: this.ref.name },
        });
      }
      throw err;
    }
  }
}

/**
 * WorkQueue on SQS. Redrive to the dead-letter queue is SQS's own (the queue's
 * RedrivePolicy, set by the CDK stack); `receiveCount` is ApproximateReceiveCount.
 */
export class SqsWorkQueue extends SqsQueueClient implements WorkQueue {
  readonly name: string;
  readonly deadLetter: DeadLetterQueue;
  /** Queue URLs, e.g. for passing to another process's environment. */
  readonly url: string;
  readonly deadLetterUrl: string;

  constructor(ref: SqsQueueRef, deadLetter: SqsQueueRef) {
    super(ref);
    this.name = ref.name;
    this.url = ref.url;
    this.deadLetterUrl = deadLetter.url;
    this.deadLetter = new SqsQueueClient(deadLetter);
  }

  async send(body: unknown, options: { delaySec?: number } = {}): Promise<string> {
    const delay = parseOrThrow(delaySchema, options.delaySec, 'delaySec');
    const text = JSON.stringify(body);
    if (text === undefined) throw new ValidationError('message body is not JSON-serialisable');
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > MAX_MESSAGE_BYTES) {
      throw new ValidationError(`message body is ${bytes} bytes; SQS takes at most ${MAX_MESSAGE_BYTES}`, {
        details: { bytes, limit: MAX_MESSAGE_BYTES },
      });
    }
    const out = await this.ref.client.send(new SendMessageCommand({ QueueUrl: this.ref.url, MessageBody: text, DelaySeconds: delay }));
    if (!out.MessageId) throw new Error(`SQS returned no MessageId on ${this.name}`);
    return out.MessageId;
  }

  async extendVisibility(receiptHandle: string, visibilitySec: number): Promise<void> {
    const timeout = parseOrThrow(visibilitySchema, visibilitySec, 'visibilitySec');
    await this.changeVisibility(receiptHandle, timeout);
  }

  async release(receiptHandle: string): Promise<void> {
    await this.changeVisibility(receiptHandle, 0);
  }

  private async changeVisibility(receiptHandle: string, timeout: number): Promise<void> {
    await this.call(() =>
      this.ref.client.send(
        new ChangeMessageVisibilityCommand({ QueueUrl: this.ref.url, ReceiptHandle: receiptHandle, VisibilityTimeout: timeout }),
      ),
    );
  }
}

function toReceived(m: Message): ReceivedMessage {
  const raw = m.Body ?? '';
  let body: unknown = raw;
  try {
    body = JSON.parse(raw);
  } catch {
    // Not JSON: hand the raw text to the consumer, whose zod schema will reject it clearly.
  }
  return {
    id: m.MessageId ?? '',
    receiptHandle: m.ReceiptHandle ?? '',
    body,
    receiveCount: Number(m.Attributes?.ApproximateReceiveCount ?? 1),
  };
}
