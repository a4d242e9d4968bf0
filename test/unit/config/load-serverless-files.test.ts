import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadServerless, type ServerlessLoadOptions } from '../../../src/config/serverless/load-serverless.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/serverless');
const base: ServerlessLoadOptions = { accountId: '123456789012', apiId: 'abcdef1234', env: {}, label: 'serverless.yml' };
const load = (file: string, options: Partial<ServerlessLoadOptions> = {}) => loadServerless(path.join(fixtures, file), { ...base, ...options });

describe('loadServerless: ${file(...)} variables', () => {
  it('reads resources and custom from YAML and JSON files beside serverless.yml; self: in an included file is serverless.yml', () => {
    const environment = {
      TABLE: 'split-chat-dev-connections',
      LOG_LEVEL: 'debug',
      // config.dev.json has no greeting: the fallback.
      GREETING: 'hello',
      TABLE_ARN: 'arn:aws:dynamodb:eu-west-1:123456789012:table/split-chat-dev-connections',
    };
    expect(load('file-variables/serverless.yml')).toEqual({
      file: path.join(fixtures, 'file-variables/serverless.yml'),
      // What --watch watches besides serverless.yml.
      includes: ['resources/routes.yml', 'resources/dynamodb.yml', 'config.dev.json'].map((file) => path.join(fixtures, 'file-variables', file)),
      options: {
        root: path.join(fixtures, 'file-variables'),
        apiId: 'abcdef1234',
        stage: 'dev',
        region: 'eu-west-1',
        routeSelectionExpression: '$request.body.action',
        routes: { $connect: { function: 'split-chat-dev-connect' }, sendmessage: { function: 'split-chat-dev-message' } },
        functions: {
          'split-chat-dev-connect': { handler: 'handler.connect', runtime: 'nodejs20.x', timeoutMs: 6000, memorySizeMb: 1024, environment },
          'split-chat-dev-message': { handler: 'handler.message', runtime: 'nodejs20.x', timeoutMs: 6000, memorySizeMb: 256, environment },
        },
        dynamodb: { tables: [{ name: 'split-chat-dev-connections', hashKey: { name: 'connectionId', type: 'S' } }] },
      },
      // The topic's ${ssm:...} is never resolved: only tables' properties are read.
      warnings: ['serverless.yml: resources.Resources: not emulated, so handlers cannot reach them locally: AlarmTopic (AWS::SNS::Topic)'],
      problems: [],
    });
  });

  it('follows --stage into the file name: config.prod.json', () => {
    const { options, problems } = load('file-variables/serverless.yml', { stage: 'prod' });
    expect(problems).toEqual([]);
    expect(options.functions?.['split-chat-prod-message']).toEqual({
      handler: 'handler.message',
      runtime: 'nodejs20.x',
      timeoutMs: 6000,
      memorySizeMb: 1024,
      environment: {
        TABLE: 'split-chat-prod-connections',
        LOG_LEVEL: 'warn',
        GREETING: 'welcome',
        TABLE_ARN: 'arn:aws:dynamodb:eu-west-1:123456789012:table/split-chat-prod-connections',
      },
    });
    expect(options.dynamodb).toEqual({ tables: [{ name: 'split-chat-prod-connections', hashKey: { name: 'connectionId', type: 'S' } }] });
  });

  it('reports a missing file, a missing key, a parse error, a JavaScript file and a cycle, each once where it is written', () => {
    const loaded = load('file-variable-problems/serverless.yml');
    expect(loaded.problems).toEqual([
      // Reached through functions.parseError's route.
      'serverless.yml: custom.broken: ${file(./broken.yml)}: broken.yml:1:8: Nested mappings are not allowed in compact mappings',
      'serverless.yml: functions.javascript.events[0].websocket: ${file(./routes.js):route}: routes.js is JavaScript, which the Framework runs to get the value; apigw-ws-local runs no code from serverless.yml: put the values in a .yml or .json file',
      // Named in the included file where the cycle closes.
      'loop-a.yml: next: circular reference: loop-a.yml:next -> loop-b.yml:next -> loop-a.yml:next',
      // The table needs it: a problem, once, not at resources.Resources.Table.
      'serverless.yml: custom.tableName: ${file(./settings.yml):tableName}: settings.yml has no tableName, and there is no fallback',
      'serverless.yml: functions.absent.handler: ${file(./absent.yml):handler}: absent.yml does not exist (paths are relative to the service directory), and there is no fallback',
    ]);
    expect(loaded.warnings).toEqual([
      "serverless.yml: functions.javascriptWithFallback.events[0].websocket: ${file(./routes.js):other, 'ping'}: routes.js is JavaScript, which the Framework runs to get the value; apigw-ws-local runs no code from serverless.yml: put the values in a .yml or .json file; the fallback after it is used",
      // provider.environment.TABLE in each function and functions.withTable.environment.TABLE_AGAIN: one line.
      'serverless.yml: custom.tableName: ${file(./settings.yml):tableName}: settings.yml has no tableName, and there is no fallback; environment variables that use it are left out: give them with --env NAME=VALUE',
    ]);
    expect(loaded.options.routes).toEqual({
      table: { function: 'file-problems-dev-withTable' },
      ping: { function: 'file-problems-dev-javascriptWithFallback' },
    });
  });

  it('names an included file beside the label given for serverless.yml', () => {
    const loaded = load('file-variable-problems/serverless.yml', { label: 'services/chat/serverless.yml' });
    expect(loaded.problems[2]).toBe(`${path.join('services/chat', 'loop-a.yml')}: next: circular reference: loop-a.yml:next -> loop-b.yml:next -> loop-a.yml:next`);
    expect(loaded.problems[0]).toBe(`services/chat/serverless.yml: custom.broken: \${file(./broken.yml)}: ${path.join('services/chat', 'broken.yml')}:1:8: Nested mappings are not allowed in compact mappings`);
  });

  it('reads functions and a list of resources from files that include other files; a problem in an included file names that file', () => {
    const loaded = load('file-variables-split/serverless.yml');
    const function_ = (handler: string) => ({
      handler,
      runtime: 'nodejs20.x',
      timeoutMs: 6000,
      memorySizeMb: 1024,
      environment: { WITH: 'fallback', NESTED: 'from-deep' },
    });
    expect(loaded.options.functions).toEqual({ 'split-dev-connect': function_('handler.connect'), 'split-dev-message': function_('handler.message') });
    expect(loaded.options.routes).toEqual({ $connect: { function: 'split-dev-connect' }, message: { function: 'split-dev-message' } });
    expect(loaded.options.dynamodb).toEqual({ tables: [{ name: 'a-dev', hashKey: { name: 'id', type: 'S' } }] });
    expect(loaded.problems).toEqual(['resources/b.yml: Resources.B.Properties.TableName: ${env:B_TABLE}: environment variable B_TABLE is not set, and there is no fallback']);
    expect(loaded.warnings).toEqual([
      "serverless.yml: provider.environment.WITH: ${self:custom.secret, 'fallback'}: at custom.secret, ${ssm:/x}: ssm variables are not resolved locally (they read AWS Systems Manager Parameter Store); apigw-ws-local resolves self, opt, sls, env, aws, file and strToBool; the fallback after it is used",
    ]);
    expect(load('file-variables-split/serverless.yml', { env: { B_TABLE: 'b-table' } }).options.dynamodb).toEqual({
      tables: [
        { name: 'a-dev', hashKey: { name: 'id', type: 'S' } },
        { name: 'b-table', hashKey: { name: 'id', type: 'S' } },
      ],
    });
  });
});
