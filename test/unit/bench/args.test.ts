import { describe, expect, it } from 'vitest';
// @ts-expect-error: the bench is plain JavaScript (run by node as it is), without types
import { parseBenchArgs } from '../../../bench/lib/args.mjs';

describe('parseBenchArgs', () => {
  it('defaults to both SDK paths, one run, the full sizes', () => {
    expect(parseBenchArgs([])).toEqual({
      help: false,
      sdkPaths: ['in-process', 'bundled'],
      repeat: 1,
      warmupRuns: 0,
      quick: false,
      stormConnections: undefined,
      json: undefined,
      work: undefined,
      serverlessOfflineDir: undefined,
    });
  });

  it('takes one path, a repeat count, a storm size, or no storm', () => {
    expect(parseBenchArgs(['--sdk', 'bundled', '--repeat', '3', '--storm-connections', '500'])).toMatchObject({
      sdkPaths: ['bundled'],
      repeat: 3,
      stormConnections: 500,
    });
    expect(parseBenchArgs(['--skip-storm', '--storm-connections', '500']).stormConnections).toBe(0);
  });

  it('takes a number of unmeasured warm-up runs of the matrix', () => {
    expect(parseBenchArgs(['--warmup-runs', '2']).warmupRuns).toBe(2);
  });

  it.each([
    [['--sdk', 'webpack'], '--sdk must be in-process, bundled or both (got "webpack")'],
    [['--repeat', '0'], '--repeat must be a whole number from 1 to 20 (got "0")'],
    [['--repeat', '2.5'], '--repeat must be a whole number from 1 to 20 (got "2.5")'],
    [['--warmup-runs', '6'], '--warmup-runs must be a whole number from 1 to 5 (got "6")'],
    [['--warmup-runs', '1.5'], '--warmup-runs must be a whole number from 1 to 5 (got "1.5")'],
    [['--storm-connections', '60000'], '--storm-connections must be a whole number from 1 to 50000 (got "60000")'],
  ])('refuses %j', (argv, message) => {
    expect(() => parseBenchArgs(argv)).toThrow(new Error(message));
  });
});
