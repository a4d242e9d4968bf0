// join: add the sender to a room, note the room on its connection row (so $disconnect can remove
// the membership) and acknowledge with {"type":"joined"}.
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { CONNECTIONS, OK, ROOMS, db, postTo, readBody } from './aws.mjs';

export const handler = async (event) => {
  const { connectionId } = event.requestContext;
  const { room: asked } = readBody(event);
  const room = typeof asked === 'string' ? asked : 'lobby';
  await db.send(new PutCommand({ TableName: ROOMS, Item: { room, connectionId } }));
  await db.send(new UpdateCommand({
    TableName: CONNECTIONS,
    Key: { connectionId },
    UpdateExpression: 'SET #room = :room',
    ExpressionAttributeNames: { '#room': 'room' },
    ExpressionAttributeValues: { ':room': room },
  }));
  await postTo(event, connectionId, { type: 'joined', room });
  return OK;
};
