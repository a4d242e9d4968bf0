// The user story of the quotas work: "an idle user is dropped after 10 minutes and removed from the
// room", tested in milliseconds with the testing API, on the chat room as it would run on AWS.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, expect, it } from 'vitest';
import { buildChatRoomOptions } from 'apigw-ws-local';
import { startTestEmulator, type TestEmulator } from 'apigw-ws-local/testing';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const MINUTE_MS = 60_000;
let test: TestEmulator;
afterEach(() => test.dispose());

it('drops an idle user after 10 minutes and removes them from the room', async () => {
  test = await startTestEmulator({ ...buildChatRoomOptions(), root: path.join(path.dirname(fileURLToPath(import.meta.url)), '../..') });
  const ada = await test.connect({ query: { name: 'ada' } });
  const bob = await test.connect({ query: { name: 'bob' } });
  // Each frame is awaited as it arrives (no polling against a deadline, which a busy machine
  // misses), and time moves only once the invocation has finished: function timeouts follow the
  // same clock, so moving it under a running handler would time the handler out.
  for (const client of [ada, bob]) {
    client.send({ action: 'join', room: 'lobby' });
    await client.nextMessage(); // joined
    expect(await client.nextMessage()).toContain('"members"');
    await test.waitForInvocation({ routeKey: 'join' });
  }
  await test.advanceTime(9 * MINUTE_MS);
  bob.send({ action: 'sendAll', room: 'lobby', message: 'still here' });
  expect(await bob.nextMessage()).toContain('still here');
  await test.waitForInvocation({ routeKey: 'sendAll' });

  // Bob's message reached ada at 9 minutes: a message in either direction resets her idle timer.
  await test.advanceTime(MINUTE_MS);
  expect(await Promise.race([ada.closed.then(() => 'closed'), Promise.resolve('open')])).toBe('open');
  await test.advanceTime(8 * MINUTE_MS);
  // Bob keeps himself alive without ada hearing it: $default answers only him.
  bob.send({ action: 'ping' });
  expect(await bob.nextMessage()).toContain('unknown action');
  await test.waitForInvocation({ routeKey: '$default' });
  await test.advanceTime(MINUTE_MS); // 10 minutes after bob's message reached ada
  expect(await ada.closed).toEqual({ code: 1001, reason: 'Going away' });
  expect(await bob.nextJson()).toEqual({ type: 'left', room: 'lobby', name: 'ada' });

  const ddb = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: test.emulator.dynamodbEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local' } }),
  );
  const members = (await ddb.send(new ScanCommand({ TableName: 'chat-rooms' }))).Items?.map((item) => item.name);
  expect(members).toEqual(['bob']);
});
