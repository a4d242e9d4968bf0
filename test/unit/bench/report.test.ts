import { describe, expect, it } from 'vitest';
// @ts-expect-error: the bench is plain JavaScript (run by node as it is), without types
import { buildFloorRows, buildTableRows, describeResult, formatNumber, formatTable, markGoals } from '../../../bench/lib/report.mjs';

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

  it('adds the CPU the emulator used per message, round or connection when it was metered', () => {
    expect(describeResult('echo c=10', { msgs_per_s: 900, rtt_ms: { p50: 10, p95: 20, p99: 30, max: 40 }, cpu_ms_per_op: 2.42, lost: 0, errors: 0 })).toBe(
      '900 msgs/s; RTT 10/20/30/40 ms; CPU 2.4 ms/msg',
    );
    expect(describeResult('broadcast n=10', { fanout_ms: { p50: 12, p99: 20 }, cpu_ms_per_op: 21.04, lost: 0, errors: 0 })).toBe(
      'fan-out p50 12 ms, p99 20 ms; CPU 21 ms/round',
    );
    expect(describeResult('connect w=1', { connects_per_s: 100, connect_ms: { p50: 7.5 }, cpu_ms_per_op: 9.3, lost: 1 })).toBe(
      '100 connects/s; p50 7.5 ms; CPU 9.3 ms/connect, LOST 1',
    );
  });

  it('says how long the server took to go quiet after the scenario, when that was measured', () => {
    expect(describeResult('broadcast n=1000', { fanout_ms: { p50: 600, p99: 700 }, lost: 0, errors: 0, teardown_s: 2.3 })).toBe(
      'fan-out p50 600 ms, p99 700 ms; quiet 2.3 s after',
    );
    expect(describeResult('connect w=1', { connects_per_s: 150, connect_ms: { p50: 5 }, lost: 0, teardown_s: 0.5 })).toBe('150 connects/s; p50 5 ms; quiet 0.5 s after');
  });
});

describe('buildFloorRows', () => {
  const floor = { echo_ms: 1.25, connect_cycle_ms: 2, broadcast_ms: { 10: 4.5, 100: 45, 1000: 500 } };

  it('gives, per goal with a floor, the best value the SDK work alone allows on the cores', () => {
    expect(buildFloorRows({ 'in-process': floor, bundled: floor }, 2)).toEqual([
      ['echo c=1: RTT p99 <= 10 ms', '>= 1.3 ms: reachable', '>= 1.3 ms: reachable'],
      // 2 cores / 1.25 ms per message
      ['echo c=10: >= 2,500 msgs/s (in-process)', '<= 1,600 msgs/s: UNREACHABLE', '-'],
      // 10 clients / 1,600 msgs/s
      ['echo c=10: RTT p99 <= 10 ms', '>= 6.3 ms: reachable', '>= 6.3 ms: reachable'],
      ['broadcast n=10: fan-out p50 <= 5 ms', '>= 4.5 ms: reachable', '>= 4.5 ms: reachable'],
      ['broadcast n=100: fan-out p50 <= 35 ms', '>= 45 ms: UNREACHABLE', '>= 45 ms: UNREACHABLE'],
      ['broadcast n=1000: fan-out p50 <= 300 ms', '>= 500 ms: UNREACHABLE', '>= 500 ms: UNREACHABLE'],
      ['connect w=10: >= 700 connects/s', '<= 1,000 connects/s: reachable', '<= 1,000 connects/s: reachable'],
    ]);
  });

  it('scales with the cores: 4 cores double what throughput allows', () => {
    const rows = buildFloorRows({ 'in-process': floor }, 4);
    expect(rows[1]).toEqual(['echo c=10: >= 2,500 msgs/s (in-process)', '<= 3,200 msgs/s: reachable']);
  });

  it('adds the load generator\'s CPU per operation where all cores are shared, not to a fan-out', () => {
    const results = {
      'in-process': { 'echo c=10': { client_cpu_ms_per_op: 0.35 }, 'connect w=10': { client_cpu_ms_per_op: 1 }, 'broadcast n=10': { client_cpu_ms_per_op: 9 } },
    };
    const rows = buildFloorRows({ 'in-process': floor }, 4, results);
    // 4 cores / (1.25 + 0.35) ms
    expect(rows[1]).toEqual(['echo c=10: >= 2,500 msgs/s (in-process)', '<= 2,500 msgs/s: reachable']);
    expect(rows[2]).toEqual(['echo c=10: RTT p99 <= 10 ms', '>= 4 ms: reachable']);
    expect(rows[3]).toEqual(['broadcast n=10: fan-out p50 <= 5 ms', '>= 4.5 ms: reachable']);
    // 4 cores / (2 + 1) ms
    expect(rows[6]).toEqual(['connect w=10: >= 700 connects/s', '<= 1,333 connects/s: reachable']);
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
