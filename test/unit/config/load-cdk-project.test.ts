import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { loadProjectOptions } from '../../../src/config/load-project.js';
import { isEmulatorError } from '../../../src/errors.js';

const CDK = fileURLToPath(new URL('../../fixtures/cdk/', import.meta.url));
const app = (...parts: string[]) => path.join(CDK, ...parts);
const shown = (file: string) => path.relative(process.cwd(), file);

async function problemsOf(promise: Promise<unknown>): Promise<string[]> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!isEmulatorError(error)) throw new Error(`expected an EmulatorError, got ${String(error)}`);
  return error.message.split('\n').slice(1).map((line) => line.replace(/^ {2}- /, ''));
}

describe('loadProjectOptions: a CDK app', () => {
  test('cdk.out holds one stack with a WebSocket API: its synthesized template runs, with assets as code and layers', async () => {
    const cwd = app('chat-app');
    const out = app('chat-app', 'cdk.out');
    const loaded = await loadProjectOptions({ cwd, apiId: 'abc123defg', region: 'eu-west-1' });
    const template = path.join(out, 'ChatStack.template.json');
    expect(loaded.sources).toEqual([template]);
    expect(loaded.notices).toEqual([`using ${shown(template)} (stack ChatStack of the CDK app in ${shown(path.join(cwd, 'cdk.json'))}); run \`npx cdk synth\` after changing the app`]);
    expect(loaded.warnings).toEqual([]);
    const table = 'ChatStack-ConnectionsTable8000B8A1';
    const asset = (hash: string) => path.join(out, `asset.${hash}`);
    expect(loaded.options).toEqual({
      root: out,
      apiId: 'abc123defg',
      region: 'eu-west-1',
      stage: 'prod',
      routeSelectionExpression: '$request.body.action',
      routes: {
        $connect: { function: 'ConnectHandler2FFD52D8' },
        $disconnect: { function: 'DisconnectHandlerCB7ED6F7' },
        sendmessage: { function: 'SendMessageHandlerDFBBCD6B' },
      },
      functions: {
        ConnectHandler2FFD52D8: {
          handler: 'index.handler',
          codeDir: asset('9356c682bf607c968b9243a719e1b6c8cf8d654dcac43af80c4124e54d2f3c88'),
          runtime: 'nodejs20.x',
          environment: { TABLE_NAME: table },
        },
        DisconnectHandlerCB7ED6F7: {
          handler: 'index.handler',
          codeDir: asset('80522951694b5a669690fa3cca5a029ddc499a75bfb5d40bc470d6187fb011fd'),
          runtime: 'nodejs20.x',
          environment: { TABLE_NAME: table },
        },
        SendMessageHandlerDFBBCD6B: {
          handler: 'index.handler',
          codeDir: asset('32a6363d04cfc01de833db547c5a5c98fa58272bb1276f74458947d1179837c1'),
          runtime: 'nodejs20.x',
          timeoutMs: 10000,
          memorySizeMb: 256,
          // Both forms CDK writes for the callback URL reach the running API and stage.
          environment: { TABLE_NAME: table, CALLBACK_URL: 'https://abc123defg.execute-api.eu-west-1.amazonaws.com/prod', API_ENDPOINT: 'wss://abc123defg.execute-api.eu-west-1.amazonaws.com' },
          layers: [asset('d675acaa8cc582ac3ba5c2b1c72b996cf887bf9c512b363a760f397bc2a4aa7f')],
        },
      },
      dynamodb: { tables: [{ name: table, hashKey: { name: 'connectionId', type: 'S' } }] },
    });
  });

  test('--stack-name naming a stack without a WebSocket API: the template loader says so', async () => {
    const cwd = app('chat-app');
    expect(await problemsOf(loadProjectOptions({ cwd, apiId: 'abc123defg', stackName: 'StatusStack' }))).toEqual([
      `${shown(path.join(cwd, 'cdk.out', 'StatusStack.template.json'))}: Resources: no WebSocket API: the template has no AWS::ApiGatewayV2::Api with ProtocolType: WEBSOCKET`,
    ]);
  });

  test('CDK Stages (nested assemblies) with a stack each: one problem listing them', async () => {
    const cwd = app('stages');
    expect(await problemsOf(loadProjectOptions({ cwd, apiId: 'abc123defg' }))).toEqual([
      `${shown(path.join(cwd, 'synth.out', 'manifest.json'))}: 2 stacks have a WebSocket API (Dev/ChatStack, Prod/ChatStack): choose one with --stack-name NAME (or "stackName" in apigw-ws.config.json)`,
    ]);
  });

  test.each([
    ['its display name', 'Prod/ChatStack', 'Prod'],
    ['its stack name', 'Dev-ChatStack', 'Dev'],
    ['its artifact id', 'ProdChatStackE0F3A9B2', 'Prod'],
  ])('--stack-name picks a stack by %s; AWS::StackName is the stack name it deploys as', async (_how, stackName, stage) => {
    const cwd = app('stages');
    const loaded = await loadProjectOptions({ cwd, apiId: 'abc123defg', stackName });
    const id = stage === 'Prod' ? 'ProdChatStackE0F3A9B2' : 'DevChatStack5C1D7E44';
    expect(loaded.sources).toEqual([path.join(cwd, 'synth.out', `assembly-${stage}`, `${id}.template.json`)]);
    expect(loaded.options.functions).toEqual({
      EchoHandler8F2A1C3D: {
        handler: 'index.handler',
        // Assets of every Stage are in the top assembly; the nested template names them with ../
        codeDir: path.join(cwd, 'synth.out', 'asset.540c6f94e55efb9389d7aa71dde2395f9f5a7b4eb37fa20161f1ac3a77af0599'),
        runtime: 'nodejs20.x',
        environment: { STACK: `${stage}-ChatStack`, STAGE: stage.toLowerCase() },
      },
    });
  });

  test('--stack-name naming no stack', async () => {
    const cwd = app('stages');
    expect(await problemsOf(loadProjectOptions({ cwd, stackName: 'Test/ChatStack' }))).toEqual([
      `--stack-name Test/ChatStack: no stack in ${shown(path.join(cwd, 'synth.out', 'manifest.json'))} has that artifact id, stack name or display name; its stacks: Dev/ChatStack, Prod/ChatStack`,
    ]);
  });

  test('cdk.json without a synthesized cloud assembly: a problem, never the demo chat room', async () => {
    const cwd = app('not-synthesized');
    expect(await problemsOf(loadProjectOptions({ cwd }))).toEqual([
      `${shown(path.join(cwd, 'cdk.json'))} found but no ${shown(path.join(cwd, 'cdk.out', 'manifest.json'))}: run \`npx cdk synth\` first`,
    ]);
  });

  test('a template named with --template wins over cdk.json', async () => {
    const cwd = app('chat-app');
    const loaded = await loadProjectOptions({ cwd, apiId: 'abc123defg', template: 'cdk.out/ChatStack.template.json' });
    expect(Object.keys(loaded.options.routes)).toEqual(['$connect', '$disconnect', 'sendmessage']);
    // --template FILE says which file it uses, as discovery does.
    expect(loaded.notices).toEqual([`using ${path.relative(process.cwd(), path.join(cwd, 'cdk.out/ChatStack.template.json'))}`]);
  });
});
