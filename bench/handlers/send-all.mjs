// sendAll: read the room's members (every page of the Query) and post the message to all of them
// at once. A member that is gone (410) is a stale row, removed as AWS's chat example does
// (https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-api-chat-app.html).
import { DeleteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { CONNECTIONS, OK, ROOMS, db, isGone, postTo, readBody } from './aws.mjs';

export const handler = async (event) => {
  const body = readBody(event);
  const room = typeof body.room === 'string' ? body.room : 'lobby';
  const message = JSON.stringify({ type: 'msg', from: event.requestContext.connectionId, data: body.data });
  const members = await listMembers(room);
  await Promise.all(members.map((connectionId) => postTo(event, connectionId, message).catch((error) => {
    if (!isGone(error)) throw error;
    return dropMember(room, connectionId);
  })));
  return OK;
};

async function listMembers(room) {
  const members = [];
  let ExclusiveStartKey;
  do {
    const page = await db.send(new QueryCommand({
      TableName: ROOMS,
      KeyConditionExpression: '#room = :room',
      ExpressionAttributeNames: { '#room': 'room' },
      ExpressionAttributeValues: { ':room': room },
      ExclusiveStartKey,
    }));
    for (const item of page.Items ?? []) members.push(item.connectionId);
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey !== undefined);
  return members;
}

async function dropMember(room, connectionId) {
  await db.send(new DeleteCommand({ TableName: ROOMS, Key: { room, connectionId } }));
  await db.send(new DeleteCommand({ TableName: CONNECTIONS, Key: { connectionId } }));
}
