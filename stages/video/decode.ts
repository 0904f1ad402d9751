import { spawn, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import type { Readable } from 'node:stream';
import type { VideoProbe } from '../../core/contracts/video';
import { VideoError, VideoErrorCode } from './errors';
import { ffmpegPaths, tailText, toolSpawnError } from './ffmpeg';
import { buildDecodeArgs, fastDecodeApplies, selectedFrames, type DecodeOutput } from './filtergraph';
import { channelsOf, type Frame } from './frame';
import { planSegments } from './segments';
import { decodeModeFromEnv, probeHwaccel, resolveDecodeBackend, type DecodeBackend } from './hwaccel';

export type { DecodeOutput } from './filtergraph';

export interface DecodeRequest {
  path: string;
  probe: VideoProbe;
  /** First decoded frame index (inclusive); default 0. */
  startFrame?: number;
  /** End frame index (exclusive); default probe.frameCount. */
  endFrame?: number;
  outputs: DecodeOutput[];
  /**
   * CPU threads the decode may use; 1 when several chunks run side by side. Default: every
   * core (ffmpeg's own choice of decoder threads). A pass whose outputs are all tiny spends
   * them as single-threaded ffmpegs on keyframe-aligned segments (see `segments.ts`).
   */
  threads?: number;
  /**
   * Decode on the CPU or with NVDEC (`-hwaccel cuda`, frames copied back so the filter graph
   * is unchanged). Default: resolved from `LVU_DECODE` (auto|cpu|nvdec) and this host's
   * capability (`hwaccel.ts`).
   */
  backend?: DecodeBackend['backend'];
  /** `false`: one ffmpeg process for the whole range even when segments would apply (for benchmarks). Default true. */
  splitAtKeyframes?: boolean;
  signal?: AbortSignal;
  /** Frames buffered in Node before the pipes are paused (backpressure); `Infinity` never pauses. */
  maxQueuedFrames?: number;
}

export interface DecodedFrame {
  output: string;
  frame: Frame;
}

const DEFAULT_MAX_QUEUED = 64;

/**
 * Decodes frames [startFrame, endFrame) of a video ONCE and delivers several streams from
 * the same ffmpeg process (a split filter graph, one pipe per output): e.g. tiny gray
 * frames at native fps for shots, detector frames at 5 fps, feature frames at 1 fps.
 * Frames come in per-output order, tagged with their source frame index and seconds.
 * The pipes pause when the consumer falls behind; breaking out of the loop or aborting
 * kills ffmpeg; a failure carries ffmpeg's stderr.
 *
 * @example
 *   for await (const { output, frame } of decodeFrames({ path, probe, outputs: [
 *     { name: 'shots', width: 64, height: 36, format: 'gray' },
 *     { name: 'features', width: 224, height: 224, format: 'rgb24', fps: 1 } ] })) { … }
 */
export async function* decodeFrames(req: DecodeRequest): AsyncGenerator<DecodedFrame> {
  const start = req.startFrame ?? 0;
  const end = req.endFrame ?? req.probe.frameCount;
  if (!(start >= 0 && end > start && end <= req.probe.frameCount)) {
    throw new VideoError(VideoErrorCode.DecodeFailed, `invalid frame range [${start}, ${end}) for ${req.probe.frameCount} frames`);
  }
  req = { ...req, backend: req.backend ?? (await defaultBackend(req.probe.codec)) };
  const lanes = decodeLanes(req);
  const segments = decodeSegments(req, start, end, lanes);
  if (segments.length > 1) {
    yield* segmentedFrames(req, segments, lanes);
    return;
  }
  const session = startSession(req, start, end);
  try {
    yield* session.frames();
  } finally {
    session.stop();
  }
}

/** The backend `LVU_DECODE` and this host's capability choose for a codec (`auto` falls back to the CPU). */
async function defaultBackend(codec: string): Promise<DecodeBackend['backend']> {
  const mode = decodeModeFromEnv();
  if (mode === 'cpu') return 'cpu';
  return resolveDecodeBackend(mode, codec, await probeHwaccel()).backend;
}

/** Spawns ffmpeg for [start, end) of the request and attaches its pipes. */
function startSession(req: DecodeRequest, start: number, end: number): DecodeSession {
  const { ffmpeg } = ffmpegPaths();
  const args = buildDecodeArgs(req.path, req.probe, start, end, req.outputs, req.threads, req.backend);
  const stdio = ['ignore', 'ignore', 'pipe', ...req.outputs.map(() => 'pipe' as const)] as const;
  const child = spawn(ffmpeg, args, { stdio: stdio as unknown as ('ignore' | 'pipe')[] });
  return new DecodeSession(child, req, start, end);
}

/** ffmpeg processes a request may run at once: its threads, else every core. */
function decodeLanes(req: DecodeRequest): number {
  return req.threads ?? availableParallelism();
}

/** The keyframe-aligned segments a request decodes side by side: one ([start, end)) unless every output is tiny and several threads are allowed. */
export function decodeSegments(
  req: DecodeRequest,
  start = req.startFrame ?? 0,
  end = req.endFrame ?? req.probe.frameCount,
  lanes = decodeLanes(req),
): [number, number][] {
  if (req.splitAtKeyframes === false || lanes < 2 || !fastDecodeApplies(req.outputs, req.probe)) return [[start, end]];
  // Bytes per source frame, all outputs together (an output at a lower fps holds fewer).
  const bytesPerFrame = req.outputs.reduce(
    (n, o) => n + o.width * o.height * channelsOf(o.format) * Math.min(1, (o.fps ?? Infinity) / req.probe.fps),
    0,
  );
  const { keyframeFrames: keyframes, keyframeBytes, frameCount, width, height, fps } = req.probe;
  const work = keyframeBytes ? { work: { keyframeBytes, frameCount, pixels: width * height } } : {};
  return planSegments({ start, end, keyframes, fps, lanes, bytesPerFrame, ...work });
}

/**
 * Decodes the segments with up to `lanes` single-threaded ffmpegs at once and yields their
 * frames in order: the first segment as it decodes, later ones from their sessions' queues,
 * decoded ahead (their pipes are never paused). At most `lanes` segments are started and
 * not yet yielded, which bounds the memory. A failure in any segment ends the whole decode
 * with that segment's error once the consumer reaches it; stopping early or aborting kills
 * every ffmpeg still running.
 */
async function* segmentedFrames(req: DecodeRequest, segments: [number, number][], lanes: number): AsyncGenerator<DecodedFrame> {
  const running: DecodeSession[] = [];
  let next = 0;
  const startNext = (): void => {
    const [s, e] = segments[next++]!;
    running.push(startSession({ ...req, threads: 1, maxQueuedFrames: Infinity }, s, e));
  };
  try {
    while (next < segments.length && running.length < lanes) startNext();
    while (running.length > 0) {
      yield* running[0]!.frames();
      running.shift()!.stop();
      if (next < segments.length) startNext();
    }
  } finally {
    for (const session of running) session.stop();
  }
}

/** Per-output reassembly of raw bytes into frames. */
interface Assembler {
  output: DecodeOutput;
  bytesPerFrame: number;
  indices: number[];
  next: number;
  buf: Uint8Array;
  filled: number;
  stream: Readable;
}

/** One running ffmpeg with its pipes, queue and exit state; owned by one decodeFrames call. */
class DecodeSession {
  private readonly queue: DecodedFrame[] = [];
  private readonly assemblers: Assembler[];
  private wake: (() => void) | undefined;
  private failure: Error | undefined;
  private exited = false;
  private stderr = '';
  private readonly maxQueued: number;

  constructor(
    private readonly child: ChildProcess,
    private readonly req: DecodeRequest,
    start: number,
    end: number,
  ) {
    this.maxQueued = req.maxQueuedFrames ?? DEFAULT_MAX_QUEUED;
    this.assemblers = req.outputs.map((output, i) => this.attach(output, i, selectedFrames(start, end, req.probe.fps, output.fps)));
    child.stderr?.on('data', (b: Buffer) => (this.stderr = tailText(this.stderr + b.toString('utf8'), 8000)));
    child.on('error', (e: NodeJS.ErrnoException) => this.fail(toolSpawnError('ffmpeg', e)));
    child.on('close', (code, signal) => this.onExit(code, signal));
    req.signal?.addEventListener('abort', this.onAbort, { once: true });
    if (req.signal?.aborted) this.onAbort();
  }

  private attach(output: DecodeOutput, i: number, indices: number[]): Assembler {
    const bytesPerFrame = output.width * output.height * channelsOf(output.format);
    const stream = this.child.stdio[3 + i] as Readable;
    const a: Assembler = { output, bytesPerFrame, indices, next: 0, buf: new Uint8Array(bytesPerFrame), filled: 0, stream };
    stream.on('data', (chunk: Buffer) => this.onData(a, chunk));
    stream.on('error', () => undefined); // surfaced through the process exit instead
    return a;
  }

  /**
   * Cuts a pipe read into frames. A frame that lies whole inside the read becomes a view of
   * it (each read owns fresh memory, so nothing is copied); a frame split across reads is
   * copied together in the assembler's buffer.
   */
  private onData(a: Assembler, chunk: Buffer): void {
    const size = a.bytesPerFrame;
    let off = 0;
    while (off < chunk.length) {
      if (a.filled === 0 && chunk.length - off >= size) {
        this.emitFrame(a, new Uint8Array(chunk.buffer, chunk.byteOffset + off, size));
        off += size;
        continue;
      }
      const n = Math.min(size - a.filled, chunk.length - off);
      a.buf.set(chunk.subarray(off, off + n), a.filled);
      a.filled += n;
      off += n;
      if (a.filled === size) {
        this.emitFrame(a, a.buf);
        a.buf = new Uint8Array(size);
        a.filled = 0;
      }
    }
    if (this.queue.length >= this.maxQueued) a.stream.pause();
  }

  private emitFrame(a: Assembler, data: Uint8Array): void {
    const index = a.indices[a.next++];
    if (index === undefined) {
      this.fail(new VideoError(VideoErrorCode.DecodeFailed, `ffmpeg produced more "${a.output.name}" frames than planned`));
      return;
    }
    const { width, height, format } = a.output;
    this.queue.push({ output: a.output.name, frame: { index, sec: index / this.req.probe.fps, width, height, format, data } });
    this.notify();
  }

  /** Yields queued frames until ffmpeg has exited and every frame was delivered. */
  async *frames(): AsyncGenerator<DecodedFrame> {
    for (;;) {
      const item = this.queue.shift();
      if (item) {
        if (this.queue.length < this.maxQueued / 2) for (const a of this.assemblers) a.stream.resume();
        yield item;
        continue;
      }
      if (this.failure) throw this.failure;
      if (this.exited) return this.checkComplete();
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private checkComplete(): void {
    for (const a of this.assemblers) {
      if (a.next !== a.indices.length || a.filled !== 0) {
        throw new VideoError(
          VideoErrorCode.Corrupt,
          `${this.req.path}: decoding stopped early: "${a.output.name}" got ${a.next} of ${a.indices.length} frames (corrupt or truncated stream)`,
          { details: { stderr: this.stderr, output: a.output.name, got: a.next, expected: a.indices.length } },
        );
      }
    }
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    if (code !== 0 && !this.failure) {
      const why = signal ? `was killed (${signal})` : `exited with code ${code}`;
      this.fail(
        new VideoError(VideoErrorCode.DecodeFailed, `ffmpeg ${why} decoding ${this.req.path}: ${lastLine(this.stderr)}`, {
          details: { stderr: this.stderr },
        }),
      );
    }
    this.exited = true;
    this.notify();
  }

  private readonly onAbort = (): void => {
    this.fail(new VideoError(VideoErrorCode.Aborted, `decoding ${this.req.path} was aborted`));
    this.child.kill('SIGKILL');
  };

  private fail(err: Error): void {
    this.failure ??= err;
    this.notify();
  }

  private notify(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  /** Kills ffmpeg if it is still running (consumer stopped early or failed). */
  stop(): void {
    this.req.signal?.removeEventListener('abort', this.onAbort);
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}

function lastLine(text: string): string {
  return text.trim().split('\n').pop()?.trim() || 'no message';
}
