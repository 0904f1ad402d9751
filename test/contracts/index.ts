/**
 * Shared port contract suites. An adapter's test file calls each with a factory, e.g.
 * `blobStoreContract('s3', makeS3Store)`; the suites define the `describe` blocks.
 */
export { blobStoreContract, type BlobStoreFixture } from './blob-store.contract';
export { workQueueContract, type WorkQueueFixture } from './work-queue.contract';
export { metadataStoreContract, type MetadataStoreFixture } from './metadata-store.contract';
