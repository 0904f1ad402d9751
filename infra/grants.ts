import * as iam from 'aws-cdk-lib/aws-iam';
import { bucketArnFor } from './naming';
import { acknowledge } from './nag';

/** Every artifact lives under this prefix; no role may touch other keys. */
export const ARTIFACT_PREFIX = 'videos/';

/** What a role may do with artifact objects. Named actions only, never `s3:Get*`-style wildcards. */
const OBJECT_ACTIONS = {
  read: ['s3:GetObject'],
  write: ['s3:PutObject', 's3:AbortMultipartUpload'],
  delete: ['s3:DeleteObject'],
} as const;

/**
 * Grants named S3 actions on `videos/*` of the artifact bucket, plus `s3:ListBucket`
 * limited to that prefix (needed for prefix listing and to get 404 instead of 403 on
 * absent keys). Replaces CDK's `grantReadWrite`, whose `s3:GetObject*`/`s3:List*`/
 * `s3:Abort*` wildcards are broader than lvu needs. Acknowledges the one unavoidable
 * finding: a key wildcard under the prefix.
 */
export function grantArtifacts(role: iam.IRole, stage: string, access: readonly (keyof typeof OBJECT_ACTIONS)[]): void {
  // ARNs from the deterministic bucket name, not cross-stack tokens: the policies stay
  // readable, and the stacks do not export/import the bucket for grants.
  const bucketArn = bucketArnFor(stage);
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: `Artifacts${access.map((a) => a[0]!.toUpperCase() + a.slice(1)).join('')}`,
      actions: access.flatMap((a) => OBJECT_ACTIONS[a]),
      resources: [`${bucketArn}/${ARTIFACT_PREFIX}*`],
    }),
  );
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'ArtifactsList',
      actions: ['s3:ListBucket'],
      resources: [bucketArn],
      conditions: { StringLike: { 's3:prefix': [`${ARTIFACT_PREFIX}*`] } },
    }),
  );
  acknowledge(role, {
    id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::lvu-${stage}-<AWS::AccountId>-<AWS::Region>/${ARTIFACT_PREFIX}*]`,
    reason: `Object access is limited to keys under ${ARTIFACT_PREFIX} in the one artifact bucket; S3 object ARNs need a key wildcard.`,
  });
}
