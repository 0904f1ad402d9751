import { z } from 'zod';

/**
 * Deployment configuration, read from CDK context key `lvu` (cdk.json, or
 * `-c lvu='{"stage":"prod",...}'`) and validated once at synth. Defaults describe a small,
 * scale-to-zero deployment; every field is documented in the README's deploy guide.
 */
export const lvuConfigSchema = z
  .object({
    /** Prefix of stack and resource names; one account can hold several stages. */
    stage: z
      .string()
      .regex(/^[a-z][a-z0-9-]{1,20}$/)
      .default('dev'),
    /** Days before analysed artifacts (`videos/`) expire; 0 keeps them forever. */
    artifactExpiryDays: z.number().int().min(0).max(3650).default(0),
    /** Days after which incomplete multipart uploads are aborted (and their parts freed). */
    abortMultipartAfterDays: z.number().int().min(1).max(30).default(1),
    /** Origins allowed to upload from the browser with presigned URLs. */
    corsOrigins: z.array(z.string().min(1)).default(['*']),
    /** Keep data (bucket, table) when the stacks are destroyed. */
    retainData: z.boolean().default(true),
    logRetentionDays: z.union([z.literal(7), z.literal(14), z.literal(30), z.literal(90), z.literal(365)]).default(30),
    /** Where DLQ alarms notify; none → alarms only show in CloudWatch. */
    alarmEmail: z.email().optional(),
    api: z
      .object({
        throttleRatePerSec: z.number().int().min(1).max(10_000).default(50),
        throttleBurst: z.number().int().min(1).max(5_000).default(100),
      })
      .prefault({}),
    network: z
      .object({
        maxAzs: z.number().int().min(1).max(3).default(2),
        /**
         * NAT gateways for workers in private subnets. 0 → workers run in public subnets
         * with public IPs (no NAT cost; inbound is still closed by security groups).
         */
        natGateways: z.number().int().min(0).max(3).default(1),
      })
      .prefault({}),
    gpu: z
      .object({
        instanceType: z
          .string()
          .regex(/^(g4dn|g5|g6|g6e|p3|p4d|p5)\.[a-z0-9]+$/)
          .default('g5.xlarge'),
        maxInstances: z.number().int().min(1).max(100).default(2),
        /** Queue messages (chunks) one GPU task should have waiting before another starts. */
        backlogPerTask: z.number().int().min(1).max(1000).default(4),
        maxTasks: z.number().int().min(1).max(100).default(2),
        memoryMiB: z.number().int().min(1024).default(14_336),
        cpu: z.number().int().min(256).default(3584),
        spot: z.boolean().default(false),
      })
      .prefault({}),
    cpu: z
      .object({
        /** Fargate size; merge and transformer stages are light. */
        cpu: z.union([z.literal(1024), z.literal(2048), z.literal(4096), z.literal(8192)]).default(2048),
        memoryMiB: z.number().int().min(2048).max(61_440).default(4096),
        backlogPerTask: z.number().int().min(1).max(1000).default(10),
        maxTasks: z.number().int().min(1).max(100).default(4),
      })
      .prefault({}),
    schedule: z
      .object({
        /** EventBridge Scheduler expression for batch analysis and sweeps. */
        expression: z
          .string()
          .regex(/^(rate|cron)\(.+\)$/)
          .default('rate(15 minutes)'),
        retryAttempts: z.number().int().min(0).max(185).default(3),
        maxEventAgeMinutes: z.number().int().min(1).max(1440).default(60),
      })
      .prefault({}),
    /**
     * A prebuilt worker image (e.g. `123.dkr.ecr.eu-west-1.amazonaws.com/lvu-worker:1.2.0`).
     * Absent → the image is built from `gpu-workers/Dockerfile` at deploy (needs Docker).
     */
    workerImageUri: z.string().min(1).optional(),
    /** Lambda entry files (repo-relative); overridable so infra tests can use fixtures. */
    functions: z
      .object({
        api: z.string().default('functions/api/lambda.ts'),
        ingest: z.string().default('functions/ingest/handler.ts'),
        schedule: z.string().default('functions/schedule/handler.ts'),
      })
      .prefault({}),
  })
  .strict();

/** The validated, defaulted configuration the stacks receive. */
export type LvuConfig = Readonly<z.output<typeof lvuConfigSchema>>;

/** Parses the `lvu` context value; a bad field fails synth with its path named. */
export function parseLvuConfig(input: unknown): LvuConfig {
  // `cdk synth -c lvu='{"stage":"prod"}'` passes the value as a string.
  const value = typeof input === 'string' ? parseJsonContext(input) : input;
  const result = lvuConfigSchema.safeParse(value ?? {});
  if (result.success) return Object.freeze(result.data);
  const lines = result.error.issues.map((i) => `  lvu.${i.path.map(String).join('.')}: ${i.message}`);
  throw new Error(`invalid CDK context "lvu":\n${lines.join('\n')}`);
}

function parseJsonContext(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new Error(`invalid CDK context "lvu": not JSON (${(err as Error).message})`);
  }
}
