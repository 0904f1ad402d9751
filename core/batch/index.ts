/**
 * Scheduled batch analysis: re-answering from stored feature banks when a newer model is
 * registered, saved recurring queries, and sweeps of stuck jobs and abandoned uploads —
 * bounded per invocation and resumable from a cursor in the MetadataStore.
 */
export * from './config';
export * from './phase';
export * from './reanswer';
export * from './queries';
export * from './query-contracts';
export * from './run-queries';
export * from './sweep';
export * from './run-batch';
