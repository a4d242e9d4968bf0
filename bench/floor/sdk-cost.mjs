// The CPU the workload's own SDK calls cost, with no transport: the same clients and commands as
// bench/handlers, but every request is answered at once by a stub request handler with the body
// DynamoDB or @connections would send. Run in a process of its own (so `process.cpuUsage()` is
// this work alone), once with the SDK as it is (in-process path) and once bundled into one file
// as the handlers are (bundled path). Prints one JSON line: CPU milliseconds per operation.
import { Readable } from 'node:stream';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ApiGatewayManagementApiClient, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';

const [roundsText = '2000', membersText = '10,100,1000'] = process.argv.slice(2);
const ROUNDS = Math.min(Number(roundsText), 5000);
const MEMBERS = membersText.split(',').map(Number);
const WARMUP_ROUNDS = 300;
const ROOM = 'lobby';
const item = (i) => ({ connectionId: { S: `Fx${String(i).padStart(10, '0')}=` } });

/** What the service would answer to each operation (the body only; no socket is involved). */
function answer(request) {
  const target = request.headers['x-amz-target'] ?? '';
  if (target.endsWith('.Query')) {
    const n = currentMembers;
    return json({ Items: Array.from({ length: n }, (_, i) => ({ room: { S: ROOM }, ...item(i) })), Count: n, ScannedCount: n });
  }
  if (target.endsWith('.DeleteItem')) return json({ Attributes: { ...item(0), domainName: { S: 'abc123.execute-api.us-east-1.amazonaws.com' }, stage: { S: 'bench' }, connectedAt: { N: '1764720000000' } } });
  if (target.endsWith('.PutItem')) return json({});
  return { statusCode: 200, headers: {}, body: Readable.from([]) }; // PostToConnection
}
function json(value) {
  return { statusCode: 200, headers: { 'content-type': 'application/x-amz-json-1.0' }, body: Readable.from([Buffer.from(JSON.stringify(value))]) };
}
const requestHandler = { handle: async (request) => ({ response: answer(request) }) };
let currentMembers = 0;

const db = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: 'http://127.0.0.1:8000', requestHandler }));
const management = new ApiGatewayManagementApiClient({ endpoint: 'https://abc123.execute-api.us-east-1.amazonaws.com/bench', requestHandler });
const post = (connectionId, data) => management.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: JSON.stringify(data) }));

/** Batches each operation is measured in: the floor is the cheapest, since noise only adds. */
const BATCHES = 3;

/**
 * CPU ms per call of `operation`: `rounds` calls one after another (after `warmup` more), in
 * BATCHES batches, the cheapest batch's average.
 */
async function cpuPerCall(operation, rounds, warmup = WARMUP_ROUNDS) {
  for (let i = 0; i < warmup; i++) await operation(i);
  const perBatch = Math.max(1, Math.round(rounds / BATCHES));
  let cheapest = Infinity;
  for (let batch = 0; batch < BATCHES; batch++) {
    const before = process.cpuUsage();
    for (let i = 0; i < perBatch; i++) await operation(i);
    const used = process.cpuUsage(before);
    cheapest = Math.min(cheapest, (used.user + used.system) / 1000 / perBatch);
  }
  return cheapest;
}

const padding = 'x'.repeat(64);
const result = {
  // echo: one PostToConnection of the echoed message.
  echo_ms: await cpuPerCall((i) => post('Fx0000000001=', { type: 'echo', data: { client: 0, seq: i, padding } }), ROUNDS),
  // connect cycle: the $connect PutItem and the $disconnect DeleteItem (ALL_OLD).
  connect_cycle_ms: await cpuPerCall(async (i) => {
    await db.send(new PutCommand({ TableName: 'bench-connections', Item: { connectionId: `Fx${i}=`, domainName: 'abc123.execute-api.us-east-1.amazonaws.com', stage: 'bench', connectedAt: Date.now() } }));
    await db.send(new DeleteCommand({ TableName: 'bench-connections', Key: { connectionId: `Fx${i}=` }, ReturnValues: 'ALL_OLD' }));
  }, ROUNDS),
  // sendAll to n members: the Query, then n PostToConnection at once, all in one invocation.
  broadcast_ms: {},
};
for (const members of MEMBERS) {
  currentMembers = members;
  const rounds = Math.max(BATCHES * 2, Math.round(ROUNDS / members));
  result.broadcast_ms[members] = await cpuPerCall(async (i) => {
    const page = await db.send(new QueryCommand({ TableName: 'bench-rooms', KeyConditionExpression: '#room = :room', ExpressionAttributeNames: { '#room': 'room' }, ExpressionAttributeValues: { ':room': ROOM } }));
    const message = { type: 'msg', from: 'Fx0000000001=', data: { round: i, padding } };
    await Promise.all(page.Items.map((member) => post(member.connectionId, message)));
  }, rounds, rounds);
}
process.stdout.write(`${JSON.stringify(result)}\n`);
