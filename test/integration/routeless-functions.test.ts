// Functions no route uses, from a SAM template and from serverless.yml: invoked through Lambda's
// Invoke API with the real @aws-sdk/client-lambda, they reach the same @connections (through the
// API's own https URL) and the same DynamoDB as the routes do.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { InvokeCommand, LambdaClient, ResourceNotFoundException } from '@aws-sdk/client-lambda';
import { describe, expect, it, onTestFinished } from 'vitest';
import { Emulator, loadProjectOptions } from '../../src/index.js';
import { startTestEmulator } from '../../src/testing/index.js';
import { runCliIn } from '../helpers/cli-process.js';
import { createRecordingLogger } from '../helpers/project-copy.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/routeless/', import.meta.url));
const CREDENTIALS = { accessKeyId: 'x', secretAccessKey: 'y' };

function lambdaClient(managementEndpoint: string): LambdaClient {
  const lambda = new LambdaClient({ endpoint: new URL(managementEndpoint).origin, region: 'us-east-1', credentials: CREDENTIALS });
  onTestFinished(() => lambda.destroy());
  return lambda;
}

const decode = (payload: Uint8Array | undefined) => JSON.parse(Buffer.from(payload ?? []).toString('utf8')) as unknown;

describe.each([
  ['a SAM template', { template: path.join(FIXTURE, 'template.yaml') }],
  ['serverless.yml', { serverless: path.join(FIXTURE, 'serverless.yml') }],
])('a function without a route in %s', (_name, project) => {
  it('is invoked through the Invoke API, posts to a live connection and writes to DynamoDB', async () => {
    const { lines, logger } = createRecordingLogger();
    const test = await startTestEmulator({ ...project, logger });
    onTestFinished(() => test.dispose());
    expect(lines).toContain('[info] functions without a route (invoke them): Broadcast');
    const client = await test.connect();
    const { connectionId } = await test.waitForInvocation({ routeKey: '$connect' });

    const lambda = lambdaClient(test.managementEndpoint);
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'Broadcast', Payload: JSON.stringify({ connectionId, text: 'news for you' }) }));
    expect(out.FunctionError).toBeUndefined();
    expect(decode(out.Payload)).toEqual({ sent: 'news for you', table: 'sent' });
    expect(await client.nextMessage()).toBe('news for you');

    const dynamodb = new DynamoDBClient({ endpoint: test.emulator.dynamodbEndpoint, region: test.emulator.options.region, credentials: CREDENTIALS });
    onTestFinished(() => dynamodb.destroy());
    const stored = await dynamodb.send(new GetItemCommand({ TableName: 'sent', Key: { id: { S: connectionId } } }));
    expect(stored.Item).toEqual({ id: { S: connectionId }, text: { S: 'news for you' } });
  });
});

describe('functions without a route that cannot run here', () => {
  it.each([
    [
      'left-out.yaml',
      'template',
      'Resize (runtime python3.12), Worker (CodeUri ./missing not found), Lost (Handler gone.handler: no GONE.js, .mjs, .cjs or .ts), Image (PackageType Image), Imported (Fn::ImportValue is not supported: values exported by another stack do not exist locally)',
      'NoExport',
      'Resize',
    ],
    [
      'serverless-left-out.yml',
      'serverless',
      'resize (runtime python3.12), lost (gone.handler: no GONE.js, .mjs, .cjs or .ts)',
      'left-out-dev-noExport',
      'left-out-dev-resize',
    ],
  ])('%s: left out with one warning each, and the start goes on', async (file, kind, leftOut, noExport, python) => {
    const shownFile = path.relative(process.cwd(), path.join(FIXTURE, file));
    const loaded = await loadProjectOptions({ [kind]: path.join(FIXTURE, file), discover: false, port: 0 });
    expect(loaded.problems).toEqual([]);
    const gone = path.relative(process.cwd(), path.join(FIXTURE, 'gone'));
    expect(loaded.warnings).toEqual([`${shownFile}: functions without a route left out (not invocable): ${leftOut.replace('GONE', gone)}`]);

    // The handler whose export is missing is found when the emulator starts: left out too, in one line.
    const { lines, logger } = createRecordingLogger();
    const emulator = new Emulator({ ...loaded.options, logger });
    onTestFinished(() => emulator.dispose());
    const { url, managementEndpoint } = await emulator.start();
    expect(url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\//);
    expect(lines.filter((line) => line.startsWith('[warn]'))).toEqual([
      `[warn] functions without a route left out (not invocable): ${noExport} ("app.nothing": file app.mjs has no export "nothing" (found: broadcast, connect, message))`,
    ]);
    expect(lines.some((line) => line.includes('functions without a route (invoke them)'))).toBe(false);

    const lambda = lambdaClient(managementEndpoint);
    for (const name of [python, noExport]) {
      const error = await lambda.send(new InvokeCommand({ FunctionName: name })).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ResourceNotFoundException);
    }
  });
});

describe('--print-config', () => {
  it('shows a function without a route with what uses it: nothing', async () => {
    const cli = runCliIn(FIXTURE, ['--print-config', '--template', 'template.yaml', '--api-id', 'abc123defg']);
    expect(await cli.exited).toBe(0);
    const printed = JSON.parse(cli.output().stdout) as { functions: Record<string, { usedBy: string[] }>; warnings: string[] };
    expect(Object.fromEntries(Object.entries(printed.functions).map(([name, fn]) => [name, fn.usedBy]))).toEqual({
      ConnectFunction: ['route $connect'],
      MessageFunction: ['route $default'],
      Broadcast: [],
    });
    expect(printed.functions.Broadcast).toEqual({
      usedBy: [],
      handler: 'app.broadcast',
      codeDir: '.',
      timeoutMs: 5000,
      memorySizeMb: 128,
      runtime: 'nodejs20.x',
      environment: { TABLE_NAME: 'sent', CALLBACK_URL: 'https://abc123defg.execute-api.us-east-1.amazonaws.com/prod' },
    });
    expect(printed.warnings).toEqual([]);
  });
});
