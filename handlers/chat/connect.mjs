// $connect: remember the connection and its display name. Nothing is posted here: the connection
// exists only once this returns 200, so a PostToConnection now fails with GoneException (the
// article's "Going away" exception). The page learns its name from its first `joined`.
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { CONNECTIONS_TABLE, db } from './lib.mjs';

const MAX_NAME_CHARS = 32;
// API Gateway closes every connection after 2 hours; `$disconnect` normally deletes the item.
// TTL is the safety net for the times it does not run to the end (a throttled or failing
// function). The margin keeps the item for a `$disconnect` that runs late.
const MAX_CONNECTION_SECONDS = 2 * 60 * 60;
const TTL_MARGIN_SECONDS = 15 * 60;

export const handler = async (event) => {
  const { connectionId, connectedAt } = event.requestContext;
  const name = pickName(event.queryStringParameters?.name);
  const expiresAt = Math.floor(connectedAt / 1000) + MAX_CONNECTION_SECONDS + TTL_MARGIN_SECONDS;
  await db.send(new PutCommand({ TableName: CONNECTIONS_TABLE, Item: { connectionId, name, connectedAt, expiresAt } }));
  return { statusCode: 200 };
};

/**
 * The `name` query parameter, trimmed and cut to 32 characters (code points, so an emoji is not
 * split); a missing or blank one gets a guest name. A name is never a reason to refuse: the
 * client could only show "502" for it.
 */
function pickName(raw) {
  const name = [...(raw ?? '').trim()].slice(0, MAX_NAME_CHARS).join('').trim();
  return name || `guest-${Math.floor(1000 + Math.random() * 9000)}`;
}
