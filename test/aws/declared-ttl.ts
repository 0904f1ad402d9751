import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { parseLvuConfig } from '../../infra/config';
import { TableStack } from '../../infra/stacks/table-stack';

/** The TTL attribute the CDK table declares, read from its synthesized template (not restated here). */
export function declaredTtlAttribute(): string {
  const app = new App();
  const stack = new TableStack(app, 'Table', { config: parseLvuConfig({}) });
  const tables = Template.fromStack(stack).findResources('AWS::DynamoDB::GlobalTable');
  const [table] = Object.values(tables) as { Properties: { TimeToLiveSpecification?: { AttributeName?: string; Enabled?: boolean } } }[];
  const spec = table?.Properties.TimeToLiveSpecification;
  if (!spec?.AttributeName || spec.Enabled === false) throw new Error('the table declares no TTL attribute');
  return spec.AttributeName;
}
