import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { PARTITION_KEY, SORT_KEY, TTL_ATTRIBUTE } from '../../adapters/aws/dynamo-schema';
import type { LvuConfig } from '../config';

/**
 * The single metadata table (videos, jobs, queries, API keys): `pk`/`sk` strings,
 * on-demand capacity (idle costs nothing), point-in-time recovery, and a TTL attribute
 * (`TTL_ATTRIBUTE`, shared with the adapter) for records that age out: ingest markers and
 * the tombstones of deleted videos.
 */
export class TableStack extends Stack {
  readonly table: dynamodb.TableV2;

  constructor(scope: Construct, id: string, props: StackProps & { config: LvuConfig }) {
    super(scope, id, props);
    this.table = new dynamodb.TableV2(this, 'Table', {
      tableName: `lvu-${props.config.stage}`,
      partitionKey: { name: PARTITION_KEY, type: dynamodb.AttributeType.STRING },
      sortKey: { name: SORT_KEY, type: dynamodb.AttributeType.STRING },
      billing: dynamodb.Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: TTL_ATTRIBUTE,
      deletionProtection: props.config.retainData,
      removalPolicy: props.config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
  }
}
