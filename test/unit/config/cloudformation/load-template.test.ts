import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { loadTemplate, type TemplateLoadOptions } from '../../../../src/config/cloudformation/load-template.js';

const FIXTURES = fileURLToPath(new URL('../../../fixtures/sam/', import.meta.url));
const fixture = (...parts: string[]) => path.join(FIXTURES, ...parts);
const label = (file: string) => path.relative(process.cwd(), file);
const BASE: TemplateLoadOptions = { region: 'eu-west-1', accountId: '123456789012', stackName: 'arena', apiId: 'abc123defg' };

/** The loaded options with the fixtures directory written as <sam>, so snapshots hold on any checkout. */
function portable(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value).replaceAll(FIXTURES.replace(/\/$/, ''), '<sam>').replaceAll(label(FIXTURES).replace(/\/$/, ''), '<sam>'));
}

describe('loadTemplate', () => {
  test('a template shaped like AWS simple-websockets-chat-app: routes, functions, stage and table', () => {
    const file = fixture('simple-chat', 'template.yaml');
    const loaded = loadTemplate(file, { ...BASE, region: 'us-east-1' });
    expect(loaded.problems).toEqual([]);
    expect(loaded.warnings).toEqual([]);
    expect(loaded.file).toBe(file);
    const env = { TABLE_NAME: 'simplechat_connections' };
    expect(loaded.options).toEqual({
      root: fixture('simple-chat'),
      apiId: 'abc123defg',
      routeSelectionExpression: '$request.body.message',
      stage: 'Prod',
      routes: {
        $connect: { function: 'OnConnectFunction' },
        $disconnect: { function: 'OnDisconnectFunction' },
        sendmessage: { function: 'SendMessageFunction', integrationTimeoutMs: 10000 },
      },
      functions: {
        OnConnectFunction: { handler: 'app.handler', codeDir: fixture('simple-chat', 'onconnect'), runtime: 'nodejs20.x', memorySizeMb: 256, environment: env },
        OnDisconnectFunction: {
          handler: 'app.handler',
          codeDir: fixture('simple-chat', 'ondisconnect'),
          runtime: 'nodejs20.x',
          memorySizeMb: 256,
          environment: env,
        },
        SendMessageFunction: {
          handler: 'app.handler',
          codeDir: fixture('simple-chat', 'sendmessage'),
          runtime: 'nodejs20.x',
          timeoutMs: 10000,
          memorySizeMb: 256,
          environment: env,
        },
      },
      dynamodb: { tables: [{ name: 'simplechat_connections', hashKey: { name: 'connectionId', type: 'S' } }] },
    });
  });

  test('parameter overrides reach table names and environment variables', () => {
    const loaded = loadTemplate(fixture('simple-chat', 'template.yaml'), { ...BASE, parameterOverrides: { TableName: 'other_table' } });
    expect(loaded.problems).toEqual([]);
    expect(loaded.options.dynamodb).toEqual({ tables: [{ name: 'other_table', hashKey: { name: 'connectionId', type: 'S' } }] });
    expect(loaded.options.functions?.OnConnectFunction?.environment).toEqual({ TABLE_NAME: 'other_table' });
  });

  test('overrides are checked against AllowedPattern and the declared parameters', () => {
    const loaded = loadTemplate(fixture('simple-chat', 'template.yaml'), { ...BASE, parameterOverrides: { TableName: 'has spaces', Nope: 'x' } });
    const name = label(fixture('simple-chat', 'template.yaml'));
    expect(loaded.problems).toEqual([
      `${name}: parameter override Nope: the template has no parameter Nope (it has: TableName)`,
      `${name}: Parameters.TableName: "has spaces" does not match its AllowedPattern ^[A-Za-z_-]+$`,
    ]);
  });

  test('authorizer, two-way route, Globals, conditions, mappings, stage variables, GSIs and TTL', () => {
    const loaded = loadTemplate(fixture('features', 'template.yaml'), BASE);
    expect(loaded.problems).toEqual([]);
    const name = label(fixture('features', 'template.yaml'));
    expect(loaded.warnings).toEqual([
      `${name}: GameFunction: Environment FROM_OTHER_STACK: Fn::ImportValue is not supported: values exported by another stack do not exist locally; the variable is left out: give it with --env FROM_OTHER_STACK=VALUE (it applies to every function) or in apigw-ws.config.json functions.arena-game.environment`,
      `${name}: EchoFunction: Runtime nodejs18.x runs on this machine's Node.js ${process.versions.node}`,
      `${name}: Resources: not emulated, so handlers cannot reach them locally: Events (AWS::SQS::Queue)`,
    ]);
    expect(portable(loaded.options)).toMatchSnapshot();
    // The values a reader checks by eye, spelled out.
    expect(loaded.options.authorizer).toEqual({ function: 'AuthFunction', identitySources: ['route.request.header.Auth', 'route.request.querystring.token'] });
    expect(loaded.options.routes?.$default).toEqual({ function: 'EchoFunction', routeResponse: true, integrationTimeoutMs: 5000 });
    expect(loaded.options.stage).toBe('dev');
    expect(loaded.options.stageVariables).toEqual({ logLevel: 'debug', firstOrigin: 'https://a.example' });
    expect(loaded.options.functions?.['arena-game']?.environment?.ENDPOINT).toBe('https://abc123defg.execute-api.eu-west-1.amazonaws.com/dev');
    expect(loaded.options.functions?.AuthFunction?.environment).toEqual({ ENV: 'dev', SHARED: 'from-globals' });
    // AutoPublishAlias: `${GameFunction.Alias}` in the integration and `!Ref GameFunction.Alias` both name the alias.
    expect(loaded.options.functions?.['arena-game']?.environment?.ALIAS).toBe('arn:aws:lambda:eu-west-1:123456789012:function:arena-game:live');
    expect(loaded.options.routes?.$connect).toEqual({ function: 'arena-game' });
  });

  test('Globals.Function applies to every function, which wins; a Globals variable that cannot be known is reported once', () => {
    const file = fixture('globals', 'template.yaml');
    const loaded = loadTemplate(file, BASE);
    expect(loaded.problems).toEqual([]);
    expect(loaded.warnings).toEqual([
      `${label(file)}: Parameters.Prefix: AllowedPattern [a-z]+(?<!\\p{Lu}x is not a regular expression JavaScript reads, so it is not checked`,
      `${label(file)}: Globals.Function Environment USERS_TABLE: Fn::ImportValue is not supported: values exported by another stack do not exist locally; the variable is left out: give it with --env USERS_TABLE=VALUE`,
    ]);
    expect(loaded.options.functions).toEqual({
      Connect: { handler: 'app.connect', codeDir: fixture('globals', 'fn'), runtime: 'nodejs20.x', memorySizeMb: 512, environment: { PREFIX: 'chat' } },
      Default: { handler: 'app.fallback', codeDir: fixture('globals', 'fn'), runtime: 'nodejs20.x', memorySizeMb: 128, environment: { PREFIX: 'own' } },
    });
  });

  test('a condition false leaves its resource out; true keeps it', () => {
    const prod = loadTemplate(fixture('features', 'template.yaml'), { ...BASE, parameterOverrides: { Env: 'prod' } });
    expect(prod.problems).toEqual([]);
    expect((prod.options.dynamodb as { tables: readonly { name: string }[] }).tables.map((table) => table.name)).toEqual([
      'arena-games',
      'arena-SessionsTable',
      'arena-ProdOnlyTable',
    ]);
    expect(prod.options.stage).toBe('prod');
    expect(prod.options.functions?.['arena-game']?.environment?.LOG_LEVEL).toBe('warn');
  });

  test('a stage from the command line is what Ref of the Stage gives', () => {
    const loaded = loadTemplate(fixture('features', 'template.yaml'), { ...BASE, stage: 'local' });
    expect(loaded.options.functions?.['arena-game']?.environment?.ENDPOINT).toBe('https://abc123defg.execute-api.eu-west-1.amazonaws.com/local');
  });

  test('a JSON template with long-form intrinsics', () => {
    const loaded = loadTemplate(fixture('json', 'template.json'), BASE);
    expect(loaded.problems).toEqual([]);
    expect(loaded.options).toEqual({
      root: fixture('json'),
      apiId: 'abc123defg',
      routeSelectionExpression: '$request.body.action',
      stage: 'v1',
      routes: { $default: { function: 'Echo' } },
      functions: {
        Echo: { handler: 'index.handler', codeDir: fixture('json', 'fn'), runtime: 'nodejs20.x', timeoutMs: 2000, environment: { REGION: 'eu-west-1' } },
      },
      dynamodb: { tables: [] },
    });
  });

  test('several WebSocket APIs without --api: one problem naming them', () => {
    const loaded = loadTemplate(fixture('problems', 'template.yaml'), BASE);
    expect(loaded.problems).toEqual([
      `${label(fixture('problems', 'template.yaml'))}: Resources: 2 WebSocket APIs (ChatApi, LobbyApi): choose one with --api LOGICAL_ID (or "api" in apigw-ws.config.json)`,
    ]);
  });

  test('--api naming no WebSocket API', () => {
    const loaded = loadTemplate(fixture('problems', 'template.yaml'), { ...BASE, api: 'RestApi' });
    expect(loaded.problems).toEqual([
      `${label(fixture('problems', 'template.yaml'))}: --api RestApi: no WebSocket API (AWS::ApiGatewayV2::Api with ProtocolType WEBSOCKET) has that logical id; the template has: ChatApi, LobbyApi`,
    ]);
  });

  test('what cannot run is reported once each, with its logical id, all at once', () => {
    const file = fixture('problems', 'template.yaml');
    const name = label(file);
    const loaded = loadTemplate(file, { ...BASE, api: 'ChatApi' });
    expect(loaded.problems).toEqual([
      `${name}: PythonFunction: Runtime python3.12 cannot run here (route $connect uses it): apigw-ws-local runs Node.js functions only`,
      `${name}: LostRoute: Target "integrations/NoSuchIntegration" is not integrations/{an AWS::ApiGatewayV2::Integration in this template}`,
      `${name}: MissingFunction: Handler nothere.handler: no ${label(fixture('problems', 'js', 'nothere'))}.js, .mjs, .cjs or .ts`,
      `${name}: TableFunction Environment: AWS_REGION is reserved by Lambda, which refuses to deploy a function that sets it ("Reserved keys used in this request: AWS_REGION"); remove it`,
    ]);
    expect(loaded.warnings).toEqual([
      `${name}: HttpInteg: IntegrationType HTTP_PROXY (route pets) is not emulated: only Lambda integrations (AWS_PROXY) run, so route pets is left out`,
      `${name}: TableFunction: Environment TABLE: parameter TableName has no Default: give it with --parameter-overrides TableName=VALUE; the variable is left out: give it with --env TABLE=VALUE (it applies to every function) or in apigw-ws.config.json functions.TableFunction.environment`,
      `${name}: Resources: not emulated, so handlers cannot reach them locally: LobbyApi, RestApi (AWS::ApiGatewayV2::Api)`,
    ]);
  });

  test('a YAML error names the file, line and column', () => {
    const loaded = loadTemplate(fixture('broken', 'template.yaml'), BASE);
    expect(loaded.problems).toEqual([`${label(fixture('broken', 'template.yaml'))}:7:1: Map keys must be unique`]);
  });

  test('an unknown short tag is named with the list of CloudFormation tags', () => {
    const loaded = loadTemplate(fixture('broken', 'bad-tag.yaml'), BASE);
    expect(loaded.problems).toEqual([
      `${label(fixture('broken', 'bad-tag.yaml'))}:5:26: Unresolved tag: !Refs (CloudFormation's short tags: !Ref, !Condition, !GetAtt, !Sub, !Join, !Select, !Split, !If, !FindInMap, !Base64, !GetAZs, !ImportValue, !Equals, !And, !Or, !Not, !Cidr, !Transform, !Length, !ToJsonString)`,
    ]);
  });

  test('a missing file and a file without Resources', () => {
    expect(loadTemplate(fixture('nope.yaml'), BASE).problems).toEqual([
      `${label(fixture('nope.yaml'))}: cannot read the template: ENOENT: no such file or directory, open '${fixture('nope.yaml')}'`,
    ]);
    expect(loadTemplate(fixture('broken', 'no-resources.yaml'), BASE).problems).toEqual([`${label(fixture('broken', 'no-resources.yaml'))}: not a CloudFormation template: it has no Resources section`]);
  });
});
