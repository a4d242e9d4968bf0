import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadServerless, type ServerlessLoadOptions } from '../../../src/config/serverless/load-serverless.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/serverless');
const base: ServerlessLoadOptions = { accountId: '123456789012', apiId: 'abcdef1234', env: {}, label: 'serverless.yml' };
const load = (file: string, options: Partial<ServerlessLoadOptions> = {}) => loadServerless(path.join(fixtures, file), { ...base, ...options });
/** How messages show a path: relative to the working directory. */
const shown = (...parts: string[]) => path.relative(process.cwd(), path.join(fixtures, ...parts));

describe('loadServerless', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('reads a chat service: routes, functions with Framework defaults, intrinsics in environment, the connections table', () => {
    const loaded = load('chat/serverless.yml');
    const environment = {
      TABLE: 'chat-dev-connections',
      TABLE_ARN: 'arn:aws:dynamodb:eu-west-1:123456789012:table/chat-dev-connections',
      ENDPOINT: 'https://abcdef1234.execute-api.eu-west-1.amazonaws.com/dev',
    };
    const defaults = { timeoutMs: 6000, memorySizeMb: 1024, runtime: 'nodejs20.x' };
    expect(loaded).toEqual({
      file: path.join(fixtures, 'chat/serverless.yml'),
      options: {
        root: path.join(fixtures, 'chat'),
        apiId: 'abcdef1234',
        stage: 'dev',
        region: 'eu-west-1',
        routeSelectionExpression: '$request.body.action',
        routes: {
          $connect: { function: 'chat-dev-connect' },
          $disconnect: { function: 'chat-dev-disconnect' },
          $default: { function: 'chat-dev-default' },
          sendmessage: { function: 'chat-dev-sendMessage' },
        },
        functions: {
          'chat-dev-connect': { handler: 'handler.connect', ...defaults, environment },
          'chat-dev-disconnect': { handler: 'handler.disconnect', ...defaults, environment },
          'chat-dev-default': { handler: 'handler.fallback', ...defaults, environment },
          'chat-dev-sendMessage': {
            handler: 'handler.sendMessage',
            ...defaults,
            environment: { ...environment, SELF_ARN: 'arn:aws:lambda:eu-west-1:123456789012:function:chat-dev-sendMessage', STAGE_NAME: 'dev' },
          },
        },
        dynamodb: { tables: [{ name: 'chat-dev-connections', hashKey: { name: 'connectionId', type: 'S' }, ttlAttribute: 'ttl' }] },
      },
      // status (an httpApi function) could be invoked, but its file is not in the fixture.
      warnings: [`serverless.yml: functions without a route left out (not invocable): status (status.get: no ${shown('chat/status')}.js, .mjs, .cjs or .ts)`],
      problems: [],
    });
  });

  it('takes --stage and --region over provider.stage and provider.region, in names and values', () => {
    const { options, problems } = load('chat/serverless.yml', { stage: 'prod', region: 'us-west-2' });
    expect(problems).toEqual([]);
    expect(options.stage).toBe('prod');
    expect(options.region).toBe('us-west-2');
    expect(options.routes).toEqual({
      $connect: { function: 'chat-prod-connect' },
      $disconnect: { function: 'chat-prod-disconnect' },
      $default: { function: 'chat-prod-default' },
      sendmessage: { function: 'chat-prod-sendMessage' },
    });
    expect(options.functions?.['chat-prod-sendMessage']?.environment).toEqual({
      TABLE: 'chat-prod-connections',
      TABLE_ARN: 'arn:aws:dynamodb:us-west-2:123456789012:table/chat-prod-connections',
      ENDPOINT: 'https://abcdef1234.execute-api.us-west-2.amazonaws.com/prod',
      SELF_ARN: 'arn:aws:lambda:us-west-2:123456789012:function:chat-prod-sendMessage',
      STAGE_NAME: 'prod',
    });
    expect(options.dynamodb).toEqual({ tables: [{ name: 'chat-prod-connections', hashKey: { name: 'connectionId', type: 'S' }, ttlAttribute: 'ttl' }] });
  });

  it('reads object-form events: a $connect authorizer with its identity sources, a two-way route, provider and function settings', () => {
    expect(load('authorized/serverless.yml')).toEqual({
      file: path.join(fixtures, 'authorized/serverless.yml'),
      options: {
        root: path.join(fixtures, 'authorized'),
        apiId: 'abcdef1234',
        stage: 'staging',
        routeSelectionExpression: '$request.body.route',
        routes: {
          $connect: { function: 'secure-chat-staging-connect' },
          echo: { function: 'secure-chat-staging-echo', routeResponse: true },
        },
        functions: {
          'secure-chat-authorizer': { handler: 'src/auth.handler', timeoutMs: 3000, memorySizeMb: 256, environment: {}, runtime: 'nodejs20.x' },
          'secure-chat-staging-connect': { handler: 'src/chat.connect', timeoutMs: 10_000, memorySizeMb: 256, environment: {}, runtime: 'nodejs20.x' },
          'secure-chat-staging-echo': { handler: 'src/chat.echo', timeoutMs: 10_000, memorySizeMb: 512, environment: {}, runtime: 'nodejs20.x' },
        },
        authorizer: { function: 'secure-chat-authorizer', identitySources: ['route.request.querystring.token'] },
        dynamodb: { tables: [] },
      },
      warnings: [],
      problems: [],
    });
  });

  it('reads serverless.json with provider: aws, functions as a list of maps and a string authorizer (identity source route.request.header.Auth)', () => {
    expect(load('json/serverless.json')).toEqual({
      file: path.join(fixtures, 'json/serverless.json'),
      options: {
        root: path.join(fixtures, 'json'),
        apiId: 'abcdef1234',
        stage: 'dev',
        routeSelectionExpression: '$request.body.action',
        routes: { $connect: { function: 'json-chat-dev-connect' } },
        functions: {
          'json-chat-dev-connect': { handler: 'handler.connect', timeoutMs: 6000, memorySizeMb: 1024, environment: {} },
          'json-chat-dev-auth': { handler: 'handler.auth', timeoutMs: 6000, memorySizeMb: 1024, environment: {} },
        },
        authorizer: { function: 'json-chat-dev-auth', identitySources: ['route.request.header.Auth'] },
        dynamodb: { tables: [] },
      },
      warnings: [],
      problems: [],
    });
  });

  describe('variables', () => {
    it('resolves self, opt, sls, env, aws and strToBool with fallbacks, nesting and types; leaves ${AWS::Region} to Fn::Sub', () => {
      expect(load('variables/serverless.yml', { env: { CHAT_SECRET: 's3cret' } })).toEqual({
        file: path.join(fixtures, 'variables/serverless.yml'),
        options: {
          root: path.join(fixtures, 'variables'),
          apiId: 'abcdef1234',
          stage: 'dev',
          region: 'eu-central-1',
          routeSelectionExpression: '$request.body.action',
          routes: { hello: { function: 'vars-dev-echo-fn', routeResponse: true } },
          functions: {
            'vars-dev-echo-fn': {
              handler: 'handler.echo',
              runtime: 'nodejs20.x',
              timeoutMs: 12_000,
              memorySizeMb: 512,
              environment: {
                STAGE: 'dev',
                REGION: 'eu-central-1',
                ACCOUNT: '123456789012',
                TABLE: 'dev-table',
                FROM_ENV: 's3cret',
                WITH_DEFAULT: 'fallback',
                CHAIN: 'dev',
                NUMBER: '42',
                MIXED: 'hello-dev-12',
                SUB: 'arn:aws:execute-api:eu-central-1:123456789012:abcdef1234/dev/*',
                FLAG: 'false',
              },
            },
          },
          dynamodb: { tables: [] },
        },
        warnings: [],
        problems: [],
      });
    });

    it('follows --stage and --region through nested variables', () => {
      const { options, problems, warnings } = load('variables/serverless.yml', {
        stage: 'prod',
        region: 'us-west-2',
        env: { CHAT_SECRET: 's3cret', FLAG_TEXT: 'TRUE' },
      });
      expect([problems, warnings]).toEqual([[], []]);
      expect(options.region).toBe('us-west-2');
      expect(options.functions).toEqual({
        'vars-prod-echo-fn': {
          handler: 'handler.echo',
          runtime: 'nodejs20.x',
          timeoutMs: 12_000,
          memorySizeMb: 2048,
          environment: {
            STAGE: 'prod',
            REGION: 'us-west-2',
            ACCOUNT: '123456789012',
            TABLE: 'prod-table',
            FROM_ENV: 's3cret',
            WITH_DEFAULT: 'fallback',
            CHAIN: 'prod',
            NUMBER: '42',
            MIXED: 'hello-prod-12',
            SUB: 'arn:aws:execute-api:us-west-2:123456789012:abcdef1234/prod/*',
            FLAG: 'true',
          },
        },
      });
    });

    it('reads ${env:...} from process.env by default', () => {
      vi.stubEnv('CHAT_SECRET', 'from-process');
      const { env: _env, ...withoutEnv } = base;
      const loaded = loadServerless(path.join(fixtures, 'variables/serverless.yml'), withoutEnv);
      expect(loaded.options.functions?.['vars-dev-echo-fn']?.environment?.FROM_ENV).toBe('from-process');
    });
  });

  it('reports every problem at once, each naming the key', () => {
    const loaded = load('problems/serverless.yml');
    expect(loaded.problems).toEqual([
      'serverless.yml: functions.connect.events[0].websocket.authorizer: arn:aws:lambda:us-east-1:123456789012:function:external-auth is a function outside this serverless.yml, which cannot run here: define it under functions and give its key (authorizer: { name: KEY })',
      // Reported where the cycle is, once, although two values lead to it (functions.loop's route, provider.environment.LOOP).
      'serverless.yml: custom.a: circular reference: custom.a -> custom.b -> custom.a',
      'serverless.yml: functions.noRoute.events[0].websocket: has no route: give the route key, e.g. route: $default',
      `serverless.yml: functions.literal.events[0].websocket: \${opt:stage, dev}: "dev" is neither a source (type:address) nor a literal; quote a literal fallback, e.g. 'dev'`,
      'serverless.yml: functions.objectInString.events[0].websocket: ${self:custom.rooms} is a map, which cannot be part of a string',
      "serverless.yml: functions.again.events[0].websocket: route typed is also functions.typed's: a route has one integration",
      'serverless.yml: functions.badName.name: "bad name!" is not a valid Lambda function name (1 to 64 of A-Z, a-z, 0-9, _ and -)',
      'serverless.yml: resources.Resources.Table: ${file(./names.yml):table}: names.yml does not exist (paths are relative to the service directory), and there is no fallback',
      'serverless.yml: provider.timeout: "soon" is not a positive number of seconds',
      // Reported once although every function inherits it.
      'serverless.yml: provider.environment: AWS_REGION is reserved by Lambda, which refuses to deploy a function that sets it ("Reserved keys used in this request: AWS_REGION"); remove it',
      'serverless.yml: functions.python: runtime python3.12 cannot run here (route python uses it): apigw-ws-local runs Node.js functions only',
      `serverless.yml: functions.missing.handler: src/missing.handler: no ${shown('problems/src/missing')}.js, .mjs, .cjs or .ts`,
      'serverless.yml: functions.noHandler: has no handler (route nohandler uses it): give FILE.EXPORT, e.g. handler: handler.connect',
      'serverless.yml: custom.secretHandler: ${ssm:/broken/handler}: ssm variables are not resolved locally (they read AWS Systems Manager Parameter Store); apigw-ws-local resolves self, opt, sls, env, aws, file and strToBool',
    ]);
    expect(loaded.warnings).toEqual([]);
  });

  it.each([
    ['not-aws/serverless.yml', `${shown('not-aws/serverless.yml')}: provider.name: "google": apigw-ws-local emulates API Gateway on AWS, so the provider must be aws (provider: { name: aws })`],
    ['no-websocket/serverless.yml', `${shown('no-websocket/serverless.yml')}: functions: no function has a websocket event: apigw-ws-local runs the WebSocket API (events: - websocket: $connect)`],
    ['syntax-error/serverless.yml', `${shown('syntax-error/serverless.yml')}:6:14: Nested mappings are not allowed in compact mappings`],
    [
      'typescript-config/serverless.ts',
      `${shown('typescript-config/serverless.ts')}: a .ts service file needs the Framework to run it, which apigw-ws-local does not: use serverless.yml (or .json), e.g. the output of \`serverless print > serverless.local.yml\`, given with --serverless`,
    ],
    ['absent/serverless.yml', `${shown('absent/serverless.yml')}: cannot read the file: ENOENT: no such file or directory, open '${path.join(fixtures, 'absent/serverless.yml')}'`],
  ])('%s: the problem names the file (relative to the working directory by default)', (file, problem) => {
    const { label: _label, ...options } = base;
    const loaded = loadServerless(path.join(fixtures, file), options);
    expect(loaded.problems[0]).toBe(problem);
    expect(loaded.warnings).toEqual([]);
  });

  it("says routeKey is the serverless-websockets-plugin's form of route", () => {
    const loaded = load('websockets-plugin/serverless.yml');
    expect(loaded.problems).toEqual([
      "serverless.yml: functions.connect.events[0]: websocket.routeKey is the serverless-websockets-plugin form; the Framework's websocket event takes route: $connect",
    ]);
    expect(loaded.warnings).toEqual(['serverless.yml: plugins: not run: serverless-websockets-plugin; apigw-ws-local reads serverless.yml as written']);
    expect(loaded.options.routes).toEqual({});
  });

  it('warns once about what it skips: plugins, unresolvable environment values, route responses, authorizers off $connect, published layers, resources', () => {
    const loaded = load('warnings/serverless.yml');
    const hostMajor = process.versions.node.split('.')[0];
    expect(loaded.problems).toEqual([]);
    expect(loaded.warnings).toEqual([
      // serverless-esbuild is not named: a TypeScript handler runs here as it is.
      'serverless.yml: plugins: not run: serverless-offline; apigw-ws-local reads serverless.yml as written (serverless-offline is not needed with it)',
      'serverless.yml: functions.message.events[0].websocket.routeResponseSelectionExpression: $request.body.reply: WebSocket APIs support only $default, so route message is one-way',
      'serverless.yml: functions.message.events[0].websocket.authorizer: route message is not $connect: API Gateway runs authorizers only on $connect, so it is ignored',
      'serverless.yml: provider.environment.API_KEY: ${ssm:/noisy/api-key}: ssm variables are not resolved locally (they read AWS Systems Manager Parameter Store); apigw-ws-local resolves self, opt, sls, env, aws, file and strToBool; the variable is left out: give it with --env API_KEY=VALUE',
      "serverless.yml: provider.environment.WITH_FALLBACK: ${ssm:/noisy/other, 'local'}: ssm variables are not resolved locally (they read AWS Systems Manager Parameter Store); apigw-ws-local resolves self, opt, sls, env, aws, file and strToBool; the fallback after it is used",
      'serverless.yml: provider.environment.MISSING: ${env:NOISY_UNSET}: environment variable NOISY_UNSET is not set, and there is no fallback; the variable is left out: give it with --env MISSING=VALUE',
      'serverless.yml: provider.environment.IMPORTED: Fn::ImportValue is not supported: values exported by another stack do not exist locally; the variable is left out: give it with --env IMPORTED=VALUE',
      "serverless.yml: functions.message.environment.TOKEN: ${cf:auth-stack.Token}: cf variables are not resolved locally (they read another CloudFormation stack's outputs); apigw-ws-local resolves self, opt, sls, env, aws, file and strToBool; the variable is left out: give it with --env TOKEN=VALUE (it applies to every function) or in apigw-ws.config.json functions.noisy-dev-message.environment",
      // worker has no websocket event and no file: left out, and not named in the layer line below.
      `serverless.yml: functions without a route left out (not invocable): worker (worker.handler: no ${shown('warnings/worker')}.js, .mjs, .cjs or .ts)`,
      // One line for every function that inherits it.
      ...(hostMajor === '18' ? [] : [`serverless.yml: provider.runtime: nodejs18.x runs on this machine's Node.js ${process.versions.node}`]),
      "serverless.yml: provider.layers[0]: arn:aws:lambda:us-east-1:123456789012:layer:shared:1 is a published layer, not downloaded here, so its modules will not resolve locally (functions noisy-dev-connect, noisy-dev-message): install them in the service's directory, or list the function's layer folders, with this one's, in apigw-ws.config.json functions.<name>.layers (the list replaces serverless.yml's)",
      'serverless.yml: resources.Resources: not emulated, so handlers cannot reach them locally: Queue (AWS::SQS::Queue); Bucket (AWS::S3::Bucket); Topic (AWS::SNS::Topic)',
    ]);
    expect(loaded.options.functions).toEqual({
      'noisy-dev-connect': { handler: 'handler.connect', runtime: 'nodejs18.x', timeoutMs: 6000, memorySizeMb: 1024, environment: { WITH_FALLBACK: 'local' } },
      'noisy-dev-message': {
        handler: 'handler.message',
        runtime: 'nodejs18.x',
        timeoutMs: 6000,
        memorySizeMb: 1024,
        environment: { WITH_FALLBACK: 'local', QUEUE: 'https://sqs.us-east-1.amazonaws.com/123456789012/noisy-dev-Queue' },
      },
    });
    expect(loaded.options.routes).toEqual({ $connect: { function: 'noisy-dev-connect' }, message: { function: 'noisy-dev-message' } });
    expect(loaded.options.authorizer).toBeUndefined();
  });
});
