/**
 * The LVU task catalog (Wu & Krähenbühl, CVPR 2021, "Towards Long-Form Video
 * Understanding"): nine video-level tasks answered from span embeddings by one linear head
 * each, plus the schema of user-defined tasks. Classification tasks are scored by accuracy,
 * regression tasks by mean squared error on the transformed target.
 */
import { z } from 'zod';

/** How a regression target is derived from raw metadata. */
export const TargetTransformSchema = z.enum([
  'none',
  /** likes / (likes + dislikes) × 10, as in the LVU benchmark (range 0–10). */
  'like_ratio_x10',
  /** Natural log of the view count, as in the LVU benchmark. */
  'log_views',
]);
export type TargetTransform = z.infer<typeof TargetTransformSchema>;

const taskName = z.string().regex(/^[a-z][a-z0-9_-]{0,63}$/, 'lowercase letters, digits, _ - (max 64)');

/** A task: classification over `labels` (accuracy) or regression (MSE). */
export const LvuTaskSchema = z.discriminatedUnion('kind', [
  z.object({
    name: taskName,
    kind: z.literal('classification'),
    description: z.string(),
    labels: z.array(z.string().min(1)).min(2),
    metric: z.literal('accuracy').default('accuracy'),
    source: z.enum(['lvu', 'user']).default('user'),
  }),
  z.object({
    name: taskName,
    kind: z.literal('regression'),
    description: z.string(),
    target: TargetTransformSchema.default('none'),
    metric: z.literal('mse').default('mse'),
    source: z.enum(['lvu', 'user']).default('user'),
  }),
]);
export type LvuTask = z.infer<typeof LvuTaskSchema>;

const cls = (name: string, description: string, labels: string[]): LvuTask => ({
  name,
  kind: 'classification',
  description,
  labels,
  metric: 'accuracy',
  source: 'lvu',
});
const numbered = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix} ${i}`);

/**
 * The nine LVU tasks. Director and writer classes are the benchmark's label indices; their
 * names live in the dataset's label files (`lvu_1.0/{task}/`), so the catalog names them
 * by index and a labels CSV may use either the index or the dataset's name.
 */
export const LVU_TASKS: readonly LvuTask[] = Object.freeze([
  cls('relationship', 'relationship between the two main characters', [
    'friends',
    'wife-husband',
    'boyfriend-girlfriend',
    'ex-boyfriend-ex-girlfriend',
  ]),
  cls('speaking_style', 'speaking style of the main character', ['explain', 'confront', 'discuss', 'teach', 'threaten']),
  cls('scene', 'where the scene takes place', ['office', 'airport', 'school', 'hotel', 'prison', 'restaurant']),
  cls('director', 'director of the movie', numbered('director', 8)),
  cls('genre', 'genre of the movie', ['action', 'comedy', 'drama', 'horror']),
  cls('writer', 'writer of the movie', numbered('writer', 7)),
  cls('year', 'decade the movie was made', ['1930s', '1940s', '1950s', '1960s', '1970s', '1980s', '1990s', '2000s', '2010s']),
  {
    name: 'like_ratio',
    kind: 'regression',
    description: 'YouTube like ratio × 10 (likes / (likes + dislikes) × 10)',
    target: 'like_ratio_x10',
    metric: 'mse',
    source: 'lvu',
  },
  {
    name: 'view_count',
    kind: 'regression',
    description: 'YouTube view count, natural log',
    target: 'log_views',
    metric: 'mse',
    source: 'lvu',
  },
]);

/** The catalog task of that name, if any. */
export function findLvuTask(name: string): LvuTask | undefined {
  return LVU_TASKS.find((t) => t.name === name);
}

/**
 * Applies a regression target transform to raw values: `like_ratio_x10` takes
 * [likes, dislikes], `log_views` takes [views], `none` takes [value].
 */
export function transformTarget(transform: TargetTransform, raw: readonly number[]): number {
  if (transform === 'like_ratio_x10') {
    const [likes = Number.NaN, dislikes = Number.NaN] = raw;
    return (likes / (likes + dislikes)) * 10;
  }
  if (transform === 'log_views') return Math.log(raw[0] ?? Number.NaN);
  return raw[0] ?? Number.NaN;
}
