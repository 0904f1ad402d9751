import { VIDEO_EVENT_TYPES, videoEventId, type EventPublisher, type PlatformEvent } from '../../core/ports/events';
import type { MetadataStore } from '../../core/ports/metadata-store';

/** The partition holding published events locally (`lvu serve` has no event bus). */
export const EVENTS_PK = 'events';

/**
 * Local EventPublisher: stores each event as a record keyed by its id (so a replayed
 * publish overwrites, it does not duplicate) and hands it to `log`, e.g. a line on stderr.
 */
export class MetadataEventLog implements EventPublisher {
  constructor(
    private readonly meta: MetadataStore,
    private readonly log: (event: PlatformEvent) => void = () => {},
  ) {}

  async publish(event: PlatformEvent): Promise<void> {
    await this.meta.put(EVENTS_PK, `event#${event.id}`, event);
    this.log(event);
  }

  /** A deleted video's events leave the log with it. */
  async forgetVideo(videoId: string): Promise<void> {
    for (const type of VIDEO_EVENT_TYPES) await this.meta.delete(EVENTS_PK, `event#${videoEventId(type, videoId)}`);
  }
}
