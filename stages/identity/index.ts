/**
 * Identity across shots: pooled per-track descriptors (faces first, appearance optional) and
 * constrained average-linkage clustering into identities.
 */
export { clusterAverageLinkage, type DistanceMatrix } from './cluster';
export {
  identityConfig,
  IdentityConfigSchema,
  linkIdentities,
  meanDescriptor,
  poolDescriptors,
  storedDescriptor,
  trackDistance,
  FACE_THRESHOLD,
  APPEARANCE_THRESHOLD,
  type IdentityConfig,
  type PooledDescriptor,
  type TrackSamples,
} from './identities';
