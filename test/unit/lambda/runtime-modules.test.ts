import { describe, expect, it } from 'vitest';
import { buildRuntimeModules, isBareSpecifier, mapOptPath } from '../../../src/lambda/runtime-modules.js';
import { findLoadErrorHint } from '../../../src/lambda/load-error-hints.js';

describe('buildRuntimeModules', () => {
  it('gives nodejs16.x and older the SDK v2 and no ES module layers; 18+ the SDK v3 and both', () => {
    expect(buildRuntimeModules({ runtimeMajor: 14 })).toEqual({ sdk: 'v2', searchDirs: [], esmSearchesLayers: false, optMappings: [] });
    expect(buildRuntimeModules({ runtimeMajor: 16 }).sdk).toBe('v2');
    expect(buildRuntimeModules({ runtimeMajor: 18 })).toEqual({ sdk: 'v3', searchDirs: [], esmSearchesLayers: true, optMappings: [] });
  });

  it('searches the last layer first, its nodejs/nodeNN before nodejs, and maps /opt paths into each', () => {
    const modules = buildRuntimeModules({
      runtimeMajor: 20,
      layers: [{ optDir: '/p/a', nodejsDir: '/p/a/nodejs' }, { nodejsDir: '/p/src-layer' }],
    });
    expect(modules.searchDirs).toEqual(['/p/src-layer/node20', '/p/src-layer', '/p/a/nodejs/node20', '/p/a/nodejs']);
    expect(modules.optMappings).toEqual([
      ['/opt/nodejs', '/p/src-layer'],
      ['/opt/nodejs', '/p/a/nodejs'],
      ['/opt', '/p/a'],
    ]);
  });
});

describe('mapOptPath', () => {
  const mappings = [['/opt/nodejs', '/p/b'], ['/opt', '/p/a']] as const;
  it.each([
    ['/opt/nodejs/utils', ['/p/b/utils', '/p/a/nodejs/utils']],
    ['/opt/lib/x.js', ['/p/a/lib/x.js']],
    ['/optimal/x', []],
    ['./opt/x', []],
    ['chat-format', []],
  ])('%s → %j', (specifier, expected) => {
    expect(mapOptPath(specifier, mappings)).toEqual(expected);
  });
});

describe('isBareSpecifier', () => {
  it.each([
    ['chat-format', true],
    ['@aws-sdk/client-dynamodb', true],
    ['aws-sdk/clients/dynamodb', true],
    ['./x', false],
    ['../x', false],
    ['/opt/nodejs/x', false],
    ['node:fs', false],
    ['file:///x.mjs', false],
  ])('%s → %s', (specifier, bare) => {
    expect(isBareSpecifier(specifier)).toBe(bare);
  });
});

describe('findLoadErrorHint', () => {
  const v2 = buildRuntimeModules({ runtimeMajor: 14 });
  it.each([
    ["Error: Cannot find module 'aws-sdk'", undefined, "Lambda's Node.js 18+ runtimes provide only the AWS SDK v3: import from @aws-sdk/client-* (e.g. @aws-sdk/client-apigatewaymanagementapi), or bundle aws-sdk v2 with your function"],
    ["Error: Cannot find module 'aws-sdk'", v2, "this function's runtime provides aws-sdk v2, which apigw-ws-local ships as an optional dependency that is not installed here (--omit=optional?): run npm install aws-sdk@2 in the project"],
    ["Error [ERR_MODULE_NOT_FOUND]: Cannot find package '@aws-sdk/client-dynamodb' imported from /x.mjs", v2, "Lambda's nodejs16.x and older runtimes provide only aws-sdk v2: install the @aws-sdk/* packages with your function (npm install @aws-sdk/client-dynamodb), or use a nodejs18.x or newer runtime"],
    ["Error: Cannot find module 'left-pad'", undefined, undefined],
    ['ReferenceError: require is not defined in ES module scope, you can use import instead', undefined, 'this file is an ES module (.mjs, or "type": "module" in package.json): use import instead of require, or name the file .cjs'],
  ])('%s', (message, modules, hint) => {
    expect(findLoadErrorHint(message, modules)).toBe(hint);
  });
});
