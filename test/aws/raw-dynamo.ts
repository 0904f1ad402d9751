import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Emulators } from './emulators';

/** A plain DynamoDB client on dynalite (table creation needs the low-level client). */
export function rawDynamo(emu: Emulators): DynamoDBClient {
  return new DynamoDBClient({ region: 'us-east-1', endpoint: emu.dynamoEndpoint, credentials: { accessKeyId: 't', secretAccessKey: 't' } });
}
