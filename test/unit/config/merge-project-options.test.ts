import { describe, expect, it } from 'vitest';
import { checkConfigTypes } from '../../../src/config/check-config-types.js';
import { mergeProjectOptions } from '../../../src/config/merge-project-options.js';
import type { ProjectOptions } from '../../../src/config/project-options.js';

const templateAuthorizer = { function: 'Auth', identitySources: ['route.request.querystring.token'] };

describe('mergeProjectOptions', () => {
  it.each<[string, ProjectOptions, ProjectOptions, ProjectOptions['authorizer']]>([
    ['false turns the authorizer below off', { authorizer: templateAuthorizer }, { authorizer: false }, false],
    ['an authorizer over false turns it back on', { authorizer: false }, { authorizer: { handler: 'auth/index.handler' } }, { handler: 'auth/index.handler' }],
    [
      'an authorizer replaces the one below whole',
      { authorizer: templateAuthorizer },
      { authorizer: { handler: 'auth/index.handler' } },
      { handler: 'auth/index.handler' },
    ],
    ['leaving it out keeps the one below', { authorizer: templateAuthorizer }, {}, templateAuthorizer],
  ])('authorizer: %s', (_name, base, over, expected) => {
    expect(mergeProjectOptions(base, over).authorizer).toEqual(expected);
  });

  it("functions.NAME.codeDir relocates a function's code and keeps its handler, timeout and environment", () => {
    const base: ProjectOptions = {
      functions: { Echo: { handler: 'app.handler', codeDir: '/project/src', timeoutMs: 5000, environment: { GREETING: 'hello' } } },
    };
    expect(mergeProjectOptions(base, { functions: { Echo: { codeDir: 'build/echo' } } }).functions).toEqual({
      Echo: { handler: 'app.handler', codeDir: 'build/echo', timeoutMs: 5000, environment: { GREETING: 'hello' } },
    });
  });
});

describe('checkConfigTypes: authorizer', () => {
  it.each<[unknown, string[]]>([
    [false, []],
    [{ handler: 'auth/index.handler', identitySources: ['route.request.header.Auth'] }, []],
    [true, ['authorizer: expected false (no authorizer, even when the template has one) or an object like { "handler": "handlers/auth.handler" }, got true']],
    ['auth/index.handler', ['authorizer: expected false (no authorizer, even when the template has one) or an object like { "handler": "handlers/auth.handler" }, got "auth/index.handler"']],
    [{ handlr: 'x.y' }, ['authorizer: unknown option `handlr`; did you mean `handler`?']],
  ])('authorizer: %j', (authorizer, problems) => {
    expect(checkConfigTypes({ authorizer })).toEqual(problems);
  });
});
