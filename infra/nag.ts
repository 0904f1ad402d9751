import { Validations, type Acknowledgment } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * Acknowledges cdk-nag findings on a construct and its children (cdk-nag 3 reads CDK's
 * native acknowledgements). Each acknowledgement names one finding (`Rule[FindingId]`
 * for multi-finding rules such as IAM5) and carries the reason it is acceptable.
 */
export function acknowledge(scope: IConstruct, ...rules: Acknowledgment[]): void {
  Validations.of(scope).acknowledge(...rules);
}

/**
 * Constructs that aws-cdk-lib adds on its own (custom-resource handlers for bucket
 * notifications and auto-delete), matched by id prefix, and why their findings are
 * accepted. Acknowledgements apply to those subtrees only.
 */
const CDK_INTERNALS: { idPrefix: string; rules: Acknowledgment[] }[] = [
  {
    idPrefix: 'BucketNotificationsHandler',
    rules: [
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: 'CDK-internal handler: the managed basic execution role only lets it write its own logs.',
      },
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'CDK-internal handler: aws-cdk-lib grants s3:PutBucketNotification on "*"; it is only invoked for this stack\'s bucket.',
      },
    ],
  },
  {
    idPrefix: 'Custom::S3AutoDeleteObjectsCustomResourceProvider',
    rules: [{ id: 'AwsSolutions-L1', reason: 'CDK-internal provider (retainData=false only): aws-cdk-lib pins its runtime.' }],
  },
];

/** Applies the CDK_INTERNALS acknowledgements everywhere under `root` (call after all stacks exist). */
export function acknowledgeCdkInternals(root: IConstruct): void {
  for (const node of root.node.findAll()) {
    const entry = CDK_INTERNALS.find((e) => node.node.id.startsWith(e.idPrefix));
    if (entry) acknowledge(node, ...entry.rules);
  }
}
