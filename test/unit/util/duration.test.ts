import { describe, it, expect } from 'vitest';
import { parseDuration } from '../../../src/util/duration.js';

describe('parseDuration', () => {
  it.each([
    ['1500', 1500],
    ['0', 0],
    ['500ms', 500],
    ['3s', 3000],
    ['1.5s', 1500],
    ['0.0004s', 0],
    ['10m', 600_000],
    ['2h', 7_200_000],
    [' 3s ', 3000],
    ['1.25', 1],
  ])('%j → %d ms', (text, expected) => {
    expect(parseDuration(text)).toBe(expected);
  });

  const invalid = ['', 'x', '-1', '3 s', '3S', '1e3', '.5s', '1.s', '3d', 's', '3sec', '1h30m', 'Infinity', 'NaN', '0x10'];

  it.each(invalid)('rejects %j with a message naming it and the accepted forms', (text) => {
    expect(() => parseDuration(text)).toThrow(
      new Error(`invalid duration "${text}": use milliseconds or a number with ms, s, m or h, e.g. 3s`),
    );
  });

  it('rejects a duration past the largest safe integer of ms', () => {
    expect(() => parseDuration('9999999999999999h')).toThrow(
      new Error('invalid duration "9999999999999999h": too large, the maximum is 9007199254740991 ms'),
    );
  });
});
