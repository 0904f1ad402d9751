/**
 * Domain events leave the platform through this port: EventBridge on AWS, a record plus a
 * log line locally. Delivery is at-least-once; consumers dedupe by `id`.
 */
export interface EventPublisher {
  publish(event: PlatformEvent): Promise<void>;
  /**
   * Drops what the publisher itself kept of a video's events (the local event log), when
   * the video is deleted. A bus that keeps nothing of its own (EventBridge) leaves it out.
   */
  forgetVideo?(videoId: string): Promise<void>;
}

/** The id of a video's event of `type`: one per video and type, so replays dedupe. */
export function videoEventId(type: PlatformEvent['type'], videoId: string): string {
  return `${type}:${videoId}`;
}

/** Every event type a video can have. */
export const VIDEO_EVENT_TYPES: readonly PlatformEvent['type'][] = ['VideoAnalyzed', 'VideoFailed'];

/** `VideoAnalyzed` when a job is done, `VideoFailed` with the reason when it failed. */
export interface PlatformEvent {
  /** Stable per occurrence (e.g. `VideoAnalyzed:{videoId}`), so replays dedupe. */
  id: string;
  type: 'VideoAnalyzed' | 'VideoFailed';
  time: string;
  tenantId: string;
  videoId: string;
  detail: Record<string, unknown>;
}
