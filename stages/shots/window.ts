import { ValidationError } from '../../core/errors';
import { cellDistance, histDistance, shiftedStructureDistance, structureDistance, type FrameFeatures } from './features';

/**
 * The recent frames of one stream, by frame index, in a fixed-size ring. Reads outside the
 * stream are clamped to its first/last frame, so spans near the stream's edges are judged
 * on what exists (deterministically, given where the stream starts and ends).
 */
export class FeatureWindow {
  private readonly ring: (FrameFeatures | undefined)[];
  /** Cell distance of each frame to the previous one (0 for the stream's first frame). */
  private readonly steps: Float64Array;
  /** Structure distance, and its motion-compensated version, of each frame to the previous one. */
  private readonly structureSteps: Float64Array;
  private readonly shiftedSteps: Float64Array;
  /** Distances of each frame to the `maxBack` frames before it (flank windows are reused by many spans). */
  private readonly backCells: Float64Array;
  private readonly backHist: Float64Array;
  private firstIndex = -1;
  private lastIndex = -1;

  constructor(
    readonly capacity: number,
    private readonly maxBack = 0,
    /** Whether to keep structure steps (only the learned cut model reads them; they cost per frame). */
    private readonly withStructure = true,
  ) {
    this.ring = new Array<FrameFeatures | undefined>(capacity).fill(undefined);
    this.steps = new Float64Array(capacity);
    this.structureSteps = new Float64Array(capacity);
    this.shiftedSteps = new Float64Array(capacity);
    this.backCells = new Float64Array(capacity * (maxBack + 1));
    this.backHist = new Float64Array(capacity * (maxBack + 1));
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
    if (this.withStructure) {
      this.structureSteps[slot] = previous ? structureDistance(previous.structure, features.structure) : 0;
      this.shiftedSteps[slot] = previous ? shiftedStructureDistance(previous.structure, features.structure) : 0;
    }
    this.lastIndex = features.index;
    for (let back = 1; back <= this.maxBack && features.index - back >= this.firstIndex; back++) {
      const earlier = this.at(features.index - back);
      this.backCells[slot * (this.maxBack + 1) + back] = cellDistance(earlier.cells, features.cells);
      this.backHist[slot * (this.maxBack + 1) + back] = histDistance(earlier.hist, features.hist);
    }
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

  /** Structure distance from frame `index − 1` to frame `index` (clamped; 0 at the stream start). */
  structureStep(index: number): number {
    const i = this.clamp(index);
    this.at(i);
    return i === this.firstIndex ? 0 : this.structureSteps[i % this.capacity]!;
  }

  /** Motion-compensated structure distance from frame `index − 1` to `index` (clamped; 0 at the start). */
  shiftedStep(index: number): number {
    const i = this.clamp(index);
    this.at(i);
    return i === this.firstIndex ? 0 : this.shiftedSteps[i % this.capacity]!;
  }

  /** Cell distance between two frames (clamped). */
  cells(a: number, b: number): number {
    const back = this.cachedBack(a, b);
    if (back >= 0) return this.backCells[back]!;
    return cellDistance(this.at(a).cells, this.at(b).cells);
  }

  /** Histogram distance between two frames (clamped). */
  hist(a: number, b: number): number {
    const back = this.cachedBack(a, b);
    if (back >= 0) return this.backHist[back]!;
    return histDistance(this.at(a).hist, this.at(b).hist);
  }

  /** Slot of the cached distance between frames a < b (clamped), or -1 when not cached. */
  private cachedBack(a: number, b: number): number {
    const x = this.clamp(a);
    const y = this.clamp(b);
    const back = y - x;
    if (back < 1 || back > this.maxBack) return -1;
    this.at(y);
    return (y % this.capacity) * (this.maxBack + 1) + back;
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
