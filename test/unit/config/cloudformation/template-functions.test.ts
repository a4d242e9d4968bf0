import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { loadTemplate, type TemplateLoadOptions } from '../../../../src/config/cloudformation/load-template.js';

const FIXTURES = fileURLToPath(new URL('../../../fixtures/sam/', import.meta.url));
const fixture = (...parts: string[]) => path.join(FIXTURES, ...parts);
const label = (file: string) => path.relative(process.cwd(), file);
const BASE: TemplateLoadOptions = { region: 'eu-west-1', accountId: '123456789012', stackName: 'layered', apiId: 'abc123defg' };
const NODE = process.versions.node;

describe('functions from a template: runtimes, layers, esbuild', () => {
  test('every Node.js runtime identifier, layers of each layout in order, esbuild settings', () => {
    const file = fixture('layers', 'template.yaml');
    const loaded = loadTemplate(file, BASE);
    expect(loaded.problems).toEqual([]);
    const shared = fixture('layers', 'layers', 'shared');
    const source = { dir: fixture('layers', 'layers', 'source'), mountedAt: '/opt/nodejs' };
    expect(loaded.options.functions).toEqual({
      // Globals.Function's layers come first, then the function's own (SAM's rule for lists).
      ConnectFunction: { handler: 'app.connect', codeDir: fixture('layers', 'src'), runtime: 'nodejs14.x', environment: {}, layers: [shared] },
      DisconnectFunction: { handler: 'app.disconnect', codeDir: fixture('layers', 'src'), runtime: 'nodejs14.x', environment: {}, layers: [shared, source] },
      LegacyFunction: { handler: 'index.handler', codeDir: fixture('layers', 'legacy'), runtime: 'nodejs8.10', environment: {}, layers: [shared, source] },
      SendFunction: {
        handler: 'app.handler',
        codeDir: fixture('layers', 'ts'),
        runtime: 'nodejs20.x',
        environment: {},
        layers: [shared, fixture('layers', 'layers', 'bare')],
        build: { entryPoints: ['app.ts'], format: 'esm', target: 'es2022', external: ['@aws-sdk/*'] },
      },
    });
    const name = label(file);
    const other = NODE.split('.')[0] === '20' ? [] : [`${name}: SendFunction: Runtime nodejs20.x runs on this machine's Node.js ${NODE}`];
    expect(loaded.warnings).toEqual([
      `${name}: Runtime nodejs14.x runs on this machine's Node.js ${NODE} (functions ConnectFunction, DisconnectFunction)`,
      `${name}: layer arn:aws:lambda:eu-west-1:111122223333:layer:company-logger:7 is not in this template, so its modules will not resolve locally (functions ConnectFunction, DisconnectFunction): install them in each function's folder, or list the layer folders (this one's too) in apigw-ws.config.json functions.ConnectFunction.layers, functions.DisconnectFunction.layers`,
      `${name}: Environment USERS_TABLE: Fn::ImportValue is not supported: values exported by another stack do not exist locally (functions ConnectFunction, DisconnectFunction); the variable is left out: give it with --env USERS_TABLE=VALUE (it applies to every function) or in apigw-ws.config.json functions.ConnectFunction.environment, functions.DisconnectFunction.environment`,
      `${name}: LegacyFunction: Runtime nodejs8.10 runs on this machine's Node.js ${NODE}`,
      ...other,
      `${name}: SendFunction: Metadata.BuildProperties Banner not applied locally: the handler is built with EntryPoints, Format, Target and External only`,
      `${name}: BareLayer: Content layers/bare has no nodejs/ folder, so its modules will not resolve (Lambda looks in /opt/nodejs/node_modules): move them to nodejs/node_modules, or add Metadata: BuildMethod: nodejs20.x to build it with sam build`,
    ]);
  });

  test('entry points that build another module, and a format Lambda cannot load', () => {
    const file = fixture('layers', 'entry-mismatch.yaml');
    const loaded = loadTemplate(file, BASE);
    const name = label(file);
    expect(loaded.problems).toEqual([
      `${name}: Fn: Handler lib/app.handler: none of Metadata.BuildProperties.EntryPoints (ts/app.ts) is built to lib/app.js (esbuild writes each entry point at its path below their common folder), or its file is missing`,
      `${name}: WrongFormat Metadata.BuildProperties: Format iife: Lambda loads esm or cjs`,
    ]);
    expect(loaded.warnings).toEqual([`${name}: Fn: Metadata.BuildProperties Loader not applied locally: the handler is built with EntryPoints, Format, Target and External only`]);
  });

  test('an SSM parameter warns only when something refers to it; nodejs4.3-edge is a Node.js runtime; an imported layer ARN is left out', () => {
    const file = fixture('ssm', 'template.yaml');
    const loaded = loadTemplate(file, BASE);
    expect(loaded.problems).toEqual([]);
    expect(loaded.warnings).toEqual([
      `${label(file)}: Parameters.ChatTopic: type AWS::SSM::Parameter::Value<String> reads SSM Parameter Store on AWS; locally the default "/chat/topic" is used as the value itself (override it with --parameter-overrides ChatTopic=VALUE)`,
      `${label(file)}: EdgeFunction: Runtime nodejs4.3-edge runs on this machine's Node.js ${NODE}`,
      `${label(file)}: EdgeFunction Layers: Fn::ImportValue is not supported: values exported by another stack do not exist locally; the layers are left out, so their modules will not resolve locally`,
    ]);
    expect(loaded.options.functions).toEqual({
      EdgeFunction: { handler: 'app.connect', codeDir: fixture('globals', 'fn'), runtime: 'nodejs4.3-edge', environment: { TOPIC: '/chat/topic' } },
    });
  });

  test('layers that cannot be read: in S3 or an archive (warnings), a folder that is not there or no content (problems)', () => {
    const file = fixture('layer-problems', 'template.yaml');
    const loaded = loadTemplate(file, BASE);
    const name = label(file);
    expect(loaded.problems).toEqual([
      `${name}: MissingLayer: ContentUri layers/gone/: no folder ${label(fixture('layer-problems', 'layers', 'gone'))}`,
      `${name}: NoContentLayer: a layer needs ContentUri: the folder that holds nodejs/node_modules`,
    ]);
    expect(loaded.warnings).toEqual([
      `${name}: PackagedLayer: ContentUri is in S3, so the layer's modules will not resolve locally: give its local folder as ContentUri, or run the template from before \`sam package\``,
      `${name}: ZippedLayer: Content layer.zip is an archive, so the layer's modules will not resolve locally: give the folder it was made from`,
    ]);
  });

  test('a TypeScript handler without esbuild metadata needs nothing more: the runtime builds it with defaults', () => {
    const loaded = loadTemplate(fixture('problems', 'template.yaml'), { ...BASE, api: 'ChatApi' });
    expect(loaded.problems.filter((line) => line.includes('TsFunction'))).toEqual([]);
    expect(loaded.options.functions?.TsFunction).toEqual({
      handler: 'app.handler',
      codeDir: fixture('problems', 'ts'),
      runtime: 'nodejs20.x',
      environment: {},
    });
  });
});
