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
});
