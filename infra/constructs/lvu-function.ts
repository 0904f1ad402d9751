import { existsSync } from 'node:fs';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { REPO_ROOT, repoPath } from '../paths';

/** What every lvu Lambda needs to know. */
export interface LvuFunctionProps {
  /** Repo-relative TypeScript entry exporting `handler`. */
  entry: string;
  description: string;
  environment: Record<string, string>;
  logRetentionDays: logs.RetentionDays;
  timeout?: Duration;
  memorySize?: number;
  /** Caps concurrency so a burst cannot exhaust the account's pool or the table. */
  reservedConcurrency?: number;
}

/**
 * A Node.js Lambda bundled by the locally installed esbuild (no Docker): ESM, minified,
 * source maps on, arm64, JSON logs, its own log group with a retention and a role that
 * may write only there (grants add the rest). The AWS SDK is bundled (not taken from the runtime) so the deployed code
 * runs exactly the SDK version the tests ran.
 */
export class LvuFunction extends Construct {
  readonly fn: NodejsFunction;

  constructor(scope: Construct, id: string, props: LvuFunctionProps) {
    super(scope, id);
    const entry = repoPath(props.entry);
    if (!existsSync(entry)) {
      throw new Error(`Lambda entry ${props.entry} does not exist (set lvu.functions.* in the CDK context to override)`);
    }
    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Own role instead of AWSLambdaBasicExecutionRole: write to this function's log group only.
    const role = new iam.Role(this, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    logGroup.grantWrite(role);
    this.fn = new NodejsFunction(this, 'Function', {
      role,
      entry,
      handler: 'handler',
      description: props.description,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      timeout: props.timeout ?? Duration.seconds(30),
      memorySize: props.memorySize ?? 512,
      reservedConcurrentExecutions: props.reservedConcurrency,
      environment: { ...props.environment, NODE_OPTIONS: '--enable-source-maps' },
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      projectRoot: REPO_ROOT,
      depsLockFilePath: repoPath('package-lock.json'),
      bundling: {
        format: OutputFormat.ESM,
        target: 'node24',
        minify: true,
        sourceMap: true,
        externalModules: [],
        mainFields: ['module', 'main'],
        // CommonJS dependencies bundled into ESM still call require().
        banner: "import { createRequire as __lvuCreateRequire } from 'module'; const require = __lvuCreateRequire(import.meta.url);",
        forceDockerBundling: false,
      },
    });
  }
}
