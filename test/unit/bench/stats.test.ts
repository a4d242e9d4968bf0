import { describe, expect, it } from 'vitest';
// @ts-expect-error: the bench is plain JavaScript (run by node as it is), without types
import { cpuPerOperation, median, medianOfRuns, percentile, summarise } from '../../../bench/lib/stats.mjs';

describe('percentile (nearest rank)', () => {
  const oneToTen = [10, 1, 9, 2, 8, 3, 7, 4, 6, 5];

  it.each([
    [50, 5],
    [90, 9],
    [95, 10],
    [99, 10],
    [100, 10],
    [1, 1],
    [10, 1],
    [11, 2],
  ])('p%d of 1..10 is %d', (p, expected) => {
    expect(percentile(oneToTen, p)).toBe(expected);
  });

  it('is the only sample for any p, and undefined without samples', () => {
    expect(percentile([7.5], 1)).toBe(7.5);
    expect(percentile([7.5], 99)).toBe(7.5);
    expect(percentile([], 50)).toBeUndefined();
  });

  it('does not reorder the caller\'s array', () => {
    const samples = [3, 1, 2];
    percentile(samples, 50);
    expect(samples).toEqual([3, 1, 2]);
  });
});

describe('summarise', () => {
  it('gives n, p50, p95, p99 and max rounded to 0.01', () => {
    const samples = Array.from({ length: 200 }, (_, i) => (i + 1) / 3);
    expect(summarise(samples)).toEqual({ n: 200, p50: 33.33, p95: 63.33, p99: 66, max: 66.67 });
  });

  it('is undefined without samples', () => {
    expect(summarise([])).toBeUndefined();
  });
});

describe('median', () => {
  it.each([
    [[5], 5],
    [[3, 1, 2], 2],
    [[4, 1, 3, 2], 2.5],
    [[1, undefined, 9, Number.NaN, 5], 5],
  ])('of %j is %d', (values, expected) => {
    expect(median(values)).toBe(expected);
  });

  it('is undefined with no number', () => {
    expect(median([undefined])).toBeUndefined();
  });
});

describe('medianOfRuns', () => {
  it('takes the median of every numeric leaf and the first run\'s other leaves', () => {
    const runs = [
      { scenarios: { 'echo c=1': { msgs_per_s: 100, rtt_ms: { p50: 2 } } }, peak_rss_mib: 120, sample: ['a'] },
      { scenarios: { 'echo c=1': { msgs_per_s: 300, rtt_ms: { p50: 1 } } }, peak_rss_mib: 90, sample: ['b'] },
      { scenarios: { 'echo c=1': { msgs_per_s: 200, rtt_ms: { p50: 9 } } }, peak_rss_mib: 100, sample: ['c'] },
    ];
    expect(medianOfRuns(runs)).toEqual({ scenarios: { 'echo c=1': { msgs_per_s: 200, rtt_ms: { p50: 2 } } }, peak_rss_mib: 100, sample: ['a'] });
  });

  it('returns a single run as it is', () => {
    const run = { peak_rss_mib: 1 };
    expect(medianOfRuns([run])).toBe(run);
  });

  it('keeps a leaf some runs lack (a scenario without samples)', () => {
    expect(medianOfRuns([{ rtt_ms: undefined, lost: 3 }, { rtt_ms: { p50: 4 }, lost: 1 }])).toEqual({ rtt_ms: { p50: 4 }, lost: 2 });
  });
});

describe('cpuPerOperation', () => {
  it('gives the CPU of the processes under test in all and per operation, and the load generator\'s per operation, rounded to 0.01', () => {
    expect(cpuPerOperation({ server: 12_340, client: 1_250 }, 5000)).toEqual({ cpu_ms: 12_340, cpu_ms_per_op: 2.47, client_cpu_ms_per_op: 0.25 });
  });

  it('gives the load generator\'s alone when the server\'s could not be read', () => {
    expect(cpuPerOperation({ server: undefined, client: 300 }, 1000)).toEqual({ client_cpu_ms_per_op: 0.3 });
  });

  it('gives nothing when not metered or when nothing was done', () => {
    expect(cpuPerOperation(undefined, 5000)).toEqual({});
    expect(cpuPerOperation({ server: 120, client: 10 }, 0)).toEqual({});
  });
});
