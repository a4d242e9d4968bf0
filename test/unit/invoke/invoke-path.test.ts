import { describe, expect, it } from 'vitest';
import { matchInvokePath, parseFunctionName } from '../../../src/invoke/invoke-path.js';
import { formatLogTail, LOG_TAIL_BYTES } from '../../../src/invoke/log-capture.js';

describe('matchInvokePath', () => {
  it.each([
    ['/2015-03-31/functions/echo/invocations', 'echo'],
    ['/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Aecho/invocations', 'arn:aws:lambda:us-east-1:123456789012:function:echo'],
    ['/2015-03-31/functions/echo/invocations?Qualifier=live', 'echo'],
    ['/2015-03-31/functions/echo', undefined],
    ['/local/@connections/abc', undefined],
  ])('%s → %s', (target, expected) => {
    expect(matchInvokePath(target)).toBe(expected);
  });
});

describe('parseFunctionName', () => {
  it.each([
    ['echo', { name: 'echo' }],
    ['echo:live', { name: 'echo', qualifier: 'live' }],
    ['123456789012:function:echo', { name: 'echo' }],
    ['arn:aws:lambda:us-east-1:123456789012:function:echo', { name: 'echo' }],
    ['arn:aws:lambda:us-east-1:123456789012:function:echo:$LATEST', { name: 'echo', qualifier: '$LATEST' }],
    ['no spaces', undefined],
    ['arn:aws:s3:::bucket', undefined],
  ])('%s', (functionName, expected) => {
    expect(parseFunctionName(functionName)).toEqual(expected);
  });
});

describe('formatLogTail', () => {
  it('is the base64 of the lines, each ending in a newline', () => {
    expect(Buffer.from(formatLogTail(['START a', 'END a']), 'base64').toString()).toBe('START a\nEND a\n');
  });

  it('keeps only the last 4 KB', () => {
    const lines = ['x'.repeat(LOG_TAIL_BYTES), 'END b'];
    const tail = Buffer.from(formatLogTail(lines), 'base64').toString();
    expect(tail).toHaveLength(LOG_TAIL_BYTES);
    expect(tail.endsWith('x\nEND b\n')).toBe(true);
  });
});
