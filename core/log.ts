import { z } from 'zod';
import { parseOrThrow } from './validate';

/**
 * The one log format of lvu's services (workers, Lambdas, `lvu serve`, `lvu batch`): one
 * JSON object per line with `time` (ISO 8601), `level`, `msg`, then the context fields
 * `videoId`, `taskId`, `chunk` and `stage` where known, then anything else the line carries.
 * The CLI's human output (progress bars, summaries, `lvu: CODE: message`) is not logging
 * and does not go through here.
 */
export const LogLevelSchema = z.enum(['debug', 'info', 'warn', 'error']);
export type LogLevel = z.infer<typeof LogLevelSchema>;

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** One log line, as written (extra fields pass through). */
export const LogLineSchema = z.looseObject({
  time: z.iso.datetime(),
  level: LogLevelSchema,
  msg: z.string().min(1),
  videoId: z.string().min(1).optional(),
  taskId: z.string().min(1).optional(),
  chunk: z.number().int().nonnegative().optional(),
  stage: z.string().min(1).optional(),
});
export type LogLine = z.infer<typeof LogLineSchema>;

/** `LVU_LOG_LEVEL` (debug | info | warn | error, default info). */
export const LogEnvSchema = z.object({ LVU_LOG_LEVEL: LogLevelSchema.default('info') });

/** Context carried by a logger and its children; the named ones are the shared vocabulary. */
export interface LogFields {
  videoId?: string;
  taskId?: string;
  chunk?: number;
  stage?: string;
  [field: string]: unknown;
}

/** Where finished lines go (one JSON object, no newline). */
export type LogSink = (line: string) => void;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line (a child's fields win over its parent's). */
  child(fields: LogFields): Logger;
}

export interface LoggerOptions {
  /** Lines below this level are dropped (default info). */
  level?: LogLevel;
  /** Default: stderr, one line per entry. */
  sink?: LogSink;
  fields?: LogFields;
  now?: () => Date;
}

const CONTEXT_KEYS = ['videoId', 'taskId', 'chunk', 'stage'] as const;

/**
 * Creates a structured logger writing JSON lines to `sink` (stderr by default). Errors in
 * fields are written as `{name, code, message}` (plus `stack` for non-LvuErrors at level
 * error), so a line never spans two lines.
 *
 * @example
 *   const log = createLogger({ level: logLevelFromEnv(process.env) }).child({ videoId, stage: 'chunk' });
 *   log.info('task done', { chunk: 3, attempt: 1 });
 *   // {"time":"…","level":"info","msg":"task done","videoId":"v_1","chunk":3,"stage":"chunk","attempt":1}
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const min = RANK[options.level ?? 'info'];
  const sink = options.sink ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const now = options.now ?? (() => new Date());
  const base = options.fields ?? {};
  const write = (level: LogLevel, msg: string, fields: LogFields = {}) => {
    if (RANK[level] < min) return;
    const all: LogFields = { ...base, ...fields };
    const line: Record<string, unknown> = { time: now().toISOString(), level, msg };
    for (const key of CONTEXT_KEYS) if (all[key] !== undefined) line[key] = all[key];
    for (const [key, value] of Object.entries(all)) if (!(key in line) && value !== undefined) line[key] = serialize(value, level);
    sink(JSON.stringify(line));
  };
  return {
    debug: (msg, fields) => write('debug', msg, fields),
    info: (msg, fields) => write('info', msg, fields),
    warn: (msg, fields) => write('warn', msg, fields),
    error: (msg, fields) => write('error', msg, fields),
    child: (fields) => createLogger({ ...options, fields: { ...base, ...fields } }),
  };
}

function serialize(value: unknown, level: LogLevel): unknown {
  if (!(value instanceof Error)) return value;
  const code = (value as { code?: unknown }).code;
  const withStack = level === 'error' && typeof code !== 'string';
  return {
    name: value.name,
    ...(typeof code === 'string' ? { code } : {}),
    message: value.message,
    ...(withStack && value.stack ? { stack: value.stack } : {}),
  };
}

/** Parses `LVU_LOG_LEVEL` from `env`; a bad value fails naming the variable and the choices. */
export function logLevelFromEnv(env: Record<string, string | undefined>): LogLevel {
  return parseOrThrow(LogEnvSchema, { LVU_LOG_LEVEL: env['LVU_LOG_LEVEL'] || undefined }, 'log environment').LVU_LOG_LEVEL;
}

/** A logger at the level `LVU_LOG_LEVEL` asks for, writing to stderr (the entry points' logger). */
export function loggerFromEnv(env: Record<string, string | undefined>, fields: LogFields = {}): Logger {
  return createLogger({ level: logLevelFromEnv(env), fields });
}

/** A logger that drops everything (tests that do not look at logs). */
export function silentLogger(): Logger {
  return createLogger({ sink: () => undefined });
}
