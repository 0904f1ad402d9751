import { ValidationError } from '../../core/errors';
import { cellDistance, histDistance, type FrameFeatures } from './features';

/**
 * The recent frames of one stream, by frame index, in a fixed-size ring. Reads outside the
 * stream are clamped to its first/last frame, so spans near the stream's edges are judged
 * on what exists (deterministically, given where the stream starts and ends).
 */
export class FeatureWindow {
  private readonly ring: (FrameFeatures | undefined)[];
  /** Cell distance of each frame to the previous one (0 for the stream's first frame). */
  private readonly steps: Float64Array;
  private firstIndex = -1;
  private lastIndex = -1;

  constructor(readonly capacity: number) {
    this.ring = new Array<FrameFeatures | undefined>(capacity).fill(undefined);
    this.steps = new Float64Array(capacity);
  }

  /** Index of the stream's first frame (-1 before any). */
  get first(): number {
    return this.firstIndex;
  }

  /** Index of the newest frame (-1 before any). */
  get last(): number {
    return this.lastIndex;
  }

  /** Appends the next frame; frames must come in order without gaps. */
  push(features: FrameFeatures): void {
    if (this.lastIndex >= 0 && features.index !== this.lastIndex + 1) {
      throw new ValidationError(`shot detector: frame ${features.index} after ${this.lastIndex}; frames must be consecutive`);
    }
    if (this.firstIndex < 0) this.firstIndex = features.index;
    const previous = this.lastIndex >= 0 ? this.at(this.lastIndex) : undefined;
    const slot = features.index % this.capacity;
    this.ring[slot] = features;
    this.steps[slot] = previous ? cellDistance(previous.cells, features.cells) : 0;
    this.lastIndex = features.index;
  }

  /** Clamps an index to the frames of the stream. */
  clamp(index: number): number {
    return Math.min(Math.max(index, this.firstIndex), this.lastIndex);
  }

  /** Features of frame `index` (clamped to the stream). */
  at(index: number): FrameFeatures {
    const i = this.clamp(index);
    const f = this.ring[i % this.capacity];
    if (!f || f.index !== i) throw new Error(`shot detector: frame ${i} has left the window (capacity ${this.capacity})`);
    return f;
  }

  /** Cell distance from frame `index − 1` to frame `index` (clamped; 0 at the stream start). */
  step(index: number): number {
    const i = this.clamp(index);
    this.at(i);
    return i === this.firstIndex ? 0 : this.steps[i % this.capacity]!;
  }

  /** Cell distance between two frames (clamped). */
  cells(a: number, b: number): number {
    return cellDistance(this.at(a).cells, this.at(b).cells);
  }

  /** Histogram distance between two frames (clamped). */
  hist(a: number, b: number): number {
    return histDistance(this.at(a).hist, this.at(b).hist);
  }

  /** Largest frame-to-frame cell distance from a to b. */
  maxStep(a: number, b: number): number {
    let max = 0;
    for (let i = a + 1; i <= b; i++) max = Math.max(max, this.step(i));
    return max;
  }

  /** Sum of the frame-to-frame cell distances from a to b: the path the picture travelled. */
  path(a: number, b: number): number {
    let sum = 0;
    for (let i = a + 1; i <= b; i++) sum += this.step(i);
    return sum;
  }
}
