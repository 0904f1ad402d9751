import { z } from 'zod';
import { LvuError, hasCode } from '../errors';
import { registeredAnswerModels } from '../jobs/answers';
import type { PlatformDeps } from '../jobs/deps';
import { silentLogger, type Logger } from '../log';
import { BatchConfigSchema, type BatchConfig } from './config';
import { BATCH_PHASES, emptyCounts, type BatchCounts, type BatchPhase, type PhaseContext, type PhasePage, type Reanswerer } from './phase';
import { reanswerPage } from './reanswer';
import { runQueriesPage } from './run-queries';
import { sweepPage } from './sweep';

/** Where the batch cursor lives: one item, written after every page. */
const BATCH_STATE_KEY = { pk: 'batch', sk: 'state' } as const;

const BatchStateSchema = z.object({
  phase: z.enum(BATCH_PHASES),
  cursor: z.string().optional(),
  pass: z.number().int().nonnegative(),
  lastPassCompletedAt: z.string().optional(),
});
export type BatchState = z.infer<typeof BatchStateSchema>;

const PAGES: Record<BatchPhase, (ctx: PhaseContext, cursor: string | undefined) => Promise<PhasePage>> = {
  reanswer: reanswerPage,
  queries: runQueriesPage,
  sweep: sweepPage,
};

/** What `runBatch` needs beyond the platform. */
export interface BatchOptions {
  reanswer: Reanswerer;
  config?: Partial<BatchConfig>;
  /** Stop starting new pages at this time (ms since epoch), e.g. the Lambda's remaining time. */
  deadlineMs?: number;
  log?: Logger;
}

/** The report of one invocation. */
export interface BatchReport {
  counts: BatchCounts;
  /** True when this invocation finished a whole pass (all phases); the next starts over. */
  passCompleted: boolean;
  /** Where the next invocation resumes. */
  next: { pass: number; phase: BatchPhase; resumes: boolean };
}

/**
 * The scheduled batch analysis, one bounded invocation: re-answer videos whose answers
 * come from an older model version (from stored feature banks, never decoding video), run
 * saved queries that are due, and sweep stuck jobs and abandoned uploads. Work is paged:
 * at most `maxItemsPerRun` records are examined, the deadline is checked between pages,
 * and the cursor (phase + page cursor) is stored in the MetadataStore after every page, so
 * the next invocation resumes where this one stopped. At most one pass per invocation.
 * Concurrent invocations are refused (BATCH_BUSY) by a conditional write on the cursor.
 *
 * @example
 *   const report = await runBatch(deps, { reanswer: queuedReanswerer(deps) });
 */
export async function runBatch(deps: PlatformDeps, options: BatchOptions): Promise<BatchReport> {
  const config = BatchConfigSchema.parse(options.config ?? {});
  const counts = emptyCounts();
  const ctx: PhaseContext = {
    deps,
    config,
    reanswer: options.reanswer,
    models: await registeredAnswerModels(deps.meta),
    limit: 0,
    counts,
    log: options.log ?? silentLogger(),
  };
  let { state, version } = await readState(deps);
  let passCompleted = false;
  while (counts.examined < config.maxItemsPerRun && !pastDeadline(deps, options.deadlineMs)) {
    ctx.limit = Math.min(config.pageSize, config.maxItemsPerRun - counts.examined);
    const page = await PAGES[state.phase](ctx, state.cursor);
    counts.examined += page.examined;
    const advanced = advance(state, page.cursor, deps.now());
    version = await writeState(deps, advanced.state, version);
    state = advanced.state;
    if (advanced.passCompleted) {
      passCompleted = true;
      break;
    }
  }
  return { counts, passCompleted, next: { pass: state.pass, phase: state.phase, resumes: state.cursor !== undefined } };
}

/** The state after a page: same phase with the new cursor, the next phase, or a new pass. */
function advance(state: BatchState, cursor: string | undefined, now: Date): { state: BatchState; passCompleted: boolean } {
  if (cursor) return { state: { ...state, cursor }, passCompleted: false };
  const nextIndex = BATCH_PHASES.indexOf(state.phase) + 1;
  const base = { pass: state.pass, ...(state.lastPassCompletedAt ? { lastPassCompletedAt: state.lastPassCompletedAt } : {}) };
  if (nextIndex < BATCH_PHASES.length) return { state: { ...base, phase: BATCH_PHASES[nextIndex]! }, passCompleted: false };
  return { state: { phase: BATCH_PHASES[0], pass: state.pass + 1, lastPassCompletedAt: now.toISOString() }, passCompleted: true };
}

function pastDeadline(deps: PlatformDeps, deadlineMs: number | undefined): boolean {
  return deadlineMs !== undefined && deps.now().getTime() >= deadlineMs;
}

/** The stored cursor (a fresh one on first use) and its version for the conditional write. */
export async function readState(deps: Pick<PlatformDeps, 'meta'>): Promise<{ state: BatchState; version: number | null }> {
  const item = await deps.meta.get(BATCH_STATE_KEY.pk, BATCH_STATE_KEY.sk);
  const parsed = BatchStateSchema.safeParse(item?.data);
  // A cursor from an older layout restarts the pass: every phase is safe to repeat.
  return { state: parsed.success ? parsed.data : { phase: BATCH_PHASES[0], pass: 0 }, version: item ? item.version : null };
}

async function writeState(deps: PlatformDeps, state: BatchState, version: number | null): Promise<number> {
  try {
    return await deps.meta.put(BATCH_STATE_KEY.pk, BATCH_STATE_KEY.sk, state, { expectedVersion: version });
  } catch (err) {
    if (!hasCode(err, 'CONDITION_FAILED')) throw err;
    throw new LvuError('BATCH_BUSY', 'another batch run moved the cursor meanwhile; this run stops (its finished pages stand)', {
      cause: err,
    });
  }
}
