/**
 * Tasks users teach lvu: definitions and labels (MetadataStore), training on stored span
 * embeddings (CPU queue), versioned heads (HeadStore over the BlobStore), and the re-answer
 * of a tenant's videos when a head changes.
 */
export * from './contracts';
export * from './head-store';
export * from './repository';
export * from './define';
export * from './labels';
export * from './csv';
export * from './train';
export * from './reanswer';
export * from './current-heads';
