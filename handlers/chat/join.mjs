// {"action":"join","room":"lobby"}: every member, the joiner included, gets `joined`; then the
// joiner alone gets the sorted `members` list, so the page can show who is there.
//
// Joining a room one is already in is idempotent: the conditional put fails, nobody gets a second
// `joined` (the others already know), and the joiner gets `members` again, which lets a page that
// lost its state resynchronise. The condition makes this hold for two joins racing each other too.
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { broadcast, db, findName, listMembers, OK, parseBody, post, readRoom, ROOM_ERROR, ROOMS_TABLE, sendError } from './lib.mjs';

export const handler = async (event) => {
  const { connectionId } = event.requestContext;
  const room = readRoom(parseBody(event));
  if (!room) return sendError(event, ROOM_ERROR);
  const name = await findName(connectionId);
  // No item: `$connect` did not store it, or TTL removed it. Only a new connection fixes that.
  if (name === undefined) return sendError(event, 'unknown connection: reconnect');

  const added = await putMembership({ room, connectionId, name });
  const members = await listMembers(room);
  if (added) await broadcast(event, members, { type: 'joined', room, name });
  const names = members.map((member) => member.name).sort();
  await post(event, connectionId, { type: 'members', room, members: names });
  return OK;
};

/** True when the membership is new, false when it already existed. */
async function putMembership(item) {
  try {
    await db.send(new PutCommand({ TableName: ROOMS_TABLE, Item: item, ConditionExpression: 'attribute_not_exists(connectionId)' }));
    return true;
  } catch (error) {
    if (error?.name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}
