// Entry of a chunk worker thread (stages/chunk-threads.ts): the thread loads the
// TypeScript sources through tsx, as bin/lvu.mjs does for the main thread.
import { register } from 'tsx/esm/api';

register();
await import('./chunk-thread.ts');
