import { ChunkPlanSchema, VideoProbeSchema, type ChunkPlan, type VideoProbe } from '../contracts/video';
import { LvuError } from '../errors';
import type { MergeOutput, PlatformDeps, StageFunctions, TaskContext } from './deps';
import { ArtifactKeys, Keys, type VideoRecord } from './model';
import { answerFromFeatureBank, markAnswersPending, registeredAnswerModels } from './answers';
import { publishAnalyzed } from './outcomes';
import { summarizeTracks } from './track-summary';
import { putTrackWindows } from './track-windows';
import { THUMBNAILS_PACK_FILE } from '../contracts/thumbnails';
import { isTerminal } from './state';
import type { ModelRef, Task } from './tasks';
import { VideoRepository } from './videos';
import { purgeVideoData, videoTombstone } from './delete';
import { runTraining } from '../tasks/train';

/** The tasks that work on a video's analysis (probe, chunk, merge). */
type VideoTask = Exclude<Task, { type: 'answers' | 'train' }>;

/** What a task run did: `done`, or `skipped` when its video no longer needs it. */
export type TaskOutcome = 'done' | 'skipped';

/** Decoder threads per chunk task: workers run side by side, one per core (ARCHITECTURE.md). */
const CHUNK_THREADS = 1;

/**
 * Runs one task to completion. Every output goes to a deterministic key and is durable
 * before this resolves, so the caller may then acknowledge the message. Throws on failure
 * (the message comes back and is retried; after max attempts it is dead-lettered).
 *
 * @example
 *   await runTask(deps, stages, { type: 'chunk', videoId, tenantId, chunkIndex: 2 }, ctx);
 */
export async function runTask(deps: PlatformDeps, stages: StageFunctions, task: Task, ctx: TaskContext): Promise<TaskOutcome> {
  if (task.type === 'answers') return unlessDeleted(deps, task.videoId, () => runAnswers(deps, stages, task));
  if (task.type === 'train') return runTraining(deps, stages.train, await answersModelOf(deps, stages), task);
  return unlessDeleted(deps, task.videoId, () => runVideoTask(deps, stages, task, ctx));
}

/**
 * Runs a task of a video unless the video is deleted. A DELETE can land while the task runs
 * and clean up before the task's last writes (a chunk result, a fan-in entry, a probe's
 * plan): so the tombstone is checked again after the task, whether it succeeded or threw,
 * and the video's leftovers are purged then. Nothing the task wrote outlives the DELETE.
 */
async function unlessDeleted(deps: PlatformDeps, videoId: string, run: () => Promise<TaskOutcome>): Promise<TaskOutcome> {
  if (await videoTombstone(deps.meta, videoId)) return purged(deps, videoId);
  let outcome: TaskOutcome;
  try {
    outcome = await run();
  } catch (err) {
    if (await videoTombstone(deps.meta, videoId)) return purged(deps, videoId);
    throw err;
  }
  return (await videoTombstone(deps.meta, videoId)) ? purged(deps, videoId) : outcome;
}

async function purged(deps: PlatformDeps, videoId: string): Promise<TaskOutcome> {
  await purgeVideoData(deps, videoId);
  return 'skipped';
}

/** Probe, chunk or merge of a video that is still wanted (terminal videos are skipped). */
async function runVideoTask(deps: PlatformDeps, stages: StageFunctions, task: VideoTask, ctx: TaskContext): Promise<TaskOutcome> {
  const { record } = await new VideoRepository(deps.meta).getById(task.videoId);
  if (isTerminal(record.status)) return 'skipped';
  return runStage(deps, stages, task, record, ctx);
}

/**
 * Answers a video from its stored feature bank: after its merge, or again in a batch run
 * with a newer model. Failed or deleted videos are skipped; one not yet done (the merge
 * sends this task just before marking the video done) comes back later (NOT_READY).
 */
async function runAnswers(deps: PlatformDeps, stages: StageFunctions, task: Extract<Task, { type: 'answers' }>): Promise<TaskOutcome> {
  const { record } = await new VideoRepository(deps.meta).getById(task.videoId);
  if (record.status === 'failed' || record.status === 'deleted') return 'skipped';
  if (record.status !== 'done')
    throw new LvuError('NOT_READY', `video ${task.videoId} is ${record.status}; its answers task waits for the merge`);
  if (!stages.answer) throw new LvuError('NOT_AVAILABLE', 'this worker has no transformer stage wired (answers tasks need one)');
  await answerFromFeatureBank(deps, stages.answer, record, task.model);
  return 'done';
}

