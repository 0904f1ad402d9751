/**
 * The train function of the platform's train tasks (core/tasks/train.ts): decodes each
 * labelled video's span embeddings, checks they come from the model asked for, runs k-fold
 * cross-validation grouped by video against the majority (or mean) baseline and fits the
 * head on all videos. Pure: bytes in, head and figures out.
 */
import { ValidationError } from '../../core/errors';
import type { TrainFunction } from '../../core/tasks/train-function';
import { crossValidate, fitHead, type LabelledVideo } from './cv';
import { DEFAULT_LAMBDA } from './heads';
import { cvFigures } from './head-store';
import { decodeSpanEmbeddings } from './stage';

/**
 * Fits and cross-validates a head.
 *
 * @example
 *   const out = await trainTaskHead({ task, model, videos, folds: 5 });
 *   out.cv.mean; // accuracy over held-out videos
 */
export const trainTaskHead: TrainFunction = async ({ task, model, videos, folds, lambda = DEFAULT_LAMBDA }) => {
  const decoded = videos.map((v) => ({ v, e: decodeSpanEmbeddings(v.spanEmbeddings) }));
  const wrong = decoded.find(({ e }) => e.model !== model.name || e.version !== model.version);
  if (wrong)
    throw new ValidationError(
      `span embeddings of ${wrong.v.videoId} come from ${wrong.e.model}@${wrong.e.version}, not ${model.name}@${model.version}`,
    );
  const dim = decoded[0]?.e.hidden;
  if (!dim || decoded.some(({ e }) => e.hidden !== dim)) throw new ValidationError('span embeddings differ in width (or there are none)');
  const labelled: LabelledVideo[] = decoded.map(({ v, e }) => ({ video: v.videoId, x: e.cls, y: v.target }));
  const cv = crossValidate(task, labelled, dim, folds, lambda);
  const head = fitHead(task, labelled, dim, lambda);
  return { head, cv: cvFigures(cv), spans: decoded.reduce((n, { e }) => n + e.starts.length, 0) };
};
