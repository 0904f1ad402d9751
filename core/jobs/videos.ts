import { hasCode, NotFoundError } from '../errors';
import type { MetadataStore } from '../ports/metadata-store';
import { Keys, VideoRecordSchema, type VideoRecord, type VideoStatus } from './model';
import { applyEvent, isTerminal, type JobEvent, type Transition } from './state';

/** Optimistic-concurrency retries before giving up on a hot record (each retry re-reads). */
const MAX_WRITE_ATTEMPTS = 20;
/** Pages read per list call when a status filter drops items (bounds one request's work). */
const MAX_LIST_PAGES = 20;

/** A record with the version it was read at (for the next conditional write). */
export interface Versioned<T> {
  version: number;
  record: T;
}

export interface VideoPage {
  videos: VideoRecord[];
  cursor?: string;
}

/**
 * Video records in the MetadataStore. The record lives in its tenant's partition (so a
 * tenant can only ever reach its own videos); an immutable `owner` pointer lets workers,
 * which know only the video id, find it. Every state change is a conditional write of the
 * result of `applyEvent`, retried on conflict.
 */
export class VideoRepository {
  constructor(private readonly meta: MetadataStore) {}

  /**
   * Stores a new record, its owner pointer and its entry in the active-jobs index;
   * CONDITION_FAILED if the id exists.
   */
  async create(record: VideoRecord): Promise<number> {
    await this.meta.put(Keys.video(record.videoId), Keys.owner, { tenantId: record.tenantId }, { expectedVersion: null });
    await this.meta.put(Keys.activeJobs, record.videoId, { tenantId: record.tenantId });
    return this.meta.put(Keys.tenant(record.tenantId), Keys.video(record.videoId), record, { expectedVersion: null });
  }

  /** The tenant's video, or undefined (also for other tenants' ids: no existence leak). */
  async getForTenant(tenantId: string, videoId: string): Promise<Versioned<VideoRecord> | undefined> {
    const item = await this.meta.get(Keys.tenant(tenantId), Keys.video(videoId));
    return item ? { version: item.version, record: VideoRecordSchema.parse(item.data) } : undefined;
  }

  /** A video found by id alone (workers, ingest); NOT_FOUND when it never existed. */
  async getById(videoId: string): Promise<Versioned<VideoRecord>> {
    const owner = await this.meta.get<{ tenantId?: string }>(Keys.video(videoId), Keys.owner);
    const tenantId = owner?.data.tenantId;
    const found = tenantId ? await this.getForTenant(tenantId, videoId) : undefined;
    if (!found) throw new NotFoundError(`video ${videoId} not found`, { details: { videoId } });
    return found;
  }

  /**
   * Applies a job event with optimistic concurrency: read, `applyEvent`, write if the version
   * is unchanged, else retry. Returns the transition (possibly `unchanged` for a replay).
   */
  async apply(videoId: string, event: JobEvent, now: () => Date): Promise<Transition> {
    return this.mutate(videoId, (record) => applyEvent(record, event, now()));
  }

  /**
   * Like `apply`, for changes that are not state transitions (e.g. storing a field). A
   * terminal status drops the video's active-jobs entry, unless `keepActiveEntry`: then the
   * caller removes it once its own clean-up is done, so a crash in between leaves the entry
   * for the sweep to finish the work.
   */
  async mutate(
    videoId: string,
    change: (record: VideoRecord) => Transition,
    options: { keepActiveEntry?: boolean } = {},
  ): Promise<Transition> {
    for (let attempt = 1; ; attempt++) {
      const { version, record } = await this.getById(videoId);
      const result = change(record);
      if (result.kind === 'unchanged') return result;
      try {
        await this.meta.put(Keys.tenant(record.tenantId), Keys.video(videoId), result.record, { expectedVersion: version });
        // A crash before this delete leaves a stale entry; the sweep removes it.
        if (isTerminal(result.record.status) && !options.keepActiveEntry) await this.meta.delete(Keys.activeJobs, videoId);
        return result;
      } catch (err) {
        if (!hasCode(err, 'CONDITION_FAILED') || attempt >= MAX_WRITE_ATTEMPTS) throw err;
      }
    }
  }

  /**
   * A page of the tenant's videos, newest first (ids sort by creation time). Deleted
   * videos are left out unless `status` asks for them.
   */
  async list(tenantId: string, options: { limit: number; cursor?: string; status?: VideoStatus }): Promise<VideoPage> {
    const videos: VideoRecord[] = [];
    let cursor = options.cursor;
    for (let page = 0; page < MAX_LIST_PAGES && videos.length < options.limit; page++) {
      const res = await this.meta.query(Keys.tenant(tenantId), {
        skPrefix: Keys.videoPrefix,
        descending: true,
        limit: options.limit - videos.length,
        ...(cursor ? { cursor } : {}),
      });
      for (const item of res.items) {
        const record = VideoRecordSchema.parse(item.data);
        if (options.status ? record.status === options.status : record.status !== 'deleted') videos.push(record);
      }
      cursor = res.cursor;
      if (!cursor) break;
    }
    return cursor ? { videos, cursor } : { videos };
  }
}
