// Runs one scenario of the matrix against a WebSocket URL, within a time budget.
import { runBroadcast } from './broadcast.mjs';
import { runConnect } from './connect.mjs';
import { runEcho } from './echo.mjs';
import { startCpuMeter } from './rss-sampler.mjs';
import { waitUntilQuiet } from './settle.mjs';

/** A reply (or a whole broadcast round) later than this counts as lost. */
export const REPLY_TIMEOUT_MS = 10_000;
/** No scenario runs longer than this, whatever happens. */
const SCENARIO_BUDGET_MS = 120_000;
/** Unmeasured messages per client, rounds, or connections per worker before measuring. */
const WARMUP = 2;

/**
 * @param {import('./matrix.mjs').Scenario} scenario
 * @param {string} url
 * @param {readonly number[]} [pids] the processes serving `url`: the CPU their trees use in the
 *   measured phase is reported (cpu_ms, cpu_ms_per_op), as is the bench's own (client_cpu_ms_per_op);
 *   after the scenario, the wait until they are quiet again (teardown_s, see settle.mjs)
 */
export async function runScenario(scenario, url, pids = []) {
  const result = await runPattern(scenario, url, pids);
  if (pids.length === 0) return result;
  return { ...result, teardown_s: await waitUntilQuiet(pids) };
}

/**
 * @param {import('./matrix.mjs').Scenario} scenario
 * @param {string} url
 * @param {readonly number[]} pids
 */
function runPattern(scenario, url, pids) {
  const meterCpu = () => {
    const server = pids.length > 0 ? startCpuMeter(pids) : () => undefined;
    const client = process.cpuUsage();
    return () => {
      const used = process.cpuUsage(client);
      return { server: server(), client: (used.user + used.system) / 1000 };
    };
  };
  const common = { url, warmup: WARMUP, replyTimeoutMs: REPLY_TIMEOUT_MS, budgetMs: SCENARIO_BUDGET_MS, meterCpu };
  if (scenario.pattern === 'echo') return runEcho({ ...common, clients: scenario.clients, messages: scenario.messages, payloadBytes: scenario.payloadBytes });
  if (scenario.pattern === 'broadcast') return runBroadcast({ ...common, clients: scenario.clients, rounds: scenario.rounds });
  return runConnect({ ...common, workers: scenario.workers, perWorker: scenario.perWorker });
}

/**
 * `--warmup-runs N`: the whole matrix N times on the same server, results thrown away, so that what
 * is measured next is the steady state (every function's environments started and their code
 * compiled by V8's optimising compiler) rather than the warm-up.
 * @param {{ matrix: import('./matrix.mjs').Scenario[], warmupRuns?: number, log: (line: string) => void }} plan
 * @param {string} url
 * @param {readonly number[]} pids the processes serving `url`: the measured matrix starts once they
 *   are quiet (settle.mjs), after the warm-up runs or, with none, after the server's start
 */
export async function warmUp(plan, url, pids) {
  const runs = plan.warmupRuns ?? 0;
  for (let run = 1; run <= runs; run++) {
    const startedAt = performance.now();
    for (const scenario of plan.matrix) await runScenario(scenario, url);
    plan.log(`  warm-up run ${run}/${plan.warmupRuns}: ${((performance.now() - startedAt) / 1000).toFixed(1)} s, not measured`);
  }
  // Also without warm-up runs: the server's start-up work (tables, V8 compiling) ends first.
  await waitUntilQuiet(pids);
}
