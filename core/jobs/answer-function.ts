import type { StoredHead } from '../tasks/contracts';
import type { ModelRef } from './tasks';

// The answers stage's signature on its own: core/jobs/deps.ts (StageFunctions) needs it, and
// answers.ts needs PlatformDeps, so neither imports the other for it.

/** What the transformer stage needs to answer one video: its id, the model, the stored bank, the tenant's heads. */
export interface AnswerInput {
  videoId: string;
  tenantId: string;
  model: ModelRef;
  /** `videos/{id}/feature-bank.safetensors`: all the stage reads (never the video). */
  featureBank: Uint8Array;
  /** The current head of every task of the tenant that has one (core/tasks). */
  heads: StoredHead[];
}

/** What the stage gives back: the answers document, and the span embeddings heads are trained on. */
export interface AnswerOutput {
  document: unknown;
  /** Safetensors bytes, stored at `videos/{id}/span-embeddings/{model}@{version}.safetensors`. */
  spanEmbeddings?: Uint8Array;
}

/**
 * The transformer stage as the platform sees it: feature bank → answers JSON (the
 * `answers/{model}@{version}.json` document). Injected, so core stays free of ONNX; it
 * must throw (e.g. MODEL_MISMATCH) when it cannot answer with the requested version.
 */
export type AnswerFunction = (input: AnswerInput) => Promise<AnswerOutput>;
