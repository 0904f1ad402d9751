export * from './errors';
export * from './validate';
export * from './contracts/video';
export * from './contracts/shots';
export type * from './ports/blob-store';
export { assertValidKey } from './ports/blob-store';
export type * from './ports/work-queue';
export type * from './ports/metadata-store';
