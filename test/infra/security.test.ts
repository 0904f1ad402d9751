import type { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsEnvSchema } from '../../adapters/aws/env';
import { parseLvuConfig } from '../../infra/config';
import { buildTestApp, type TestApp } from './synth';

type Statement = { Effect: string; Action: unknown; Resource: unknown };

/** Every IAM statement of every policy (managed, inline, role inline) in a template. */
function statementsOf(template: Template): Statement[] {
  const out: Statement[] = [];
  const json = template.toJSON() as { Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }> };
  for (const r of Object.values(json.Resources)) {
    const p = r.Properties ?? {};
    const docs = [p.PolicyDocument, ...((p.Policies as { PolicyDocument: unknown }[] | undefined) ?? []).map((x) => x.PolicyDocument)];
    if (!['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::Role'].includes(r.Type)) continue;
    for (const doc of docs) out.push(...((doc as { Statement?: Statement[] } | undefined)?.Statement ?? []));
  }
  return out;
}

const list = (x: unknown): unknown[] => (Array.isArray(x) ? x : [x]);

/** A config variant for each branch of the stacks that changes IAM or resources. */
const VARIANTS = [
  { name: 'defaults', config: {} },
  {
    name: 'no NAT, spot GPUs, data not retained, alarm e-mail, expiry',
    config: { network: { natGateways: 0 }, gpu: { spot: true }, retainData: false, alarmEmail: 'ops@example.com', artifactExpiryDays: 7 },
  },
  { name: 'prebuilt ECR worker image', config: { workerImageUri: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/lvu-worker:1.0.0' } },
];

describe.each(VARIANTS)('security with $name', ({ config }) => {
  let built: TestApp;
  beforeAll(() => {
    built = buildTestApp(config);
  });
  afterAll(() => built.dispose());

  it('has no IAM statement allowing "*" actions or service-wide wildcards', () => {
    // Prepare / Act
    const statements = Object.values(built.stacks).flatMap((s) => statementsOf(Template.fromStack(s as Stack)));
    const allows = statements.filter((s) => s.Effect === 'Allow');
    // Assess
    expect(allows.length).toBeGreaterThan(10);
    for (const s of allows) {
      const actions = list(s.Action).map(String);
      expect(actions, JSON.stringify(s)).not.toContain('*');
      expect(
        actions.filter((a) => /^[a-z0-9-]+:\*$/.test(a)),
        JSON.stringify(s),
      ).toEqual([]);
    }
  });

  it('passes cdk-nag AwsSolutions with zero unacknowledged errors or warnings', () => {
    const report = new AwsSolutionsChecks().validateScope(built.app);
    const findings = report.violations.map((v) => `${v.ruleName} @ ${v.violatingResources.map((r) => r.constructPath).join(', ')}`);
    expect(findings).toEqual([]);
    expect(report.success).toBe(true);
  });
});

describe('cdk-nag as the real app runs it (a validation plugin)', () => {
  it('lets synthesis finish when there are no findings', () => {
    const built = buildTestApp();
    expect(() => built.app.synth()).not.toThrow();
    built.dispose();
  });

  it('interrupts synthesis on a finding, so a regression cannot deploy', () => {
    // Prepare: a queue without a DLQ and without TLS enforcement.
    const built = buildTestApp();
    new sqs.Queue(built.stacks.queues, 'Careless');
    // Act / Assess
    expect(() => built.app.synth()).toThrow(/AwsSolutions-SQS3|AwsSolutions-SQS4/);
    built.dispose();
  });
});

describe('runtime environment contract', () => {
  it('gives every Lambda an environment the AWS adapters accept (plus the region Lambda sets)', () => {
    const { stacks, dispose } = buildTestApp();
    const fns = [stacks.api, stacks.schedule].flatMap((s) =>
      Object.values(Template.fromStack(s).findResources('AWS::Lambda::Function')).map(
        (r) => (r.Properties as { Environment: { Variables: Record<string, unknown> } }).Environment.Variables,
      ),
    );
    expect(fns).toHaveLength(3);
    for (const vars of fns) {
      // Tokens (Refs to queues, tables) stand in for values only known at deploy time.
      const concrete = Object.fromEntries(
        Object.entries(vars).map(([k, v]) => [
          k,
          typeof v === 'string' ? v : k.endsWith('_URL') ? 'https://sqs.eu-west-1.amazonaws.com/1/q' : 'deploy-time-value',
        ]),
      );
      const parsed = awsEnvSchema.safeParse({ ...concrete, AWS_REGION: 'eu-west-1' });
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    }
    dispose();
  });
});

describe('configuration', () => {
  it.each([
    { name: 'an unknown key', input: { stag: 'prod' }, path: 'lvu' },
    { name: 'an invalid stage name', input: { stage: 'Prod_1' }, path: 'lvu.stage' },
    { name: 'a non-GPU instance type', input: { gpu: { instanceType: 'm5.large' } }, path: 'lvu.gpu.instanceType' },
    { name: 'a Fargate CPU size Fargate does not offer', input: { cpu: { cpu: 3000 } }, path: 'lvu.cpu.cpu' },
    { name: 'a bad schedule expression', input: { schedule: { expression: 'every hour' } }, path: 'lvu.schedule.expression' },
    { name: 'JSON that does not parse', input: '{stage:', path: 'not JSON' },
  ])('rejects $name, naming where', ({ input, path }) => {
    expect(() => parseLvuConfig(input)).toThrow(path);
  });

  it('accepts the context as a JSON string (cdk synth -c lvu=...) and fills defaults', () => {
    const config = parseLvuConfig('{"stage":"prod","gpu":{"maxInstances":4}}');
    expect(config).toMatchObject({ stage: 'prod', gpu: { maxInstances: 4, instanceType: 'g5.xlarge' }, cpu: { maxTasks: 4 } });
    expect(Object.isFrozen(config)).toBe(true);
  });
});
