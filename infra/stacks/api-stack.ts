import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as events from 'aws-cdk-lib/aws-events';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { LvuConfig } from '../config';
import { LvuFunction } from '../constructs/lvu-function';
import { grantArtifacts } from '../grants';
import type { QueueWithDlq } from '../constructs/queue-with-dlq';
import { runtimeEnvironment } from '../runtime-env';
import { acknowledge } from '../nag';

/** Everything the API and ingest functions talk to. */
export interface ApiStackProps extends StackProps {
  config: LvuConfig;
  bucket: s3.IBucket;
  table: dynamodb.ITableV2;
  ingestQueue: sqs.IQueue;
  gpuTasks: QueueWithDlq;
  cpuTasks: QueueWithDlq;
  bus: events.IEventBus;
}

/** One JSON line per request in the access log (HTTP API v2 context variables). */
const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  time: '$context.requestTimeEpoch',
  method: '$context.httpMethod',
  route: '$context.routeKey',
  status: '$context.status',
  bytes: '$context.responseLength',
  latencyMs: '$context.responseLatency',
  integrationError: '$context.integrationErrorMessage',
});

/**
 * The HTTP API (API Gateway v2, `$default` stage with throttling and JSON access logs) in
 * front of the `api` Lambda (the same Hono app `lvu serve` runs), and the `ingest` Lambda
 * that turns S3 ObjectCreated events from the ingest queue into analysis jobs.
 */
export class ApiStack extends Stack {
  readonly httpApi: apigwv2.HttpApi;
  readonly apiFunction: LvuFunction;
  readonly ingestFunction: LvuFunction;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { config } = props;
    const environment = runtimeEnvironment(config, props);
    const retention = config.logRetentionDays as logs.RetentionDays;
    this.apiFunction = new LvuFunction(this, 'Api', {
      entry: config.functions.api,
      description: 'lvu HTTP API (Hono app behind API Gateway HTTP API v2)',
      environment,
      logRetentionDays: retention,
      timeout: Duration.seconds(29),
    });
    this.ingestFunction = new LvuFunction(this, 'Ingest', {
      entry: config.functions.ingest,
      description: 'lvu ingest: S3 ObjectCreated (via SQS) → job record → chunk tasks',
      environment,
      logRetentionDays: retention,
      timeout: Duration.seconds(60),
      reservedConcurrency: 10,
    });
    this.grant(props);
    this.ingestFunction.fn.addEventSource(
      new SqsEventSource(props.ingestQueue, { batchSize: 10, maxBatchingWindow: Duration.seconds(2), reportBatchItemFailures: true }),
    );
    this.httpApi = this.createHttpApi(config, retention);
    acknowledge(this.httpApi, {
      id: 'AwsSolutions-APIG4',
      reason:
        'Authentication is done by the api Lambda (API keys stored hashed in DynamoDB, checked per request); /health and the upload page are public by design.',
    });
  }

  /** Least privilege: each function gets the data-plane actions it uses, on our resources only. */
  private grant(props: ApiStackProps): void {
    const api = this.apiFunction.fn;
    grantArtifacts(api.role!, props.config.stage, ['read', 'write', 'delete']);
    props.table.grantReadWriteData(api);
    props.gpuTasks.queue.grantSendMessages(api);
    props.cpuTasks.queue.grantSendMessages(api);
    const ingest = this.ingestFunction.fn;
    grantArtifacts(ingest.role!, props.config.stage, ['read']);
    props.table.grantReadWriteData(ingest);
    props.gpuTasks.queue.grantSendMessages(ingest);
    props.cpuTasks.queue.grantSendMessages(ingest);
    props.bus.grantPutEventsTo(ingest);
  }

  private createHttpApi(config: LvuConfig, retention: logs.RetentionDays): apigwv2.HttpApi {
    const httpApi = new apigwv2.HttpApi(this, 'HttpApi', {
      apiName: `lvu-${config.stage}`,
      createDefaultStage: false,
      defaultIntegration: new HttpLambdaIntegration('ApiIntegration', this.apiFunction.fn),
      corsPreflight: {
        allowOrigins: [...config.corsOrigins],
        allowMethods: [apigwv2.CorsHttpMethod.ANY],
        allowHeaders: ['authorization', 'content-type', 'x-api-key'],
        maxAge: Duration.hours(1),
      },
    });
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', { retention });
    new apigwv2.HttpStage(this, 'DefaultStage', {
      httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: config.api.throttleRatePerSec, burstLimit: config.api.throttleBurst },
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(accessLogs),
        format: apigw.AccessLogFormat.custom(ACCESS_LOG_FORMAT),
      },
    });
    return httpApi;
  }
}
