import { Aws } from 'aws-cdk-lib';

/**
 * The bucket's name, derived from stage, account and region so that the queues stack can
 * name it in the ingest queue's policy without a cross-stack reference (the bucket's
 * notification already references the queue; a reference back would be a cycle).
 */
export function bucketNameFor(stage: string): string {
  return `lvu-${stage}-${Aws.ACCOUNT_ID}-${Aws.REGION}`;
}

/** The ARN of that bucket. */
export function bucketArnFor(stage: string): string {
  return `arn:${Aws.PARTITION}:s3:::${bucketNameFor(stage)}`;
}
