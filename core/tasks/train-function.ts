import type { ModelRef } from '../jobs/tasks';
import type { LvuTask } from '../lvu-tasks';
import type { CvFigures, LinearHead } from './contracts';

// The train stage's signature on its own: core/jobs/deps.ts (StageFunctions) needs it, and
// train.ts needs PlatformDeps, so neither imports the other for it.

/** One labelled video for the train function: its span embeddings (safetensors) and target. */
export interface TrainVideo {
  videoId: string;
  spanEmbeddings: Uint8Array;
  /** Class index (classification) or value (regression). */
  target: number;
}

/** What the train function gets and gives back; injected so core stays free of the maths. */
export interface TrainInput {
  task: LvuTask;
  model: ModelRef;
  videos: TrainVideo[];
  folds: number;
  lambda?: number;
}
export interface TrainOutput {
  head: LinearHead;
  cv: CvFigures;
  spans: number;
}
export type TrainFunction = (input: TrainInput) => Promise<TrainOutput>;
