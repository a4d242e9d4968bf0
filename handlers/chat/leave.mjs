// {"action":"leave","room":"lobby"}: the remaining members and the leaver get `left`. The leaver
// gets it too so the page can close the room on the server's word, not before.
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { broadcast, db, listMembers, OK, parseBody, post, readRoom, ROOM_ERROR, ROOMS_TABLE, sendError } from './lib.mjs';

export const handler = async (event) => {
  const { connectionId } = event.requestContext;
  const room = readRoom(parseBody(event));
  if (!room) return sendError(event, ROOM_ERROR);
  // ALL_OLD returns the deleted membership: its name, and whether there was one at all.
  const { Attributes } = await db.send(new DeleteCommand({ TableName: ROOMS_TABLE, Key: { room, connectionId }, ReturnValues: 'ALL_OLD' }));
  if (!Attributes) return sendError(event, `not in ${room}`);

  const message = { type: 'left', room, name: Attributes.name };
  const remaining = await listMembers(room);
  await Promise.all([broadcast(event, remaining, message), post(event, connectionId, message)]);
  return OK;
};
