import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { LvuConfig } from '../config';
import { bucketNameFor } from '../naming';
import { acknowledge } from '../nag';

/** Server access logs are kept this long (audit of who fetched which video). */
const ACCESS_LOG_DAYS = 90;

/**
 * S3 notification target for the ingest queue that does not edit the queue's policy (the
 * queues stack grants S3 access itself; editing it here would make the stacks depend on
 * each other both ways).
 */
class IngestQueueDestination implements s3.IBucketNotificationDestination {
  constructor(private readonly queue: sqs.IQueue) {}
  bind(): s3.BucketNotificationDestinationConfig {
    return { arn: this.queue.queueArn, type: s3.BucketNotificationDestinationType.QUEUE };
  }
}

/**
 * The artifact bucket: SSE-S3, public access blocked, TLS only, server access logs,
 * incomplete multipart uploads aborted, optional artifact expiry, CORS for presigned
 * browser uploads (ETag exposed for multipart), and ObjectCreated (PUT, POST, copy and
 * CompleteMultipartUpload) on `videos/{id}/source` sent to the ingest queue.
 */
export class StorageStack extends Stack {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: StackProps & { config: LvuConfig; ingestQueue: sqs.IQueue }) {
    super(scope, id, props);
    const { config } = props;
    const removal = config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const accessLogs = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(ACCESS_LOG_DAYS) }],
      removalPolicy: removal,
      autoDeleteObjects: !config.retainData,
    });
    acknowledge(accessLogs, { id: 'AwsSolutions-S1', reason: 'This is the access-log bucket; logging it into itself would loop.' });
    this.bucket = new s3.Bucket(this, 'Artifacts', {
      bucketName: bucketNameFor(config.stage),
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'artifacts/',
      lifecycleRules: lifecycleRules(config),
      cors: [
        {
          allowedMethods: [s3.HttpMethods.PUT, s3.HttpMethods.GET, s3.HttpMethods.HEAD],
          allowedOrigins: [...config.corsOrigins],
          allowedHeaders: ['*'],
          exposedHeaders: ['ETag'],
          maxAge: 3600,
        },
      ],
      removalPolicy: removal,
      autoDeleteObjects: !config.retainData,
    });
    this.bucket.addEventNotification(s3.EventType.OBJECT_CREATED, new IngestQueueDestination(props.ingestQueue), {
      prefix: 'videos/',
      suffix: '/source',
    });
  }
}

function lifecycleRules(config: LvuConfig): s3.LifecycleRule[] {
  const rules: s3.LifecycleRule[] = [
    { id: 'abort-incomplete-multipart', abortIncompleteMultipartUploadAfter: Duration.days(config.abortMultipartAfterDays) },
  ];
  if (config.artifactExpiryDays > 0) {
    rules.push({ id: 'expire-artifacts', prefix: 'videos/', expiration: Duration.days(config.artifactExpiryDays) });
  }
  return rules;
}