function runStage(
  deps: PlatformDeps,
  stages: StageFunctions,
  task: Exclude<Task, { type: 'answers' | 'train' }>,
  record: VideoRecord,
  ctx: TaskContext,
): Promise<TaskOutcome> {
  switch (task.type) {
    case 'probe':
      return runProbe(deps, stages, record, ctx);
    case 'chunk':
      return runChunk(deps, stages, record, task.chunkIndex, ctx);
    case 'merge':
      return runMerge(deps, stages, record, ctx);
  }
}

/** Probe → plan → one chunk task each → `probed`. Chunk tasks are sent before the state changes. */
async function runProbe(deps: PlatformDeps, stages: StageFunctions, record: VideoRecord, ctx: TaskContext): Promise<TaskOutcome> {
  if (record.status === 'processing' && record.stage !== 'probe') return 'skipped';
  const { videoId, tenantId } = record;
  const sourcePath = await deps.blobs.materialize(ArtifactKeys.source(videoId), ctx.scratchDir);
  const probed = await stages.probe(sourcePath, { signal: ctx.signal });
  // The local path differs between machines and runs; leaving it out keeps artifacts identical.
  const { path: _path, ...probe } = probed;
  await putJson(deps, ArtifactKeys.probe(videoId), probe);
  const plan = stages.planChunks(probe, {
    chunkSec: record.options.chunkSec ?? deps.config.chunkSec,
    overlapSec: record.options.overlapSec ?? deps.config.overlapSec,
    ...(record.options.shotDecision ? { shotDecision: record.options.shotDecision } : {}),
  });
  await putJson(deps, ArtifactKeys.plan(videoId), plan);
  for (const chunk of plan.chunks) await deps.queues.gpu.send({ type: 'chunk', videoId, tenantId, chunkIndex: chunk.index });
  await new VideoRepository(deps.meta).apply(videoId, { type: 'probed', chunksTotal: plan.chunks.length }, deps.now);
  ctx.onProgress(1);
  return 'done';
}

/**
 * Analyses one chunk, stores its result, then counts it in the fan-in set. The set is
 * idempotent, so a redelivered chunk never counts twice; whoever sees the set full sends
 * the merge task (possibly twice, which merge tolerates).
 */
async function runChunk(
  deps: PlatformDeps,
  stages: StageFunctions,
  record: VideoRecord,
  chunkIndex: number,
  ctx: TaskContext,
): Promise<TaskOutcome> {
  const { videoId, tenantId } = record;
  const { probe, plan } = await loadPlan(deps, videoId);
  if (!plan.chunks[chunkIndex]) throw new LvuError('VALIDATION_FAILED', `chunk ${chunkIndex} is not in the plan of ${videoId}`);
  // Only the bytes this chunk decodes (ranged reads on S3), not the whole source per chunk.
  const ranges = stages.sourceRanges?.(probe, plan.chunks[chunkIndex]!);
  const sourcePath = await deps.blobs.materialize(ArtifactKeys.source(videoId), ctx.scratchDir, ranges ? { ranges } : {});
  const result = await stages.analyzeChunk({
    sourcePath,
    probe,
    plan,
    chunkIndex,
    tasks: record.tasks,
    ...(record.options.detectFps !== undefined ? { detectFps: record.options.detectFps } : {}),
    threads: CHUNK_THREADS,
    signal: ctx.signal,
    onProgress: (done, total) => ctx.onProgress(total > 0 ? done / total : 0),
  });
  await putJson(deps, ArtifactKeys.chunkResult(videoId, chunkIndex), result);
  const { size } = await deps.meta.addToSet(Keys.video(videoId), Keys.fanIn, Keys.fanInSet, String(chunkIndex));
  if (size >= plan.chunks.length) await deps.queues.cpu.send({ type: 'merge', videoId, tenantId });
  return 'done';
}

