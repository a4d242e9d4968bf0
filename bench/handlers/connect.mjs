// $connect: one row per connection in the connections table.
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { CONNECTIONS, OK, db } from './aws.mjs';

export const handler = async (event) => {
  const { connectionId, domainName, stage, connectedAt } = event.requestContext;
  await db.send(new PutCommand({ TableName: CONNECTIONS, Item: { connectionId, domainName, stage, connectedAt } }));
  return OK;
};
