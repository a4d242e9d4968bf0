import { describe, expect, it } from 'vitest';
// @ts-expect-error: the bench is plain JavaScript (run by node as it is), without types
import { buildTableRows, describeResult, formatNumber, formatTable, markGoals } from '../../../bench/lib/report.mjs';

describe('formatNumber', () => {
  it.each([
    [2834.4, '2,834'],
    [100, '100'],
    [99.96, '100'],
    [3.25, '3.3'],
    [0, '0'],
    [undefined, '-'],
    [Number.NaN, '-'],
  ])('%s → %s', (value, text) => {
    expect(formatNumber(value)).toBe(text);
  });
});

describe('describeResult', () => {
  it('says msgs/s and RTT p50/p95/p99/max for echo, and what was lost', () => {
    const result = { msgs_per_s: 2834, rtt_ms: { n: 5000, p50: 3.21, p95: 5.5, p99: 8.04, max: 120.4 }, lost: 2, errors: 0 };
    expect(describeResult('echo c=10', result)).toBe('2,834 msgs/s; RTT 3.2/5.5/8/120 ms, LOST 2');
  });

  it('says the fan-out for broadcast, the rate for connect, MiB for memory, the storm\'s counts', () => {
    expect(describeResult('broadcast n=100', { fanout_ms: { p50: 31.26, p99: 40 }, lost: 0, errors: 1 })).toBe(
      'fan-out p50 31.3 ms, p99 40 ms, 1 error replies',
    );
    expect(describeResult('connect w=10', { connects_per_s: 812, connect_ms: { p50: 11.9 }, lost: 0 })).toBe('812 connects/s; p50 11.9 ms');
    expect(describeResult('peak RSS', { mib: 187 })).toBe('187 MiB');
    expect(describeResult('disconnect storm', { opened: 10000, disconnect_ok: 9990, lost: 10, rows_left: 4 })).toBe(
      '10,000 open; $disconnect ok 9,990, lost 10; rows left 4',
    );
    expect(describeResult('echo c=1', undefined)).toBe('not run');
  });
});

describe('markGoals', () => {
  it('marks each goal of the row: met ✓, missed or unmeasured ✗', () => {
    expect(markGoals('echo c=10', 'in-process', { msgs_per_s: 2500, rtt_ms: { p99: 10.01 } })).toBe('✓✗');
    expect(markGoals('broadcast n=1000', 'bundled', { fanout_ms: undefined })).toBe('✗');
    expect(markGoals('disconnect storm', 'in-process', { lost: 0, rows_left: 0 })).toBe('✓');
    expect(markGoals('disconnect storm', 'in-process', { lost: 0, rows_left: 1 })).toBe('✗');
  });

  it('applies an in-process goal to that path only, and none to rows without goals', () => {
    expect(markGoals('echo c=10', 'bundled', { msgs_per_s: 100, rtt_ms: { p99: 2 } })).toBe('✓');
    expect(markGoals('echo c=100', 'in-process', { msgs_per_s: 1 })).toBe('');
  });
});

describe('buildTableRows and formatTable', () => {
  it('lays out one row per workload, a column per path, then the goals, padded', () => {
    const rows = buildTableRows(['connect w=10', 'peak RSS'], {
      'in-process': { 'connect w=10': { connects_per_s: 812, connect_ms: { p50: 11.9 }, lost: 0 }, 'peak RSS': { mib: 187 } },
      bundled: { 'peak RSS': { mib: 260 } },
    });
    expect(formatTable(['workload', 'in-process', 'bundled', 'goal'], rows)).toBe([
      '| workload     | in-process                    | bundled   | goal              |',
      '|--------------|-------------------------------|-----------|-------------------|',
      '| connect w=10 | 812 connects/s; p50 11.9 ms ✓ | not run   | >= 700 connects/s |',
      '| peak RSS     | 187 MiB ✓                     | 260 MiB ✗ | <= 250 MiB        |',
    ].join('\n'));
  });
});
