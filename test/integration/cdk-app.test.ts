// A CDK app run from what `cdk synth` wrote: bundled assets as code, a layer asset for a shared
// module, the table and the callback URL from the synthesized template.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PROJECT_ROOT, runCliIn } from '../helpers/cli-process.js';
import { startTestEmulator, type TestEmulator } from '../../src/testing/index.js';

const chatApp = path.join(PROJECT_ROOT, 'test/fixtures/cdk/chat-app');
let test: TestEmulator | undefined;
afterEach(async () => {
  await test?.dispose();
  test = undefined;
});

describe('a CDK app', () => {
  it('chats through the synthesized stack: handlers from their assets, the shared module from the layer asset', async () => {
    test = await startTestEmulator({ template: path.join(chatApp, 'cdk.out', 'ChatStack.template.json'), stackName: 'ChatStack' });
    expect(test.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/prod$/);
    const alice = await test.connect();
    const aliceId = (await test.waitForInvocation({ routeKey: '$connect' })).connectionId;
    const bob = await test.connect();
    await test.waitForInvocation({ routeKey: '$connect' });

    alice.send(JSON.stringify({ action: 'sendmessage', data: 'hi bob' }));
    const line = `${aliceId.slice(0, 6)}: hi bob`;
    expect(await bob.nextMessage()).toBe(line);
    expect(await alice.nextMessage()).toBe(line);
    expect(await test.waitForInvocation({ routeKey: 'sendmessage' })).toMatchObject({ ok: true, result: { statusCode: 200 } });
  });

  it('the CLI finds cdk.json and prints the stack it understood', async () => {
    const cli = runCliIn(chatApp, ['--print-config', '--api-id', 'abc123defg']);
    expect(await cli.exited).toBe(0);
    const printed = JSON.parse(cli.output().stdout) as Record<string, unknown>;
    expect(printed.sources).toEqual(['cdk.out/ChatStack.template.json']);
    expect(printed.url).toBe('ws://127.0.0.1:3001/prod');
    expect(printed.routes).toEqual({
      $connect: { function: 'ConnectHandler2FFD52D8', routeResponse: false, integrationTimeoutMs: 29000 },
      $disconnect: { function: 'DisconnectHandlerCB7ED6F7', routeResponse: false, integrationTimeoutMs: 29000 },
      sendmessage: { function: 'SendMessageHandlerDFBBCD6B', routeResponse: false, integrationTimeoutMs: 29000 },
    });
    // The log retention function only serves a custom resource (it runs while the stack deploys): not a function to invoke.
    expect(Object.keys(printed.functions as Record<string, unknown>)).toEqual([
      'ConnectHandler2FFD52D8',
      'DisconnectHandlerCB7ED6F7',
      'SendMessageHandlerDFBBCD6B',
    ]);
    expect(printed.warnings).toEqual([]);
  });

  it('the CLI in a CDK app that was never synthesized: exit 2 with the fix, no chat room', async () => {
    const cli = runCliIn(path.join(PROJECT_ROOT, 'test/fixtures/cdk/not-synthesized'), ['--port', '0']);
    expect(await cli.exited).toBe(2);
    const { stdout, stderr } = cli.output();
    expect(stdout).toBe('');
    expect(stderr).toBe('apigw-ws-local: cannot start:\n  - cdk.json found but no cdk.out/manifest.json: run `npx cdk synth` first\n');
  });
});
