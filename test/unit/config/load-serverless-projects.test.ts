import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadServerless, type ServerlessLoadOptions } from '../../../src/config/serverless/load-serverless.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/serverless');
const base: ServerlessLoadOptions = { accountId: '123456789012', apiId: 'abcdef1234', env: {}, label: 'serverless.yml' };
const load = (file: string, options: Partial<ServerlessLoadOptions> = {}) => loadServerless(path.join(fixtures, file), { ...base, ...options });
const hostMajor = Number(process.versions.node.split('.')[0]);
/** The warning for a runtime of another Node.js major, or none on a machine of that major. */
const onThisNode = (major: number, line: string) => (major === hostMajor ? [] : [`${line} runs on this machine's Node.js ${process.versions.node}`]);

describe('loadServerless: projects as they are written', () => {
  it('passes provider.runtime nodejs14.x to every function (the runtime gives handlers the AWS SDK v2), with one warning', () => {
    const environment = { TABLE: 'legacy-chat-dev-connections' };
    const function_ = (handler: string) => ({ handler, runtime: 'nodejs14.x', timeoutMs: 6000, memorySizeMb: 1024, environment });
    expect(load('nodejs14-aws-sdk/serverless.yml')).toEqual({
      file: path.join(fixtures, 'nodejs14-aws-sdk/serverless.yml'),
      options: {
        root: path.join(fixtures, 'nodejs14-aws-sdk'),
        apiId: 'abcdef1234',
        stage: 'dev',
        region: 'us-east-1',
        routeSelectionExpression: '$request.body.action',
        routes: {
          $connect: { function: 'legacy-chat-dev-connect' },
          $disconnect: { function: 'legacy-chat-dev-disconnect' },
          sendmessage: { function: 'legacy-chat-dev-sendMessage' },
        },
        functions: {
          'legacy-chat-dev-connect': function_('handler.connect'),
          'legacy-chat-dev-disconnect': function_('handler.disconnect'),
          'legacy-chat-dev-sendMessage': function_('handler.sendMessage'),
        },
        dynamodb: { tables: [{ name: 'legacy-chat-dev-connections', hashKey: { name: 'connectionId', type: 'S' } }] },
      },
      warnings: onThisNode(14, 'serverless.yml: provider.runtime: nodejs14.x'),
      problems: [],
    });
  });

  it('accepts every Node.js runtime name and groups the warnings by runtime, naming where each is set', () => {
    const loaded = load('runtimes/serverless.yml');
    expect(loaded.problems).toEqual([]);
    expect(loaded.warnings).toEqual([
      ...onThisNode(14, 'serverless.yml: functions.first.runtime, functions.second.runtime: nodejs14.x'),
      ...onThisNode(8, 'serverless.yml: functions.eight.runtime: nodejs8.10'),
      ...onThisNode(6, 'serverless.yml: functions.six.runtime: nodejs6.10'),
      ...onThisNode(4, 'serverless.yml: functions.four.runtime: nodejs4.3'),
      ...onThisNode(16, 'serverless.yml: provider.runtime: nodejs16.x'),
    ]);
    const runtimes = Object.fromEntries(Object.entries(loaded.options.functions ?? {}).map(([name, options]) => [name, options.runtime]));
    expect(runtimes).toEqual({
      'runtimes-dev-first': 'nodejs14.x',
      'runtimes-dev-second': 'nodejs14.x',
      'runtimes-dev-eight': 'nodejs8.10',
      'runtimes-dev-six': 'nodejs6.10',
      'runtimes-dev-four': 'nodejs4.3',
      'runtimes-dev-inherits': 'nodejs16.x',
      'runtimes-dev-alsoInherits': 'nodejs16.x',
    });
  });

  it('leaves runtime out when neither the function nor provider sets one', () => {
    const { options } = load('json/serverless.json');
    expect(Object.values(options.functions ?? {}).map((options) => 'runtime' in options)).toEqual([false, false]);
  });

  it("gives each function its layers' folders (its own list, else provider.layers), in order; published layers are one warning naming the functions", () => {
    const layer = (name: string) => path.join(fixtures, 'layers/layers', name);
    const function_ = (handler: string, layers?: string[]) => ({
      handler,
      runtime: 'nodejs20.x',
      timeoutMs: 6000,
      memorySizeMb: 1024,
      environment: {},
      ...(layers ? { layers } : {}),
    });
    const loaded = load('layers/serverless.yml');
    expect(loaded.options.functions).toEqual({
      'layered-chat-dev-connect': function_('handler.connect', [layer('common')]),
      'layered-chat-dev-message': function_('handler.message', [layer('common'), layer('tools')]),
      'layered-chat-dev-default': function_('handler.fallback'),
    });
    expect(loaded.options.routes).toEqual({
      $connect: { function: 'layered-chat-dev-connect' },
      message: { function: 'layered-chat-dev-message', routeResponse: true },
      $default: { function: 'layered-chat-dev-default' },
    });
    expect(loaded.options.dynamodb).toEqual({ tables: [] });
    expect(loaded.problems).toEqual([]);
    expect(loaded.warnings).toEqual([
      'serverless.yml: layers.tools.path: layers/tools has no nodejs folder, so the modules in it will not resolve (Lambda looks in /opt/nodejs/node_modules): put them in layers/tools/nodejs/node_modules',
      "serverless.yml: functions.message.layers[2]: arn:aws:lambda:us-east-1:580247275435:layer:LambdaInsightsExtension:38 is a published layer, not downloaded here, so its modules will not resolve locally (functions layered-chat-dev-message, layered-chat-dev-default): install them in the service's directory, or list the function's layer folders, with this one's, in apigw-ws.config.json functions.<name>.layers (the list replaces serverless.yml's)",
    ]);
  });

  it('warns about a layer without a path, a path that is not a folder and a Ref to no layer of layers, and leaves them out', () => {
    const loaded = load('layer-mistakes/serverless.yml');
    expect(loaded.problems).toEqual([]);
    expect(loaded.warnings).toEqual([
      'serverless.yml: layers.noPath: has no path: the layer is left out; give the folder it is built from, e.g. path: layers/common',
      'serverless.yml: layers.missing.path: layers/missing is not a folder (paths are relative to the service directory): the layer is left out',
      "serverless.yml: functions.connect.layers[2]: Ref OtherLambdaLayer is not a layer of this service's layers, so its modules will not resolve locally (functions layer-mistakes-dev-connect): install them in the service's directory, or list the function's layer folders, with this one's, in apigw-ws.config.json functions.<name>.layers (the list replaces serverless.yml's)",
    ]);
    expect(loaded.options.functions?.['layer-mistakes-dev-connect']).toEqual({
      handler: 'handler.connect',
      runtime: 'nodejs20.x',
      timeoutMs: 6000,
      memorySizeMb: 1024,
      environment: {},
    });
  });

  it('serverless-esbuild: custom.esbuild becomes the build of TypeScript handlers (format, target, external and exclude, tsconfig); a JavaScript handler has none', () => {
    const loaded = load('esbuild-typescript/serverless.yml');
    const build = { format: 'esm', target: 'node20', external: ['pg-native', '@aws-sdk/*'], tsconfig: './tsconfig.build.json' };
    const settings = { runtime: 'nodejs20.x', timeoutMs: 6000, memorySizeMb: 1024, environment: { GREETING: 'welcome' } };
    expect(loaded.options.functions).toEqual({
      'ts-chat-dev-connect': { handler: 'src/handlers/connect.handler', ...settings, build },
      'ts-chat-dev-message': { handler: 'src/handlers/message.handler', ...settings, build },
      'ts-chat-dev-ping': { handler: 'src/handlers/ping.handler', ...settings },
    });
    expect(loaded.options.routes).toEqual({
      $connect: { function: 'ts-chat-dev-connect' },
      message: { function: 'ts-chat-dev-message', routeResponse: true },
      ping: { function: 'ts-chat-dev-ping' },
    });
    expect(loaded.options.dynamodb).toEqual({ tables: [] });
    expect(loaded.problems).toEqual([]);
    // serverless-esbuild is not named: a TypeScript handler runs here as it is.
    expect(loaded.warnings).toEqual(['serverless.yml: plugins: not run: serverless-offline; apigw-ws-local reads serverless.yml as written (serverless-offline is not needed with it)']);
  });

  it('serverless-plugin-typescript: tsConfigFileLocation is the tsconfig; serverless-webpack and serverless-bundle are not warned about either', () => {
    const loaded = load('plugin-typescript/serverless.yml');
    expect(loaded.options.functions).toEqual({
      'tsc-chat-dev-connect': {
        handler: 'handler.connect',
        runtime: 'nodejs20.x',
        timeoutMs: 6000,
        memorySizeMb: 1024,
        environment: {},
        build: { tsconfig: './tsconfig.deploy.json' },
      },
    });
    expect(loaded.problems).toEqual([]);
    expect(loaded.warnings).toEqual(['serverless.yml: plugins: not run: serverless-prune-plugin; apigw-ws-local reads serverless.yml as written']);
  });
});
