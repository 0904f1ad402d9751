import type { Transition } from '../../core/contracts/shots';
import type { Frame } from '../video/frame';

/**
 * A streaming shot-transition detector (PySceneDetect-style): `push` each decoded frame in
 * order and get back the transitions it can already decide; `flush` at the end of the
 * stream for the rest.
 */
export interface ShotDetector {
  push(frame: Frame): Transition[];
  flush(): Transition[];
  /**
   * Frames of history a transition needs: a transition starting at frame f comes out the
   * same as in a run from frame 0 when the stream starts at or before f − contextFrames.
   */
  readonly contextFrames: number;
  /**
   * Decision delay: after frame t is pushed, every transition starting at or before
   * t − lookBehindFrames has been returned. A stream that ends (flush) at frame e gives the
   * same transitions as a longer run for every start ≤ e − lookBehindFrames.
   */
  readonly lookBehindFrames: number;
}
