// {"action":"sendAll","room":"lobby","message":"hi"}: every member, the sender included, gets the
// message with the sender's name and the server's time. Only members may send to a room.
import { broadcast, findMembership, listMembers, OK, parseBody, readRoom, ROOM_ERROR, sendError } from './lib.mjs';

const MAX_MESSAGE_CHARS = 2000;

export const handler = async (event) => {
  const { connectionId } = event.requestContext;
  const body = parseBody(event);
  const room = readRoom(body);
  if (!room) return sendError(event, ROOM_ERROR);
  const { message } = body;
  if (typeof message !== 'string' || message.length === 0 || [...message].length > MAX_MESSAGE_CHARS) {
    return sendError(event, `message must be text of 1 to ${MAX_MESSAGE_CHARS} characters`);
  }
  // The membership item carries the sender's name, so one read checks both.
  const sender = await findMembership(room, connectionId);
  if (!sender) return sendError(event, `join ${room} first`);

  const members = await listMembers(room);
  await broadcast(event, members, { type: 'message', room, name: sender.name, message, at: new Date().toISOString() });
  return OK;
};
