// Functions on nodejs16.x and older get the AWS SDK v2 (`aws-sdk`) Lambda shipped with those
// runtimes, with nothing installed in the project; nodejs18.x+ do not (Lambda ships v3 there).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

import { afterEach, describe, expect, it } from 'vitest';
import { copyProject, createRecordingLogger } from '../helpers/project-copy.js';
import { scanConnectionIds } from '../helpers/stored-connection-ids.js';
import { startTestEmulator, type TestEmulator } from '../../src/testing/index.js';

const TABLE = 'v2_connections';
let test: TestEmulator | undefined;
let project: ReturnType<typeof copyProject> | undefined;
afterEach(async () => {
  await test?.dispose();
  project?.remove();
  test = undefined;
  project = undefined;
});

function chatFunctions(runtime: string) {
  const fn = (handler: string) => ({ handler, runtime, environment: { TABLE_NAME: TABLE } });
  return { OnConnect: fn('handlers/connect.handler'), OnDisconnect: fn('handlers/disconnect.handler'), SendMessage: fn('handlers/send.handler') };
}

describe('the SDK a runtime provides', () => {
  it('nodejs14.x: require("aws-sdk") with nothing installed reaches @connections and DynamoDB', async () => {
    project = copyProject('real-projects/sdk-v2');
    test = await startTestEmulator({
      root: project.dir,
      functions: chatFunctions('nodejs14.x'),
      routes: { $connect: 'OnConnect', $disconnect: 'OnDisconnect', sendmessage: 'SendMessage' },
      routeSelectionExpression: '$request.body.message',
      dynamodb: { tables: [{ name: TABLE, hashKey: 'connectionId' }] },
    });
    const alice = await test.connect();
    const aliceId = (await test.waitForInvocation({ routeKey: '$connect' })).connectionId;
    const bob = await test.connect();
    const bobId = (await test.waitForInvocation({ routeKey: '$connect' })).connectionId;
    expect(await scanConnectionIds(test.emulator.dynamodbEndpoint, TABLE)).toEqual([aliceId, bobId].sort());

    alice.send(JSON.stringify({ message: 'sendmessage', data: 'hello from 2019' }));
    expect(await alice.nextMessage()).toBe('hello from 2019');
    expect(await bob.nextMessage()).toBe('hello from 2019');
    const sent = await test.waitForInvocation({ routeKey: 'sendmessage' });
    expect(sent).toMatchObject({ ok: true, result: { statusCode: 200, body: 'Data sent.' } });
    // aws-sdk v2 stays quiet about its end of support inside Lambda (it reads AWS_EXECUTION_ENV).
    expect(test.emulator.invocations.flatMap((record) => record.logs).filter((line) => line.includes('end-of-support'))).toEqual([]);

    await bob.close();
    const disconnect = await test.waitForInvocation({ routeKey: '$disconnect' });
    expect(disconnect).toMatchObject({ ok: true, connectionId: bobId, result: { statusCode: 200, body: 'Disconnected.' } });
    expect(await scanConnectionIds(test.emulator.dynamodbEndpoint, TABLE)).toEqual([aliceId]);
  });

  it('nodejs8.10 runs on this Node.js, callback style, with its own AWS_EXECUTION_ENV', async () => {
    project = copyProject('real-projects/sdk-v2');
    test = await startTestEmulator({
      root: project.dir,
      functions: { Legacy: { handler: 'handlers/legacy.handler', runtime: 'nodejs8.10' } },
      routes: { $default: { function: 'Legacy', routeResponse: true } },
    });
    const client = await test.connect();
    client.send('anything');
    expect(await client.nextMessage()).toBe('legacy AWS_Lambda_nodejs8.10');
  });

  it('nodejs20.x: require("aws-sdk") fails as on Lambda; the start warns once with the fix and the route answers Internal server error', async () => {
    project = copyProject('real-projects/sdk-v2');
    const { lines, logger } = createRecordingLogger();
    test = await startTestEmulator({
      root: project.dir,
      logger,
      functions: { SendMessage: chatFunctions('nodejs20.x').SendMessage },
      routes: { $default: 'SendMessage' },
    });
    const warnings = lines.filter((line) => line.startsWith('[warn] '));
    expect(warnings).toEqual([
      `[warn] function SendMessage (route $default) cannot load: "handlers/send.handler": file handlers/send.js failed to load (Runtime.ImportModuleError): Error: Cannot find module 'aws-sdk'\nRequire stack:\n- ${project.dir}/handlers/send.js (hint: Lambda's Node.js 18+ runtimes provide only the AWS SDK v3: import from @aws-sdk/client-* (e.g. @aws-sdk/client-apigatewaymanagementapi), or bundle aws-sdk v2 with your function); its invocations fail as on Lambda`,
    ]);
    const client = await test.connect();
    client.send(JSON.stringify({ data: 'x' }));
    expect(JSON.parse(await client.nextMessage())).toMatchObject({ message: 'Internal server error' });
    const failed = await test.waitForInvocation({ routeKey: '$default' });
    expect(failed.ok).toBe(false);
    expect(failed.error?.errorType).toBe('Runtime.ImportModuleError');
    expect(failed.error?.errorMessage).toBe(`Error: Cannot find module 'aws-sdk'\nRequire stack:\n- ${project.dir}/handlers/send.js`);
  });
});
