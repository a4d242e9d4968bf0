// $disconnect: delete the connection's row and, when it had joined a room, its membership.
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { CONNECTIONS, OK, ROOMS, db } from './aws.mjs';

export const handler = async (event) => {
  const { connectionId } = event.requestContext;
  const { Attributes } = await db.send(new DeleteCommand({ TableName: CONNECTIONS, Key: { connectionId }, ReturnValues: 'ALL_OLD' }));
  if (typeof Attributes?.room === 'string') {
    await db.send(new DeleteCommand({ TableName: ROOMS, Key: { room: Attributes.room, connectionId } }));
  }
  return OK;
};
