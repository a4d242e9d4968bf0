// Scenario isolation: after a scenario, wait until the server has finished its work (the
// $disconnects of the clients that just closed, garbage collection) before the next one starts,
// so that no scenario is measured while the previous one's teardown still runs. The same rule
// applies to every target. How long it took is reported as the scenario's `teardown_s`.
import { startCpuMeter } from './rss-sampler.mjs';

const POLL_MS = 100;
/** Quiet: the server's process trees used at most this much CPU over the last window. */
const QUIET_CPU_MS = 25;
const QUIET_WINDOW_MS = 500;
/** The wait ends after this long even if the server never goes quiet (teardown_s is then 30). */
const SETTLE_BUDGET_MS = 30_000;

/**
 * Waits until the process trees of `pids` used at most QUIET_CPU_MS of CPU within QUIET_WINDOW_MS
 * (5% of one core), and resolves with the seconds waited, rounded to tenths; at most
 * SETTLE_BUDGET_MS. `readCpuMs` is for tests.
 * @param {readonly number[]} pids
 * @param {{ readCpuMs?: () => number | undefined, sleep?: (ms: number) => Promise<void>, now?: () => number }} [io]
 */
export async function waitUntilQuiet(pids, io = {}) {
  const readCpuMs = io.readCpuMs ?? startCpuMeter(pids);
  const sleep = io.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  const now = io.now ?? (() => performance.now());
  const startedAt = now();
  /** @type {Array<{ at: number, cpuMs: number }>} */
  const samples = [{ at: startedAt, cpuMs: readCpuMs() ?? 0 }];
  while (now() - startedAt < SETTLE_BUDGET_MS) {
    await sleep(POLL_MS);
    const sample = { at: now(), cpuMs: readCpuMs() ?? 0 };
    samples.push(sample);
    const windowStart = samples.findLast((s) => sample.at - s.at >= QUIET_WINDOW_MS);
    if (windowStart !== undefined && sample.cpuMs - windowStart.cpuMs <= QUIET_CPU_MS) break;
  }
  return Math.round((now() - startedAt) / 100) / 10;
}
