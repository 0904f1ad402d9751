import { z } from 'zod';
import { ModelRefSchema } from '../jobs/tasks';
import { LvuTaskSchema } from '../lvu-tasks';
import { CvFiguresSchema } from '../tasks/contracts';

/**
 * `answers/{model}@{version}.json`: a video's answers to LVU tasks from one transformer
 * version (written by `stages/transformer/answers.ts`, served by `GET /videos/{id}/results`
 * and documented in the OpenAPI document from these schemas).
 */

/** A span the answer rests on: where it lies in the video and how strongly its own prediction supports the answer. */
export const EvidenceSchema = z.object({ startSec: z.number(), endSec: z.number(), support: z.number() });
export type Evidence = z.infer<typeof EvidenceSchema>;

/** The head an answer came from: its version, the transformer its embeddings came from, its CV figures. */
export const HeadRefSchema = z.object({
  version: z.number().int(),
  model: ModelRefSchema,
  cv: CvFiguresSchema,
  videos: z.number().int(),
  trainedAt: z.string().optional(),
});

/** One task's answer: `not_trained` (with how to train a head), or a classification or regression. */
export const TaskAnswerSchema = z
  .union([
    z.object({ status: z.literal('not_trained'), how: z.string() }),
    z.object({
      status: z.literal('ok'),
      kind: z.literal('classification'),
      prediction: z.string(),
      probabilities: z.record(z.string(), z.number()),
      evidence: z.array(EvidenceSchema),
      head: HeadRefSchema,
    }),
    z.object({
      status: z.literal('ok'),
      kind: z.literal('regression'),
      value: z.number(),
      evidence: z.array(EvidenceSchema),
      head: HeadRefSchema,
    }),
  ])
  .meta({ id: 'TaskAnswer' });
export type TaskAnswer = z.infer<typeof TaskAnswerSchema>;

export const AnswersFileSchema = z
  .object({
    videoId: z.string(),
    model: z.object({ name: z.string(), version: z.string() }),
    tasks: z.record(z.string(), TaskAnswerSchema),
    userTasks: z.array(LvuTaskSchema),
    /** Video-level outputs of the same run: [CLS] embedding (similarity search), span count (scenes are in scenes.json). */
    video: z
      .object({
        embedding: z.array(z.number()),
        spans: z.number().int(),
      })
      .optional(),
  })
  .meta({ id: 'Answers', description: "One transformer version's answers for a video (`answers/{model}@{version}.json`)." });
export type AnswersFile = z.infer<typeof AnswersFileSchema>;
