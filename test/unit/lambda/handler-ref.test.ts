import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isInModulePackage, parseHandlerRef, resolveHandlerFile } from '../../../src/lambda/handler-ref.js';

const fixtures = fileURLToPath(new URL('../../fixtures', import.meta.url));
const handlers = `${fixtures}/handlers`;

describe('parseHandlerRef', () => {
  it.each([
    ['index.handler', { modulePath: 'index', moduleName: 'index', exportPath: 'handler' }],
    ['handlers/chat.onMessage', { modulePath: 'handlers/chat', moduleName: 'chat', exportPath: 'onMessage' }],
    // The module ends at the first dot of the last segment, as in the runtime; the rest is a nested export.
    ['src/chat.routes.onMessage', { modulePath: 'src/chat', moduleName: 'chat', exportPath: 'routes.onMessage' }],
    ['a.b/c.d', { modulePath: 'a.b/c', moduleName: 'c', exportPath: 'd' }],
  ])('splits %s', (handler, expected) => {
    expect(parseHandlerRef(handler)).toEqual({ handler, ...expected });
  });

  it.each([
    ['handler', 'Runtime.MalformedHandlerName', 'Bad handler'],
    ['handlers/chat', 'Runtime.MalformedHandlerName', 'Bad handler'],
    ['handlers/chat.', 'Runtime.MalformedHandlerName', 'Bad handler'],
    [
      '../outside/chat.handler',
      'Runtime.MalformedHandlerName',
      "'../outside/chat.handler' is not a valid handler name. Use absolute paths when specifying root directories in handler names.",
    ],
  ])('rejects %s', (handler, name, message) => {
    expect(() => parseHandlerRef(handler)).toThrow(expect.objectContaining({ name, message }));
  });
});

describe('resolveHandlerFile', () => {
  it.each([
    ['handlers/esm.handler', `${handlers}/esm.mjs`, 'import'],
    ['handlers/cjs.handler', `${handlers}/cjs.cjs`, 'require'],
    // .js follows the nearest package.json: "type": "module" → ESM, "type": "commonjs" → require.
    ['handlers/type-module/handler.handler', `${handlers}/type-module/handler.js`, 'import'],
    ['handlers/type-commonjs/handler.handler', `${handlers}/type-commonjs/handler.js`, 'require'],
    // No package.json in handlers/: the project's own ("type": "module") decides.
    ['handlers/chat.connect', `${handlers}/chat.js`, 'import'],
  ])('resolves %s', (handler, path, loader) => {
    expect(resolveHandlerFile(fixtures, parseHandlerRef(handler))).toEqual({ path, loader });
  });

  it('returns undefined when no file matches', () => {
    expect(resolveHandlerFile(fixtures, parseHandlerRef('handlers/nope.handler'))).toBeUndefined();
  });

  it('falls back to a package, as require.resolve from the root does', () => {
    const file = resolveHandlerFile(fileURLToPath(new URL('../../..', import.meta.url)), parseHandlerRef('ws.WebSocket'));
    expect(file).toEqual({ path: expect.stringMatching(/node_modules\/ws\/index\.js$/), loader: 'require' });
  });
});

describe('isInModulePackage', () => {
  it.each([
    [`${handlers}/type-module`, true],
    [`${handlers}/type-commonjs`, false],
    [handlers, true],
    ['/', false],
  ])('%s → %s', (folder, expected) => {
    expect(isInModulePackage(folder)).toBe(expected);
  });
});
