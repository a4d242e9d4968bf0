import { describe, expect, it } from 'vitest';
import { resolveOptions, type ResolvedOptions } from '../../../src/config/resolve-options.js';
import type { EmulatorOptions } from '../../../src/config/options.js';
import { describeFixedChanges, mergeLiveOptions } from '../../../src/reload/live-options.js';

const ROOT = new URL('../../fixtures/handlers', import.meta.url).pathname;
const base: EmulatorOptions = { root: ROOT, apiId: 'abc123defg', routes: { $default: 'esm.handler' }, dynamodb: { tables: [{ name: 'aaa', hashKey: 'id' }] } };
const resolve = (extra: Partial<EmulatorOptions>): ResolvedOptions => resolveOptions({ ...base, ...extra } as EmulatorOptions);

describe('describeFixedChanges', () => {
  it.each<[string, Partial<EmulatorOptions>, string[]]>([
    ['nothing changed', {}, []],
    ['a new route applies live', { routes: { $default: 'esm.handler', ping: 'greeter.handler' } }, []],
    ['a new table applies live', { dynamodb: { tables: [{ name: 'aaa', hashKey: 'id' }, { name: 'bbb', hashKey: 'id' }] } }, []],
    ['port', { port: 4000 }, ['port (3001 → 4000)']],
    ['stage', { stage: 'dev' }, ['stage (local → dev)']],
    ['idle timeout', { idleTimeoutMs: 60_000 }, ['idle timeout (600000 → 60000)']],
    ['execution mode', { execution: 'inline' }, ['execution mode (worker → inline)']],
    ['global environment (an object: named only)', { environment: { A: '1' } }, ['environment (every function)']],
    ['DynamoDB turned off', { dynamodb: false }, ['DynamoDB (on, endpoint or persist directory)']],
    ['region moves the domain name too', { region: 'eu-west-1' }, ['region (us-east-1 → eu-west-1)', 'domain name (abc123defg.execute-api.us-east-1.amazonaws.com → abc123defg.execute-api.eu-west-1.amazonaws.com)']],
  ])('%s', (_name, extra, expected) => {
    expect(describeFixedChanges(resolve({}), resolve(extra))).toEqual(expected);
  });
});

describe('mergeLiveOptions', () => {
  it('takes routes, functions and tables from the reload and keeps the rest as started', () => {
    const before = resolve({});
    const after = resolve({ port: 4000, routes: { $default: 'esm.handler', ping: 'greeter.handler' }, dynamodb: { tables: [{ name: 'bbb', hashKey: 'id' }] } });
    const merged = mergeLiveOptions(before, after);
    expect(merged.port).toBe(3001);
    expect(merged.routes.map((route) => route.key)).toEqual(['$default', 'ping']);
    expect(merged.functions.map((fn) => fn.name)).toEqual(after.functions.map((fn) => fn.name));
    // A table no longer listed keeps its data until the restart: it stays known.
    expect(merged.dynamodb === false ? [] : merged.dynamodb.tables.map((table) => table.name)).toEqual(['bbb', 'aaa']);
  });
});
