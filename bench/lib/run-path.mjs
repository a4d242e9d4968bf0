// One SDK path: the matrix (once per repeat, each time on a fresh emulator whose whole process
// tree is sampled for memory), then the disconnect storm on a fresh emulator of its own.
import { startEmulator } from './emulator-process.mjs';
import { startRssSampler } from './rss-sampler.mjs';
import { REPLY_TIMEOUT_MS, runScenario, warmUp } from './run-scenario.mjs';
import { medianOfRuns } from './stats.mjs';
import { createDisconnectCounter, runStorm } from './storm.mjs';
import { HANDLER_ENV, ROUTES, TABLES } from './workload.mjs';

/** The storm's opening, then its wait for the $disconnects, each ends after this at most. */
const STORM_PHASE_BUDGET_MS = 300_000;
const KIB_PER_MIB = 1024;

/**
 * @param {{ projectRoot: string, handlersRoot: string, matrix: import('./matrix.mjs').Scenario[], warmupRuns?: number,
 *   repeat: number, stormConnections: number, log: (line: string) => void }} plan
 */
export async function runSdkPath(plan) {
  const runs = [];
  for (let round = 1; round <= plan.repeat; round++) runs.push(await runMatrixOnce(plan, round));
  const storm = plan.stormConnections > 0 ? await runStormOnce(plan) : undefined;
  return { median: medianOfRuns(runs), runs, ...(storm ? { storm } : {}) };
}

async function runMatrixOnce(plan, round) {
  const emulator = await startEmulator({ projectRoot: plan.projectRoot, cwd: plan.handlersRoot, routes: ROUTES, tables: TABLES, env: HANDLER_ENV, logLevel: 'error' });
  const sampler = startRssSampler(emulator.pid);
  const scenarios = {};
  try {
    plan.log(`run ${round}/${plan.repeat}: emulator ready in ${emulator.readyMs} ms at ${emulator.url} (pid ${emulator.pid})`);
    await warmUp(plan, emulator.url, [emulator.pid]);
    for (const scenario of plan.matrix) {
      const startedAt = performance.now();
      scenarios[scenario.label] = await runScenario(scenario, emulator.url, [emulator.pid]);
      const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
      plan.log(`  ${scenario.label}: ${JSON.stringify(scenarios[scenario.label])} (${seconds} s, emulator errors so far: ${emulator.errors.count})`);
    }
  } finally {
    sampler.stop();
    await emulator.stop();
  }
  return {
    scenarios,
    ready_ms: emulator.readyMs,
    peak_rss_mib: Math.round(sampler.peakKiB / KIB_PER_MIB),
    emulator_errors: emulator.errors.count,
    ...(emulator.errors.count > 0 ? { emulator_error_sample: emulator.errors.sample } : {}),
  };
}

async function runStormOnce(plan) {
  const counter = createDisconnectCounter();
  // Log level info: the REPORT line of each $disconnect is how the storm knows it finished.
  const emulator = await startEmulator({ projectRoot: plan.projectRoot, cwd: plan.handlersRoot, routes: ROUTES, tables: TABLES, env: HANDLER_ENV, logLevel: 'info', onLine: counter.onLine });
  const sampler = startRssSampler(emulator.pid);
  try {
    plan.log(`disconnect storm: ${plan.stormConnections} connections at ${emulator.url}`);
    const dynamodbEndpoint = await emulator.findDynamodbEndpoint();
    const result = await runStorm({
      url: emulator.url,
      connections: plan.stormConnections,
      dynamodbEndpoint,
      table: HANDLER_ENV.TABLE_CONNECTIONS,
      counts: counter.counts,
      replyTimeoutMs: REPLY_TIMEOUT_MS,
      phaseBudgetMs: STORM_PHASE_BUDGET_MS,
    });
    plan.log(`  storm: ${JSON.stringify(result)}`);
    return { ...result, peak_rss_mib: Math.round(sampler.stop() / KIB_PER_MIB), emulator_errors: emulator.errors.count, emulator_error_sample: emulator.errors.sample };
  } finally {
    sampler.stop();
    await emulator.stop();
  }
}
