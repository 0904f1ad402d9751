/**
 * The job orchestration: records, the state machine, and the use cases the API, ingest and
 * workers call. Everything here talks to ports only (core imports nothing but zod).
 */
export * from './model';
export * from './tasks';
export * from './state';
export * from './deps';
export * from './videos';
export * from './api-keys';
export * from './uploads';
export * from './ingest';
export * from './outcomes';
export * from './run-tasks';
export * from './views';
export * from './delete';
export * from './answers';
export * from './activity';
