// `npx apigw-ws-local` from the root of a SAM project, unchanged: the template is found, understood
// (--print-config shows what) and served.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT, runCliIn } from '../helpers/cli-process.js';
import { connectTestClient, WebSocketRefusedError } from 'apigw-ws-local/testing';

const simpleChat = path.join(PROJECT_ROOT, 'test/fixtures/sam/simple-chat');

describe('the CLI in a SAM project', () => {
  it('--print-config shows the routes, functions, table and options it understood, and opens no port', async () => {
    const cli = runCliIn(simpleChat, ['--print-config', '--api-id', 'abc123defg']);
    expect(await cli.exited).toBe(0);
    const { stdout, stderr } = cli.output();
    expect(stderr).toBe('');
    const env = { TABLE_NAME: 'simplechat_connections' };
    expect(JSON.parse(stdout)).toEqual({
      sources: ['template.yaml'],
      url: 'ws://127.0.0.1:3001/Prod',
      stage: 'Prod',
      stageVariables: {},
      routeSelectionExpression: '$request.body.message',
      routes: {
        $connect: { function: 'OnConnectFunction', routeResponse: false, integrationTimeoutMs: 29000 },
        $disconnect: { function: 'OnDisconnectFunction', routeResponse: false, integrationTimeoutMs: 29000 },
        sendmessage: { function: 'SendMessageFunction', routeResponse: false, integrationTimeoutMs: 10000 },
      },
      functions: {
        OnConnectFunction: {
          usedBy: ['route $connect'],
          handler: 'app.handler',
          codeDir: 'onconnect',
          timeoutMs: 3000,
          memorySizeMb: 256,
          environment: env,
          runtime: 'nodejs20.x',
        },
        OnDisconnectFunction: {
          usedBy: ['route $disconnect'],
          handler: 'app.handler',
          codeDir: 'ondisconnect',
          timeoutMs: 3000,
          memorySizeMb: 256,
          environment: env,
          runtime: 'nodejs20.x',
        },
        SendMessageFunction: {
          usedBy: ['route sendmessage'],
          handler: 'app.handler',
          codeDir: 'sendmessage',
          timeoutMs: 10000,
          memorySizeMb: 256,
          environment: env,
          runtime: 'nodejs20.x',
        },
      },
      authorizer: null,
      iamAuthorization: false,
      dynamodb: { endpoint: 'embedded', persistDir: null, tables: [{ name: 'simplechat_connections', hashKey: { name: 'connectionId', type: 'S' } }] },
      environment: {},
      apiId: 'abc123defg',
      region: 'us-east-1',
      accountId: '123456789012',
      domainName: 'abc123defg.execute-api.us-east-1.amazonaws.com',
      root: '.',
      staticDir: null,
      host: '127.0.0.1',
      port: 3001,
      integrationTimeoutMs: 29000,
      idleTimeoutMs: 600000,
      maxConnectionDurationMs: 7200000,
      maxMessageBytes: 131072,
      maxFrameBytes: 32768,
      binaryFrames: 'reject',
      maxNewConnectionsPerSecond: null,
      maxMessagesPerSecondPerConnection: null,
      verifySignatures: false,
      execution: 'worker',
      maxEnvironmentsPerFunction: 2,
      maxEnvironments: 6,
      warnings: [],
      problems: [],
    });
  });

  it('flags win over the template: --stage, --parameter-overrides, --env', async () => {
    const cli = runCliIn(simpleChat, ['--print-config', '--stage', 'dev', '--parameter-overrides', 'TableName=other_table', '--env', 'DEBUG=1']);
    expect(await cli.exited).toBe(0);
    const printed = JSON.parse(cli.output().stdout) as {
      url: string;
      dynamodb: { tables: { name: string }[] };
      functions: Record<string, { environment: object }>;
      environment: object;
    };
    expect(printed.url).toBe('ws://127.0.0.1:3001/dev');
    expect(printed.dynamodb.tables.map((table) => table.name)).toEqual(['other_table']);
    expect(printed.functions.OnConnectFunction?.environment).toEqual({ TABLE_NAME: 'other_table' });
    expect(printed.environment).toEqual({ DEBUG: '1' });
  });

  it('serves the project found in the working directory: chat through it, exit 0 on SIGTERM', async () => {
    const cli = runCliIn(simpleChat, ['--port', '0']);
    const [wsUrl] = await cli.lines(2);
    expect(wsUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/Prod$/);
    // Log lines follow the URLs on another pipe: wait for the ready line, which comes after them.
    const logged = await cli.logged('[info] ready:');
    expect(logged).toContain('using template.yaml');
    expect(logged).toContain('[info] routes: $connect → OnConnectFunction, $disconnect → OnDisconnectFunction, sendmessage → SendMessageFunction\n');
    const alice = await connectTestClient(wsUrl as string);
    const bob = await connectTestClient(wsUrl as string);
    alice.send({ message: 'sendmessage', data: 'hi bob' });
    expect(await bob.nextMessage()).toBe('hi bob');
    expect(await alice.nextMessage()).toBe('hi bob');
    cli.child.kill('SIGTERM');
    expect(await bob.closed).toEqual({ code: 1001, reason: 'Going away' });
    expect(await cli.exited).toBe(0);
  });

  it('--template FILE says which file it uses, as discovery does', async () => {
    const cli = runCliIn(path.join(PROJECT_ROOT, 'test/fixtures/sam'), ['--template', 'simple-chat/template.yaml', '--port', '0', '--no-dynamodb']);
    await cli.lines(2);
    expect((await cli.logged('[info] ready:')).split('\n')[0]).toBe(`[info] using ${path.join('simple-chat', 'template.yaml')}`);
  });

  it('shows the authorizer on $connect in the routes line, runs a function from the codeDir the config file gives, and --no-authorizer turns the authorizer off', async () => {
    const dir = path.join(PROJECT_ROOT, 'test/fixtures/project/relocated-code');
    const cli = runCliIn(dir, ['--port', '0', '--no-dynamodb', '--route-response', '$default']);
    const [wsUrl] = await cli.lines(2);
    expect(await cli.logged('[info] ready:')).toContain('[info] routes: $connect → Echo (authorizer Auth), $default → Echo (two-way)\n');
    await expect(connectTestClient(wsUrl as string)).rejects.toEqual(new WebSocketRefusedError(401, '{"message":"Unauthorized"}'));
    const client = await connectTestClient(`${wsUrl as string}?token=letmein`);
    client.send({ action: 'hi' });
    expect(await client.nextMessage()).toBe(`hello from ${path.join(dir, 'build/echo')}`);
    const unguarded = runCliIn(dir, ['--port', '0', '--no-dynamodb', '--no-authorizer']);
    const [unguardedUrl] = await unguarded.lines(2);
    expect(await unguarded.logged('[info] ready:')).toContain('[info] routes: $connect → Echo, $default → Echo\n');
    // Resolves only if the upgrade succeeds.
    await connectTestClient(unguardedUrl as string);
  });

  it('--print-config prints what it understood of a template with problems, the problems listed, and exits 2', async () => {
    const cli = runCliIn(path.join(PROJECT_ROOT, 'test/fixtures/sam/problems'), ['--print-config', '--api', 'ChatApi']);
    expect(await cli.exited).toBe(2);
    expect(cli.output().stderr).toBe('');
    const printed = JSON.parse(cli.output().stdout) as Record<string, unknown>;
    expect(printed.routes).toEqual({
      $default: { function: 'TsFunction', routeResponse: false, integrationTimeoutMs: 29000 },
      table: { function: 'TableFunction', routeResponse: false, integrationTimeoutMs: 29000 },
    });
    expect(printed.problems).toEqual([
      'template.yaml: PythonFunction: Runtime python3.12 cannot run here (route $connect uses it): apigw-ws-local runs Node.js functions only',
      'template.yaml: LostRoute: Target "integrations/NoSuchIntegration" is not integrations/{an AWS::ApiGatewayV2::Integration in this template}',
      'template.yaml: MissingFunction: Handler nothere.handler: no js/nothere.js, .mjs, .cjs or .ts',
      'template.yaml: TableFunction Environment: AWS_REGION is reserved by Lambda, which refuses to deploy a function that sets it ("Reserved keys used in this request: AWS_REGION"); remove it',
    ]);
  });

  it('names every problem of a template at once and exits 2 before any port opens', async () => {
    const dir = path.join(PROJECT_ROOT, 'test/fixtures/sam/problems');
    const cli = runCliIn(dir, ['--api', 'ChatApi', '--port', '0']);
    expect(await cli.exited).toBe(2);
    const { stdout, stderr } = cli.output();
    expect(stdout).toBe('');
    expect(stderr.split('\n').slice(0, 4)).toEqual([
      'apigw-ws-local: cannot start:',
      '  - template.yaml: PythonFunction: Runtime python3.12 cannot run here (route $connect uses it): apigw-ws-local runs Node.js functions only',
      '  - template.yaml: LostRoute: Target "integrations/NoSuchIntegration" is not integrations/{an AWS::ApiGatewayV2::Integration in this template}',
      '  - template.yaml: MissingFunction: Handler nothere.handler: no js/nothere.js, .mjs, .cjs or .ts',
    ]);
  });
});

