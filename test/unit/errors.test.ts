import { describe, expect, it } from 'vitest';
import { createProblemsError, EmulatorError, formatProblemList } from '../../src/errors.js';

const loadError = "app: Error: Cannot find module './helper'\nRequire stack:\n- /project/app.js";

describe('problem lists', () => {
  it('keeps a problem of several lines one item, its further lines indented under it', () => {
    expect(formatProblemList(['port: "x" is not a whole number', loadError])).toBe(
      ['  - port: "x" is not a whole number', "  - app: Error: Cannot find module './helper'", '    Require stack:', '    - /project/app.js'].join('\n'),
    );
  });

  it('createProblemsError: a heading with the count, the list, and the problems as they were', () => {
    const error = createProblemsError('ERR_HANDLER_NOT_FOUND', 'Invalid handlers', [loadError]);
    expect([error.code, error.name, error.message, error.problems]).toEqual([
      'ERR_HANDLER_NOT_FOUND',
      'EmulatorError [ERR_HANDLER_NOT_FOUND]',
      "Invalid handlers (1 problem):\n  - app: Error: Cannot find module './helper'\n    Require stack:\n    - /project/app.js",
      [loadError],
    ]);
  });

  it('an error of one message has it as its only problem', () => {
    const cause = new Error('EADDRINUSE');
    const error = new EmulatorError('ERR_LISTEN', 'cannot listen on 127.0.0.1:3001', { cause });
    expect([error.problems, error.cause]).toEqual([['cannot listen on 127.0.0.1:3001'], cause]);
  });
});

describe('docs/errors.md', () => {
  it('has a row for every code of the EmulatorErrorCode union, and no other', async () => {
    const { readFileSync } = await import('node:fs');
    const source = readFileSync(new URL('../../src/errors.ts', import.meta.url), 'utf8');
    const union = source.slice(source.indexOf('export type EmulatorErrorCode'), source.indexOf('export class EmulatorError'));
    const codes = [...union.matchAll(/\| '(ERR_[A-Z_]+)'/g)].map((match) => match[1]);
    const page = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
    const rows = [...page.matchAll(/^\| `(ERR_[A-Z_]+)` \|/gm)].map((match) => match[1]);
    expect(codes.length).toBe(8);
    expect([...rows].sort()).toEqual([...codes].sort());
  });
});
