import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { buildTestApp, templatesOf, useDefaultTemplates } from './synth';

describe('data stacks (storage, queues, table, events)', () => {
  const app = useDefaultTemplates();

  describe('artifact bucket', () => {
    // The artifact bucket is the one with a name (the access-log bucket's is generated).
    const artifacts = { BucketName: Match.anyValue() };

    it('is encrypted at rest and blocks every kind of public access', () => {
      app.t.storage.hasResourceProperties('AWS::S3::Bucket', {
        ...artifacts,
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
      });
    });

    it('denies every request that is not over TLS', () => {
      app.t.storage.hasResourceProperties('AWS::S3::BucketPolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    });

    it('aborts incomplete multipart uploads after a day and keeps artifacts by default', () => {
      app.t.storage.hasResourceProperties('AWS::S3::Bucket', {
        ...artifacts,
        LifecycleConfiguration: {
          Rules: [{ Id: 'abort-incomplete-multipart', Status: 'Enabled', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } }],
        },
      });
    });

    it('expires artifacts under videos/ when artifactExpiryDays is set', () => {
      const variant = buildTestApp({ artifactExpiryDays: 30 });
      const storage = templatesOf(variant.stacks).storage;
      variant.dispose();
      storage.hasResourceProperties('AWS::S3::Bucket', {
        LifecycleConfiguration: {
          Rules: Match.arrayWith([{ Id: 'expire-artifacts', Status: 'Enabled', Prefix: 'videos/', ExpirationInDays: 30 }]),
        },
      });
    });

    it('lets browsers PUT parts and read the ETag for multipart completion', () => {
      app.t.storage.hasResourceProperties('AWS::S3::Bucket', {
        CorsConfiguration: { CorsRules: [Match.objectLike({ AllowedMethods: ['PUT', 'GET', 'HEAD'], ExposedHeaders: ['ETag'] })] },
      });
    });

    it('sends ObjectCreated (CompleteMultipartUpload included) for videos/*/source to the ingest queue', () => {
      app.t.storage.hasResourceProperties('Custom::S3BucketNotifications', {
        NotificationConfiguration: {
          QueueConfigurations: [
            {
              Events: ['s3:ObjectCreated:*'],
              QueueArn: Match.anyValue(),
              Filter: {
                Key: {
                  FilterRules: [
                    { Name: 'suffix', Value: '/source' },
                    { Name: 'prefix', Value: 'videos/' },
                  ],
                },
              },
            },
          ],
        },
      });
    });
  });

  describe('queues', () => {
    it.each([
      { name: 'ingest', maxReceiveCount: 5 },
      { name: 'gpu-tasks', maxReceiveCount: 3 },
      { name: 'cpu-tasks', maxReceiveCount: 3 },
    ])('$name has a DLQ after $maxReceiveCount receives, SSE and 14-day DLQ retention', ({ name, maxReceiveCount }) => {
      app.t.queues.hasResourceProperties('AWS::SQS::Queue', {
        QueueName: `lvu-dev-${name}`,
        SqsManagedSseEnabled: true,
        RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount },
      });
      app.t.queues.hasResourceProperties('AWS::SQS::Queue', { QueueName: `lvu-dev-${name}-dlq`, MessageRetentionPeriod: 14 * 86400 });
    });

    it('alarms on the depth of every DLQ and notifies an encrypted topic', () => {
      const alarms = app.t.queues.findResources('AWS::CloudWatch::Alarm', {
        Properties: { MetricName: 'ApproximateNumberOfMessagesVisible', Threshold: 1, AlarmActions: Match.anyValue() },
      });
      expect(Object.keys(alarms)).toHaveLength(3);
      app.t.queues.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    });

    it('lets only S3, from this account and the lvu bucket, send to the ingest queue', () => {
      app.t.queues.hasResourceProperties('AWS::SQS::QueuePolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Allow',
              Principal: { Service: 's3.amazonaws.com' },
              Condition: {
                ArnLike: { 'aws:SourceArn': Match.anyValue() },
                StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
              },
            }),
          ]),
        },
      });
    });
  });

  it('keeps metadata in one on-demand pk/sk table with point-in-time recovery and TTL', () => {
    app.t.table.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      Replicas: [
        Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true }, DeletionProtectionEnabled: true }),
      ],
    });
  });

  it('has an event bus archiving VideoAnalyzed and VideoFailed', () => {
    app.t.events.hasResourceProperties('AWS::Events::EventBus', { Name: 'lvu-dev' });
    app.t.events.hasResourceProperties('AWS::Events::Archive', {
      EventPattern: { source: ['lvu'], 'detail-type': ['VideoAnalyzed', 'VideoFailed'] },
    });
  });
});
