#!/usr/bin/env node
// npm run bench: measures the emulator with the project's own workload (bench/handlers) and load
// generator (bench/lib), on loopback only, every loop bounded in count and time. Prints a table
// of results against the goals of issue #12 and writes every number to a JSON file.
// How to run it and read it: docs/performance.md.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { USAGE, parseBenchArgs } from './lib/args.mjs';
import { fitStorm, readFdLimit } from './lib/fd-limit.mjs';
import { buildMatrix, stormSize } from './lib/matrix.mjs';
import { buildFloorRows, buildTableRows, formatTable } from './lib/report.mjs';
import { measureSdkFloor } from './lib/sdk-floor.mjs';
import { runSdkPath } from './lib/run-path.mjs';
import { prepareHandlers } from './lib/workload.mjs';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let args;
try {
  args = parseBenchArgs(process.argv.slice(2));
} catch (error) {
  console.error(`bench: ${error.message}\n${USAGE}`);
  process.exit(2);
}
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}

const startedAt = performance.now();
// The bench's own SDK clients (counting rows) would warn about the SDK's future Node.js support
// policy, which says nothing about the measurement.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const log = (line) => console.error(`bench: ${line}`);
const wantedStorm = args.stormConnections ?? stormSize(args.quick);
const fdLimit = readFdLimit();
const stormConnections = fitStorm(wantedStorm, fdLimit);
log(`open files limit ${fdLimit?.soft ?? 'unknown'}${stormConnections < wantedStorm ? `: too low for ${wantedStorm} connections; the disconnect storm opens only ${stormConnections} (raise the hard limit: ulimit -Hn)` : ''}`);
const workDir = path.resolve(args.work ?? path.join(projectRoot, '.bench-work'));
mkdirSync(workDir, { recursive: true });
const matrix = buildMatrix(args.quick);

const byPath = {};
const floors = {};
const cores = os.availableParallelism();
for (const sdkPath of args.sdkPaths) {
  // First, on a machine with nothing else of ours running: what the SDK alone costs.
  try {
    floors[sdkPath] = await measureSdkFloor({ sdkPath, projectRoot, workDir });
    log(`SDK floor (${sdkPath}): ${JSON.stringify(floors[sdkPath])}`);
  } catch (error) {
    // The floor explains the results; the results do not depend on it.
    log(`SDK floor (${sdkPath}) not measured: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
  log(`SDK path ${sdkPath}`);
  const handlersRoot = await prepareHandlers(sdkPath, path.join(projectRoot, 'bench/handlers'), workDir);
  byPath[sdkPath] = await runSdkPath({ projectRoot, handlersRoot, matrix, repeat: args.repeat, warmupRuns: args.warmupRuns, stormConnections, log });
}
if (args.serverlessOfflineDir !== undefined) {
  log(`serverless-offline from ${args.serverlessOfflineDir}`);
  const { runServerlessOffline } = await import('./lib/serverless-offline.mjs');
  byPath['serverless-offline'] = await runServerlessOffline({ dir: path.resolve(args.serverlessOfflineDir), handlersDir: path.join(projectRoot, 'bench/handlers'), workDir, matrix, repeat: args.repeat, warmupRuns: args.warmupRuns, log });
}

const wallS = Math.round((performance.now() - startedAt) / 1000);
const results = {
  taken_at: new Date().toISOString(),
  machine: { cpus: os.cpus().length, cores, load_avg_1m: os.loadavg()[0], node: process.version, platform: `${os.platform()} ${os.release()}`, fd_limit: fdLimit?.soft },
  options: { quick: args.quick, repeat: args.repeat, warmup_runs: args.warmupRuns, sdk_paths: args.sdkPaths, storm_connections: stormConnections },
  wall_s: wallS,
  sdk_floor_ms: floors,
  paths: byPath,
};
const jsonFile = path.resolve(args.json ?? path.join(workDir, 'results.json'));
writeFileSync(jsonFile, `${JSON.stringify(results, null, 2)}\n`);

const rowsByPath = Object.fromEntries(Object.entries(byPath).map(([sdkPath, result]) => [sdkPath, {
  ...result.median.scenarios,
  'peak RSS': { mib: result.median.peak_rss_mib },
  ...(result.storm ? { 'disconnect storm': result.storm } : {}),
}]));
const rowNames = [...matrix.map((scenario) => scenario.label), 'peak RSS', ...(stormConnections > 0 ? ['disconnect storm'] : [])];
console.log(`\n${formatTable(['workload', ...Object.keys(byPath), 'goal (issue #12)'], buildTableRows(rowNames, rowsByPath))}`);
if (Object.keys(floors).length > 0) {
  console.log(`\n${formatTable(['goal (issue #12)', ...Object.keys(floors).map((name) => `best possible, ${name}`)], buildFloorRows(floors, cores, rowsByPath))}`);
  console.log(`\nbest possible: what the handlers' own AWS SDK work alone allows on this machine's ${cores} cores (no emulator, no network; bench/floor/sdk-cost.mjs),`);
  console.log(`with the load generator's own CPU per operation added where all cores are shared (echo c=10, connect w=10).`);
}
console.log(`CPU per operation: the server's whole process tree in the measured phase (ours: gateway, Lambda workers, DynamoDB; serverless-offline: with its dynalite).`);
console.log(`\n${args.warmupRuns > 0 ? `steady state (each server ran the matrix ${args.warmupRuns} time(s) unmeasured first); ` : ''}${args.repeat > 1 ? `medians of ${args.repeat} runs; ` : ''}echo RTT is p50/p95/p99/max. Whole run ${wallS} s. Every number: ${jsonFile}`);
