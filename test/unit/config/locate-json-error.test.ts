import { describe, expect, it } from 'vitest';
import { locateJsonError } from '../../../src/config/locate-json-error.js';

/** What this Node's JSON.parse says about `text`, located. */
function locate(text: string): ReturnType<typeof locateJsonError> {
  try {
    JSON.parse(text);
  } catch (error) {
    return locateJsonError(text, (error as Error).message);
  }
  throw new Error(`expected ${JSON.stringify(text)} not to parse`);
}

describe('locateJsonError', () => {
  it.each([
    ['a stated position', '{\n  "a": 1,\n  "b" 2\n}', { line: 3, column: 7, reason: 'Unexpected number' }],
    ['an empty file', '', { line: 1, column: 1, reason: 'Unexpected end of JSON input' }],
    ['blank lines only', '\n\n', { line: 1, column: 1, reason: 'Unexpected end of JSON input' }],
    ['a cut-off file, after the last thing written', '{\n  "a": [1, 2\n\n', { line: 2, column: 13, reason: "Expected ',' or ']' after array element" }],
    ['an unexpected token in a short text (quoted whole)', '[1,,2]', { line: 1, column: 4, reason: 'Unexpected token ","' }],
    ['an unexpected token after a bad literal', '{"a": tru}', { line: 1, column: 10, reason: 'Unexpected token "}"' }],
    [
      'an unexpected line break in a long text (quoted in part)',
      '{\n  "aaaaaaaaaaaaaaaaaaaaaaaaa": 1,\n  "b": tru\n}',
      { line: 3, column: 11, reason: 'Unexpected token "\\n"' },
    ],
    ['single quotes', `{"a": 'x'}`, { line: 1, column: 7, reason: `Unexpected token "'"` }],
    [
      'a comment',
      '{\n  // comment\n  "a": 1\n}',
      { line: 2, column: 3, reason: "Expected property name or '}' (JSON has no comments: remove them, or write apigw-ws.config.mjs)" },
    ],
    ['a trailing comma', '{\n  "a": 1,\n}', { line: 3, column: 1, reason: 'Expected double-quoted property name (JSON allows no comma after the last item)' }],
    ['text after the document', '{"a":1}x', { line: 1, column: 8, reason: 'Unexpected non-whitespace character after JSON' }],
    ['a tab and a non-ASCII character, one column each', '{\n\t"é": "\\x"}', { line: 2, column: 9, reason: 'Bad escaped character' }],
  ])('%s', (_, text, location) => {
    expect(locate(text)).toEqual(location);
  });

  it("reads the position from Node 22's wording too, dropping its line and column", () => {
    expect(locateJsonError('{\n  "a" 1}', "Expected ':' after property name in JSON at position 8 (line 2 column 7)")).toEqual({
      line: 2,
      column: 7,
      reason: "Expected ':' after property name",
    });
  });
});
