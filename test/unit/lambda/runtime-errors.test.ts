import { describe, expect, it } from 'vitest';
import { buildInvocationError, formatErrorForLog, LambdaRuntimeError } from '../../../src/lambda/runtime-errors.js';

class ValidationError extends Error {
  override name = 'ValidationError';
  readonly field = 'name';
}

describe('buildInvocationError', () => {
  it('uses the name, message and stack lines of an Error', () => {
    const error = new TypeError('bad input');
    expect(buildInvocationError(error)).toEqual({ errorType: 'TypeError', errorMessage: 'bad input', stack: error.stack?.split('\n') });
  });

  it("uses the error's name, not its constructor", () => {
    expect(buildInvocationError(new ValidationError('name is required'))).toMatchObject({ errorType: 'ValidationError', errorMessage: 'name is required' });
  });

  it('names runtime errors Runtime.<kind>', () => {
    expect(buildInvocationError(new LambdaRuntimeError('HandlerNotFound', 'index.handler is undefined or not exported'))).toMatchObject({
      errorType: 'Runtime.HandlerNotFound',
      errorMessage: 'index.handler is undefined or not exported',
    });
  });

  it.each([
    ['just a string', { errorType: 'string', errorMessage: 'just a string', stack: [] }],
    [42, { errorType: 'number', errorMessage: '42', stack: [] }],
    [{ code: 1 }, { errorType: 'object', errorMessage: '[object Object]', stack: [] }],
  ])('reports the non-error %j by its typeof', (value, expected) => {
    expect(buildInvocationError(value)).toEqual(expected);
  });
});

describe('formatErrorForLog', () => {
  it('is a tab and the error as JSON, with its own enumerable properties', () => {
    const error = new ValidationError('name is required');
    const text = formatErrorForLog(error);
    expect(text.startsWith('\t')).toBe(true);
    expect(JSON.parse(text.slice(1))).toEqual({
      errorType: 'ValidationError',
      errorMessage: 'name is required',
      name: 'ValidationError',
      field: 'name',
      stack: error.stack?.split('\n'),
    });
  });

  it('keeps the name of runtime errors out of the JSON, as the runtime does', () => {
    expect(Object.keys(JSON.parse(formatErrorForLog(new LambdaRuntimeError('ImportModuleError', 'x')).slice(1)))).toEqual([
      'errorType',
      'errorMessage',
      'stack',
    ]);
  });

  it('wraps a non-error in an Error first', () => {
    expect(JSON.parse(formatErrorForLog('just a string').slice(1))).toMatchObject({ errorType: 'Error', errorMessage: 'just a string' });
  });
});
