export * from './safetensors';
export * from './build';
export * from './bank-io';
export * from './lvu-format';
export { POSE_ENCODER, poseFeature } from './pose';
export { nearestWithin } from './resample';