describe('the CLI in a Serverless Framework project', () => {
  it('finds serverless.yml and prints its routes, functions, stage and table', async () => {
    const dir = path.join(PROJECT_ROOT, 'test/fixtures/serverless/chat');
    const cli = runCliIn(dir, ['--print-config', '--stage', 'prod']);
    expect(await cli.exited).toBe(0);
    const printed = JSON.parse(cli.output().stdout) as Record<string, unknown>;
    expect(printed.sources).toEqual(['serverless.yml']);
    expect(printed.url).toBe('ws://127.0.0.1:3001/prod');
    expect(printed.region).toBe('eu-west-1');
    expect(printed.routes).toEqual({
      $connect: { function: 'chat-prod-connect', routeResponse: false, integrationTimeoutMs: 29000 },
      $disconnect: { function: 'chat-prod-disconnect', routeResponse: false, integrationTimeoutMs: 29000 },
      $default: { function: 'chat-prod-default', routeResponse: false, integrationTimeoutMs: 29000 },
      sendmessage: { function: 'chat-prod-sendMessage', routeResponse: false, integrationTimeoutMs: 29000 },
    });
    expect((printed.functions as Record<string, unknown>)['chat-prod-connect']).toEqual({
      usedBy: ['route $connect'],
      handler: 'handler.connect',
      codeDir: '.',
      timeoutMs: 6000,
      memorySizeMb: 1024,
      runtime: 'nodejs20.x',
      environment: {
        TABLE: 'chat-prod-connections',
        TABLE_ARN: 'arn:aws:dynamodb:eu-west-1:123456789012:table/chat-prod-connections',
        ENDPOINT: `https://${printed.apiId as string}.execute-api.eu-west-1.amazonaws.com/prod`,
      },
    });
    expect(printed.dynamodb).toEqual({
      endpoint: 'embedded',
      persistDir: null,
      tables: [{ name: 'chat-prod-connections', hashKey: { name: 'connectionId', type: 'S' }, ttlAttribute: 'ttl' }],
    });
  });
});
