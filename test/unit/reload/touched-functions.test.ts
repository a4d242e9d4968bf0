import { describe, expect, it } from 'vitest';
import type { FunctionDefinition } from '../../../src/lambda/types.js';
import { codeFoldersOf, findTouchedFunctions, isInside } from '../../../src/reload/touched-functions.js';

const fn = (name: string, extra: Partial<FunctionDefinition> = {}): FunctionDefinition => ({
  name, handler: 'app.handler', root: `/p/${name}`, timeoutMs: 3000, memorySizeMb: 128, environment: {}, ...extra,
});
const functions = [
  fn('Connect'),
  fn('Send', { layers: [{ optDir: '/p/layers/shared', nodejsDir: '/p/layers/shared/nodejs' }] }),
  fn('Typed', { root: '/p', build: { entry: '/p/src/typed/app.ts', format: 'esm', target: undefined, external: [], tsconfig: '/p/tsconfig.json' } }),
];

describe('findTouchedFunctions', () => {
  it.each<[string, string[], string[]]>([
    ['a file in one function folder', ['/p/Connect/app.mjs'], ['Connect', 'Typed']],
    ['a file of a layer', ['/p/layers/shared/nodejs/util.js'], ['Send', 'Typed']],
    ['a nested file', ['/p/Send/lib/deep/x.mjs'], ['Send', 'Typed']],
    ['a sibling folder with a common prefix is not inside', ['/p/Connected/app.mjs'], ['Typed']],
    ['outside the project', ['/elsewhere/app.mjs'], []],
    ['nothing', [], []],
  ])('%s', (_name, files, expected) => {
    expect(findTouchedFunctions(functions, files)).toEqual(expected);
  });
});

describe('codeFoldersOf', () => {
  it('lists the folder, the layers and the TypeScript entry and tsconfig folders once each', () => {
    expect(codeFoldersOf(functions[1]!)).toEqual(['/p/Send', '/p/layers/shared']);
    expect(codeFoldersOf(functions[2]!)).toEqual(['/p', '/p/src/typed']);
  });
});

describe('isInside', () => {
  it.each<[string, string, boolean]>([
    ['/a/b', '/a/b', true],
    ['/a/b/c', '/a/b', true],
    ['/a/bc', '/a/b', false],
    ['/a', '/a/b', false],
  ])('%s in %s: %s', (file, folder, expected) => {
    expect(isInside(file, folder)).toBe(expected);
  });
});
