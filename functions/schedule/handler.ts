import { awsPlatformDeps } from '../../adapters/aws';
import { batchConfigFromEnv } from '../../core/batch/config';
import { loggerFromEnv } from '../../core/log';
import { createScheduleHandler } from './schedule-handler';

/**
 * The `schedule` Lambda (AWS entry), invoked by EventBridge Scheduler: one bounded,
 * resumable batch run (stale answers → `answers` tasks, due saved queries, stuck-job and
 * abandoned-upload sweeps). The environment is parsed with zod once, when the container
 * starts; a bad variable fails the cold start with its name.
 */
const deps = awsPlatformDeps(process.env);

/** Scheduler event → batch report (also logged as one JSON line, `msg: "batch run"`). */
export const handler = createScheduleHandler(deps, batchConfigFromEnv(process.env), loggerFromEnv(process.env));