/** Joins every chunk result into the video's artifacts, then marks the video `done`. */
async function runMerge(deps: PlatformDeps, stages: StageFunctions, record: VideoRecord, ctx: TaskContext): Promise<TaskOutcome> {
  const { videoId } = record;
  const repo = new VideoRepository(deps.meta);
  const { probe, plan } = await loadPlan(deps, videoId);
  const finished = await deps.meta.getSet(Keys.video(videoId), Keys.fanIn, Keys.fanInSet);
  if (finished.length < plan.chunks.length) {
    throw new LvuError('NOT_READY', `merge of ${videoId} found ${finished.length} of ${plan.chunks.length} chunks finished`);
  }
  await repo.apply(videoId, { type: 'chunksDone' }, deps.now);
  const chunkResults: unknown[] = [];
  for (const chunk of plan.chunks) chunkResults.push(await getJson(deps, ArtifactKeys.chunkResult(videoId, chunk.index)));
  const output = await stages.mergeChunks({ probe, plan, chunkResults, videoId });
  for (const [key, value] of mergeArtifacts(videoId, output)) await putJson(deps, key, value);
  if (output.tracksFile) {
    await putJson(deps, ArtifactKeys.trackSummary(videoId), summarizeTracks(output.tracksFile));
    await putTrackWindows(deps, videoId, output.tracksFile);
  }
  if (output.thumbnailPack)
    await deps.blobs.put(`${ArtifactKeys.prefix(videoId)}${THUMBNAILS_PACK_FILE}`, output.thumbnailPack, {
      contentType: 'application/octet-stream',
    });
  if (output.featureBank) {
    await deps.blobs.put(ArtifactKeys.featureBank(videoId), output.featureBank.safetensors, { contentType: 'application/octet-stream' });
    await deps.blobs.put(ArtifactKeys.featureBankIndex(videoId), output.featureBank.indexJson, { contentType: 'application/json' });
    // Sent before `completed`, so a crash in between cannot lose it; it waits for `done`.
    const model = await answersModel(deps, stages, record);
    if (model) {
      // Owed answers are indexed first, so the batch run re-queues a task that gets lost.
      await markAnswersPending(deps.meta, { videoId, tenantId: record.tenantId, model }, deps.now());
      await deps.queues.cpu.send({ type: 'answers', videoId, tenantId: record.tenantId, model });
    }
  }
  const done = await repo.apply(videoId, { type: 'completed' }, deps.now);
  if (done.kind === 'changed') {
    await publishAnalyzed(deps, done.record, { shots: output.shotsFile.shots.length, transitions: output.shotsFile.transitions.length });
  }
  ctx.onProgress(1);
  return 'done';
}

/** The model a video's answers come from: the registered version, else the one this worker serves; none unless asked. */
async function answersModel(deps: PlatformDeps, stages: StageFunctions, record: VideoRecord): Promise<ModelRef | undefined> {
  if (!record.tasks.includes('answers') || !stages.answerModel) return undefined;
  return answersModelOf(deps, stages);
}

/** The registered version of the model this worker serves, else its own (training reads that model's span embeddings). */
async function answersModelOf(deps: PlatformDeps, stages: StageFunctions): Promise<ModelRef> {
  if (!stages.answerModel)
    throw new LvuError('NOT_AVAILABLE', 'this worker has no transformer stage wired (answers and train tasks need one)');
  const own = stages.answerModel();
  return (await registeredAnswerModels(deps.meta)).get(own.name) ?? own;
}

/** `shotsFile` → `videos/{id}/shots.json`, `tracksFile` → `tracks.json`, … (sorted, deterministic). */
function mergeArtifacts(videoId: string, output: MergeOutput): [string, unknown][] {
  return Object.keys(output)
    .filter((name) => name.endsWith('File') && name.length > 4 && /^[a-zA-Z]+$/.test(name))
    .sort()
    .map((name) => [ArtifactKeys.mergeOutput(videoId, name.slice(0, -4)), output[name as `${string}File`]]);
}

async function loadPlan(deps: PlatformDeps, videoId: string): Promise<{ probe: VideoProbe; plan: ChunkPlan }> {
  const probe = VideoProbeSchema.parse(await getJson(deps, ArtifactKeys.probe(videoId)));
  const plan = ChunkPlanSchema.parse(await getJson(deps, ArtifactKeys.plan(videoId)));
  return { probe, plan };
}

/** Artifacts are written the way `lvu analyze` writes them (one-space indent, final newline). */
async function putJson(deps: PlatformDeps, key: string, value: unknown): Promise<void> {
  await deps.blobs.put(key, `${JSON.stringify(value, null, 1)}\n`, { contentType: 'application/json' });
}

async function getJson(deps: PlatformDeps, key: string): Promise<unknown> {
  return JSON.parse(new TextDecoder().decode(await deps.blobs.get(key))) as unknown;
}
