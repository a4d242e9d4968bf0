import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validateHandler, validateHandlers } from '../../src/lambda/validate-handler.js';

const root = fileURLToPath(new URL('../fixtures', import.meta.url));

describe('validateHandler', () => {
  it.each([
    'handlers/esm.handler',
    'handlers/esm.nested.deeper.handler',
    'handlers/cjs.callback',
    'handlers/chat.connect',
    'handlers/type-module/handler.handler',
    'handlers/type-commonjs/handler.handler',
  ])('accepts %s', async (handler) => {
    await expect(validateHandler(root, handler)).resolves.toBeUndefined();
  });

  it.each([
    ['handlers/chat.onMessage', '"handlers/chat.onMessage": file handlers/chat.js has no export "onMessage" (found: connect, default)'],
    ['handlers/nope.x', '"handlers/nope.x": no file handlers/nope.js, .mjs, .cjs or .ts'],
    ['handlers/esm.notAFunction', '"handlers/esm.notAFunction": export "notAFunction" of file handlers/esm.mjs is not a function (it is an object)'],
    ['handlers/init-throws.handler', '"handlers/init-throws.handler": file handlers/init-throws.mjs failed to load (Error): boom at load'],
    ['handlers/syntax-error.handler', '"handlers/syntax-error.handler": file handlers/syntax-error.cjs failed to load (Runtime.UserCodeSyntaxError): SyntaxError: Unexpected end of input'],
    [
      'handlers/missing-dependency.handler',
      `"handlers/missing-dependency.handler": file handlers/missing-dependency.mjs failed to load (Runtime.ImportModuleError): Error [ERR_MODULE_NOT_FOUND]: Cannot find package 'apigw-ws-local-no-such-package' imported from ${root}/handlers/missing-dependency.mjs`,
    ],
    ['handlers/esm', '"handlers/esm": not a Lambda handler; expected path/to/file.export (Runtime.MalformedHandlerName)'],
    ['../handlers/esm.handler', `"../handlers/esm.handler": ".." is not allowed in a Lambda handler (Runtime.MalformedHandlerName); set the function's root directory instead`],
  ])('explains what is wrong with %s', async (handler, problem) => {
    await expect(validateHandler(root, handler)).resolves.toBe(problem);
  });

  it("loads the module with the function's environment", async () => {
    await expect(validateHandler(root, 'handlers/requires-env.handler')).resolves.toBe(
      '"handlers/requires-env.handler": file handlers/requires-env.mjs failed to load (Error): TABLE_NAME is not set',
    );
    await expect(validateHandler(root, 'handlers/requires-env.handler', { environment: { TABLE_NAME: 'messages' } })).resolves.toBeUndefined();
  });

  it('does not load the module into the calling thread', async () => {
    const before = Object.keys(globalThis);
    await validateHandler(root, 'handlers/logging.handler');
    expect(Object.keys(globalThis)).toEqual(before);
  });

  it('checks many handlers in one go, each with its own environment, and goes on after one that exits at load', async () => {
    const problems = await validateHandlers([
      { root, handler: 'handlers/requires-env.handler', environment: { TABLE_NAME: 'messages' } },
      { root, handler: 'handlers/exit-at-load.handler' },
      { root, handler: 'handlers/requires-env.handler' },
      { root, handler: 'handlers/nope.x' },
      { root, handler: 'handlers/chat.connect' },
    ]);
    // A module that fails while loading deploys on AWS and fails when invoked (`load`); a missing
    // file or export can never run (`start`).
    expect(problems).toEqual([
      undefined,
      { kind: 'load', message: '"handlers/exit-at-load.handler": file handlers/exit-at-load.mjs ended the process while loading (process.exit at module load)' },
      { kind: 'load', message: '"handlers/requires-env.handler": file handlers/requires-env.mjs failed to load (Error): TABLE_NAME is not set' },
      { kind: 'start', message: '"handlers/nope.x": no file handlers/nope.js, .mjs, .cjs or .ts' },
      undefined,
    ]);
  });
});
