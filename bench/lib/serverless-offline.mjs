// --compare-serverless-offline DIR: the same workload and matrix under serverless-offline (the
// emulator most projects use today), from the user's own install in DIR (serverless@3 and
// serverless-offline), beside a dynalite of its own since it has no DynamoDB. Both processes'
// memory is counted, as the emulator's embedded DynamoDB is counted in its own.
import { spawn } from 'node:child_process';
import { existsSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import path from 'node:path';
import { createTables, startDynalite } from './dynalite-process.mjs';
import { startRssSampler } from './rss-sampler.mjs';
import { runScenario, warmUp } from './run-scenario.mjs';
import { medianOfRuns } from './stats.mjs';
import { HANDLER_ENV, ROUTES, prepareHandlers } from './workload.mjs';

const READY_TIMEOUT_MS = 90_000;
const KIB_PER_MIB = 1024;

/**
 * @param {{ dir: string, handlersDir: string, workDir: string, matrix: import('./matrix.mjs').Scenario[], warmupRuns?: number,
 *   repeat: number, log: (line: string) => void }} plan
 */
export async function runServerlessOffline(plan) {
  const cli = path.join(plan.dir, 'node_modules/serverless/bin/serverless.js');
  if (!existsSync(cli) || !existsSync(path.join(plan.dir, 'node_modules/serverless-offline'))) {
    throw new Error(`--compare-serverless-offline: ${plan.dir} has no node_modules/serverless and serverless-offline (npm install serverless@3 serverless-offline there)`);
  }
  const runs = [];
  for (let round = 1; round <= plan.repeat; round++) runs.push(await runOnce(plan, cli, round));
  return { median: medianOfRuns(runs), runs };
}

async function runOnce(plan, cli, round) {
  const [wsPort, httpPort, lambdaPort] = [await findFreePort(), await findFreePort(), await findFreePort()];
  const dynamodb = await startDynalite();
  const service = await writeService(plan, { wsPort, httpPort, lambdaPort, dynamodbEndpoint: dynamodb.endpoint });
  await createTables(dynamodb.endpoint);
  const child = spawn(process.execPath, [cli, 'offline', 'start', '--useInProcess'], {
    cwd: service,
    env: { ...process.env, SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const samplers = [startRssSampler(/** @type {number} */ (child.pid)), startRssSampler(dynamodb.pid)];
  const scenarios = {};
  try {
    const startedAt = performance.now();
    await waitForPort(wsPort, exited);
    plan.log(`run ${round}/${plan.repeat}: serverless-offline ready in ${Math.round(performance.now() - startedAt)} ms on port ${wsPort}`);
    await warmUp(plan, `ws://127.0.0.1:${wsPort}`, [/** @type {number} */ (child.pid), dynamodb.pid]);
    for (const scenario of plan.matrix) {
      scenarios[scenario.label] = await runScenario(scenario, `ws://127.0.0.1:${wsPort}`, [/** @type {number} */ (child.pid), dynamodb.pid]);
      plan.log(`  ${scenario.label}: ${JSON.stringify(scenarios[scenario.label])}`);
    }
  } finally {
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(killer);
    await dynamodb.stop();
  }
  const peakKiB = samplers.reduce((sum, sampler) => sum + sampler.stop(), 0);
  // The two peaks may come at different times: their sum is an upper bound of the pair's peak.
  return { scenarios, peak_rss_mib: Math.round(peakKiB / KIB_PER_MIB) };
}

/** A serverless.yml for the workload, its handlers, and the plugin from DIR, in the work folder. */
async function writeService(plan, ports) {
  const root = await prepareHandlers('in-process', plan.handlersDir, plan.workDir, 'serverless-offline');
  rmSync(path.join(root, 'node_modules'), { force: true });
  // serverless resolves its plugins from the service's node_modules; @aws-sdk still resolves from
  // the project's, further up, since DIR has none of it.
  symlinkSync(path.join(plan.dir, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  const functions = Object.entries(ROUTES).map(([route, handler], i) => `  f${i}:\n    handler: ${handler}\n    events:\n      - websocket: { route: '${route}' }`);
  const environment = {
    ...HANDLER_ENV,
    AWS_ENDPOINT_URL_DYNAMODB: ports.dynamodbEndpoint,
    // serverless-offline serves @connections on plain HTTP at its WebSocket port, with no redirect
    // of https://{domainName}/{stage}: the handlers are told where it is.
    APIGW_MANAGEMENT_ENDPOINT: `http://127.0.0.1:${ports.wsPort}`,
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
  };
  writeFileSync(path.join(root, 'serverless.yml'), [
    'service: apigw-ws-bench',
    "frameworkVersion: '3'",
    'provider:',
    '  name: aws',
    '  runtime: nodejs20.x',
    '  region: us-east-1',
    '  stage: bench',
    '  timeout: 10',
    '  websocketsApiRouteSelectionExpression: $request.body.action',
    '  environment:',
    ...Object.entries(environment).map(([key, value]) => `    ${key}: '${value}'`),
    'plugins:',
    '  - serverless-offline',
    'custom:',
    '  serverless-offline:',
    '    host: 127.0.0.1',
    `    httpPort: ${ports.httpPort}`,
    `    lambdaPort: ${ports.lambdaPort}`,
    `    websocketPort: ${ports.wsPort}`,
    '    noPrependStageInUrl: true',
    'functions:',
    ...functions,
    '',
  ].join('\n'));
  return root;
}

function findFreePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer().once('error', reject).listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (probe.address());
      probe.close(() => resolve(port));
    });
  });
}

/** Resolves once `port` accepts TCP connections; rejects after 90 s or when the process exits. */
async function waitForPort(port, exited) {
  let gone = false;
  exited.then(() => (gone = true));
  const deadline = performance.now() + READY_TIMEOUT_MS;
  while (performance.now() < deadline && !gone) {
    const open = await new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      }).once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(gone ? 'serverless-offline exited before it listened' : `serverless-offline did not listen on ${port} within ${READY_TIMEOUT_MS} ms`);
}
