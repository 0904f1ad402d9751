/**
 * Domain events leave the platform through this port: EventBridge on AWS, a record plus a
 * log line locally. Delivery is at-least-once; consumers dedupe by `id`.
 */
export interface EventPublisher {
  publish(event: PlatformEvent): Promise<void>;
}

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
