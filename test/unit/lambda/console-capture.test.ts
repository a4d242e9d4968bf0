import { describe, expect, it } from 'vitest';
import { patchConsole } from '../../../src/lambda/console-capture.js';

describe('patchConsole', () => {
  it('maps console methods to Lambda levels and restores them', () => {
    const original = () => 'original';
    const target = { log: original, info: original, warn: original, error: original, debug: original, trace: original } as unknown as Console;
    const calls: Array<[string, unknown[]]> = [];
    const restore = patchConsole(target, (level, args) => calls.push([level, args]));
    target.log('a', 1);
    target.info('b');
    target.warn('c');
    target.error('d');
    target.debug('e');
    target.trace('f');
    (target as unknown as { fatal(m: string): void }).fatal('g');
    expect(calls).toEqual([
      ['INFO', ['a', 1]],
      ['INFO', ['b']],
      ['WARN', ['c']],
      ['ERROR', ['d']],
      ['DEBUG', ['e']],
      ['TRACE', ['f']],
      ['FATAL', ['g']],
    ]);
    restore();
    expect(target.log).toBe(original);
    expect('fatal' in target).toBe(false);
  });
});
