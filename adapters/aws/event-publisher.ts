import { type EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { EventPublisher, PlatformEvent } from '../../core/ports/events';

/** `source` of every lvu event on the bus (infra's archive and rules match on it). */
export const EVENT_SOURCE = 'lvu';

/** The part of the EventBridge client this publisher uses (a fake in tests). */
export type PutEventsClient = Pick<EventBridgeClient, 'send'>;

/**
 * The EventPublisher port on an EventBridge bus: `detail-type` is the event type
 * (`VideoAnalyzed`, `VideoFailed`), `detail` the whole event including its stable `id`,
 * which subscribers use to drop duplicates (delivery is at-least-once).
 */
export class EventBridgePublisher implements EventPublisher {
  constructor(
    private readonly client: PutEventsClient,
    private readonly busName: string,
  ) {}

  async publish(event: PlatformEvent): Promise<void> {
    const out = await this.client.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: this.busName,
            Source: EVENT_SOURCE,
            DetailType: event.type,
            Time: new Date(event.time),
            Resources: [],
            Detail: JSON.stringify(event),
          },
        ],
      }),
    );
    if ((out.FailedEntryCount ?? 0) > 0) {
      const entry = out.Entries?.[0];
      throw new Error(`EventBridge rejected ${event.type} ${event.id}: ${entry?.ErrorCode ?? '?'} ${entry?.ErrorMessage ?? ''}`);
    }
  }
}
