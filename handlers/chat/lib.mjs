// Shared by the chat room's handlers: SDK clients, table names, and the DynamoDB and @connections
// calls every route needs. Written for the Node.js 20 Lambda runtime, which provides the AWS SDK v3,
// so this folder installs nothing.
//
// State lives in DynamoDB only. The article's video keeps connections and rooms in global
// variables; that only seems to work while one execution environment serves everyone. Lambda runs
// several environments side by side, each with its own globals, so rooms would split and members
// go missing. Module scope holds SDK clients, which are safe to reuse across invocations.
import { ApiGatewayManagementApiClient, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';

export const CONNECTIONS_TABLE = process.env.CONNECTIONS_TABLE || 'chat-connections';
export const ROOMS_TABLE = process.env.ROOMS_TABLE || 'chat-rooms';
/** The `chat-rooms` GSI (hash `connectionId`, range `room`): a connection's rooms without a Scan. */
export const BY_CONNECTION_INDEX = 'byConnection';
export const MAX_ROOM_CHARS = 64;

export const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));

// One client per endpoint (in practice one: the API's stage), created on first use.
const managementClients = new Map();

/**
 * The @connections endpoint, from the event. The console shows it as `https://…/stage/@connections`,
 * but the SDK appends `/@connections/{id}` itself: keep the suffix and every post fails with 404
 * (the article's "Connection Endpoint" mistake). The scheme matters too: without `https://` the SDK
 * throws `TypeError: Invalid URL`.
 */
function managementClient(event) {
  const { domainName, stage } = event.requestContext;
  const endpoint = `https://${domainName}/${stage}`;
  let client = managementClients.get(endpoint);
  if (!client) {
    client = new ApiGatewayManagementApiClient({ endpoint });
    managementClients.set(endpoint, client);
  }
  return client;
}

/**
 * Sends `message` (JSON) to one connection. A connection that is gone (410) is forgotten: its
 * memberships and its item are deleted, so later broadcasts stop trying it. Check the error's
 * name: a 410 has an empty body, so the SDK's message is just "UnknownError".
 * Never call this from `$connect`: the connection exists only after `$connect` returns, so AWS
 * answers GoneException (the article's "Going away" exception).
 */
export async function post(event, connectionId, message) {
  try {
    await managementClient(event).send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: JSON.stringify(message) }));
  } catch (error) {
    if (error?.name !== 'GoneException') throw error;
    console.log(`connection ${connectionId} is gone; removing it`);
    await removeConnection(connectionId);
  }
}

/**
 * Posts to every member in parallel; `allSettled` so one stale or failing member neither blocks
 * nor cancels the others. Failures other than GoneException (handled in `post`) are logged.
 */
export async function broadcast(event, members, message) {
  const results = await Promise.allSettled(members.map((member) => post(event, member.connectionId, message)));
  results.forEach((result, index) => {
    if (result.status === 'rejected') console.error(`post to ${members[index].connectionId} failed:`, result.reason);
  });
}

/** Tells the sender what went wrong, in the protocol's error shape; resolves to the route's result. */
export async function sendError(event, message) {
  await post(event, event.requestContext.connectionId, { type: 'error', message });
  return OK;
}

/** A message route's result. API Gateway ignores it for one-way routes; a 200 keeps logs clean. */
export const OK = Object.freeze({ statusCode: 200 });

/** The connection's display name, stored by `$connect`; undefined when there is no item. */
export async function findName(connectionId) {
  const { Item } = await db.send(new GetCommand({ TableName: CONNECTIONS_TABLE, Key: { connectionId } }));
  return Item?.name;
}

/** The connection's membership item in `room` (`{ room, connectionId, name }`), or undefined. */
export async function findMembership(room, connectionId) {
  const { Item } = await db.send(new GetCommand({ TableName: ROOMS_TABLE, Key: { room, connectionId }, ConsistentRead: true }));
  return Item;
}

/** Every membership item of `room`. A consistent read, so a join just written is included. */
export async function listMembers(room) {
  return queryAll({ TableName: ROOMS_TABLE, KeyConditionExpression: 'room = :room', ExpressionAttributeValues: { ':room': room }, ConsistentRead: true });
}

/**
 * Deletes a connection's memberships and then its item; returns the deleted memberships. The
 * rooms come from the GSI (a Query, not a Scan of every room). GSIs are eventually consistent
 * on AWS, so a join written a moment earlier can be missed; a later broadcast to that room then
 * gets GoneException and removes it.
 */
export async function removeConnection(connectionId) {
  const memberships = await queryAll({
    TableName: ROOMS_TABLE,
    IndexName: BY_CONNECTION_INDEX,
    KeyConditionExpression: 'connectionId = :id',
    ExpressionAttributeValues: { ':id': connectionId },
  });
  await Promise.all(memberships.map(({ room }) => db.send(new DeleteCommand({ TableName: ROOMS_TABLE, Key: { room, connectionId } }))));
  await db.send(new DeleteCommand({ TableName: CONNECTIONS_TABLE, Key: { connectionId } }));
  return memberships;
}

/** The parsed body, or `{}` when it is not a JSON object. */
export function parseBody(event) {
  try {
    const body = JSON.parse(event.body ?? '');
    return body !== null && typeof body === 'object' && !Array.isArray(body) ? body : {};
  } catch {
    return {};
  }
}

/** The trimmed room name, or undefined unless it is a string of 1 to 64 characters. */
export function readRoom(body) {
  if (typeof body.room !== 'string') return undefined;
  const room = body.room.trim();
  const length = [...room].length; // code points, so an emoji counts as one character
  return length >= 1 && length <= MAX_ROOM_CHARS ? room : undefined;
}

export const ROOM_ERROR = `room must be a name of 1 to ${MAX_ROOM_CHARS} characters`;

async function queryAll(input) {
  const items = [];
  let ExclusiveStartKey;
  do {
    const page = await db.send(new QueryCommand({ ...input, ExclusiveStartKey }));
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}
