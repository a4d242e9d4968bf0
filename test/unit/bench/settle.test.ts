import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs module of the benchmark, without types
import { waitUntilQuiet } from '../../../bench/lib/settle.mjs';

/** A fake server: its CPU counter follows `cpuMs` one poll (100 ms) at a time, then stays. */
function fakeServer(cpuMs: number[]) {
  let nowMs = 0;
  let poll = 0;
  return {
    readCpuMs: () => cpuMs[Math.min(poll++, cpuMs.length - 1)],
    sleep: async (ms: number) => {
      nowMs += ms;
    },
    now: () => nowMs,
  };
}

describe('waitUntilQuiet', () => {
  it('waits until the server used at most 25 ms of CPU over the last 500 ms', async () => {
    // Busy for 200 ms (50 ms of CPU per poll), then 2 ms per poll.
    const seconds = await waitUntilQuiet([], fakeServer([0, 50, 100, 102, 104, 106, 108, 110, 112]));
    // At 600 ms the window since 100 ms holds 58 ms of CPU; at 700 ms, since 200 ms, 10 ms.
    expect(seconds).toBe(0.7);
  });

  it('returns after one window when the server is already quiet', async () => {
    expect(await waitUntilQuiet([], fakeServer([0]))).toBe(0.5);
  });

  it('gives up after 30 s when the server never goes quiet', async () => {
    const busy = Array.from({ length: 400 }, (_, i) => i * 60);
    expect(await waitUntilQuiet([], fakeServer(busy))).toBe(30);
  });
});
