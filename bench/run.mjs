#!/usr/bin/env node
// npm run bench: runs the shared workload (../shared/bench) against our CLI and prints the figures
// the project is measured by. Loopback only; every run is bounded in count and time.
//
// Layout: the workload handlers are copied into .bench-work/, unchanged. They run as users' code
// does: `@aws-sdk/*` from the emulator's copy, DynamoDB through AWS_ENDPOINT_URL_DYNAMODB (the
// emulator's embedded DynamoDB, in its worker thread of the server process, with the workload's tables), and
// @connections at https://{domainName}/{stage} (the emulator's redirect), with no overrides.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values: opt } = parseArgs({
  options: {
    shared: { type: 'string' },
    quick: { type: 'boolean', default: false },
    execution: { type: 'string', default: 'worker' },
    'max-environments': { type: 'string', default: '2' },
  },
});

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sharedBench = path.resolve(opt.shared ?? path.join(projectRoot, '../shared/bench'));
if (!existsSync(path.join(sharedBench, 'load.mjs'))) {
  console.error(`bench: no load generator at ${sharedBench}/load.mjs (pass --shared DIR)`);
  process.exit(2);
}
const work = path.join(projectRoot, '.bench-work');
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
cpSync(path.join(sharedBench, 'handlers'), path.join(work, 'handlers'), { recursive: true });
cpSync(path.join(sharedBench, 'load.mjs'), path.join(work, 'load.mjs'));
cpSync(path.join(sharedBench, 'lib'), path.join(work, 'lib'), { recursive: true });

const port = await freePort();
const stage = 'bench';
const routes = { $connect: 'connect.handler', $disconnect: 'disconnect.handler', $default: 'default.handler', echo: 'echo.handler', join: 'join.handler', sendAll: 'sendAll.handler' };
const args = [
  path.join(projectRoot, 'bin/apigw-ws-local.js'),
  '--port', String(port), '--stage', stage, '--log-level', 'error',
  '--execution', opt.execution, '--max-environments', opt['max-environments'],
  ...Object.entries(routes).flatMap(([k, v]) => ['--route', `${k}=handlers/${v}`]),
  '--env', 'TABLE_CONNECTIONS=bench-connections', '--env', 'TABLE_ROOMS=bench-rooms',
  '--table', 'bench-connections:connectionId', '--table', 'bench-rooms:room:connectionId',
];
const started = performance.now();
const server = spawn(process.execPath, args, { cwd: work, stdio: ['ignore', 'pipe', 'inherit'] });
const readyMs = await new Promise((resolve, reject) => {
  let out = '';
  server.stdout.on('data', (chunk) => {
    out += chunk;
    if (out.includes('\n')) resolve(performance.now() - started);
  });
  server.once('exit', (code) => reject(new Error(`server exited with ${code} before it was ready`)));
});
const url = `ws://127.0.0.1:${port}/${stage}`;
console.error(`bench: server ready in ${readyMs.toFixed(0)} ms at ${url} (pid ${server.pid})`);

const q = opt.quick;
const matrix = [
  { label: 'echo c=1', pattern: 'echo', clients: 1, messages: q ? 200 : 1000 },
  { label: 'echo c=10', pattern: 'echo', clients: 10, messages: q ? 200 : 1000 },
  { label: 'echo c=100', pattern: 'echo', clients: 100, messages: q ? 20 : 100 },
  { label: 'echo c=10 4KiB', pattern: 'echo', clients: 10, messages: q ? 100 : 500, payload: 4096 },
  { label: 'broadcast n=10', pattern: 'broadcast', clients: 10, messages: q ? 10 : 50 },
  { label: 'broadcast n=100', pattern: 'broadcast', clients: 100, messages: q ? 5 : 20 },
  { label: 'broadcast n=1000', pattern: 'broadcast', clients: 1000, messages: q ? 3 : 10 },
  { label: 'connect w=1', pattern: 'connect', clients: 1, messages: q ? 50 : 300 },
  { label: 'connect w=10', pattern: 'connect', clients: 10, messages: q ? 30 : 150 },
];
const results = [];
let rssPeakKiB = 0;
for (const run of matrix) {
  const loadArgs = [
    path.join(work, 'load.mjs'), '--url', url, '--pattern', run.pattern,
    '--clients', String(run.clients), '--messages', String(run.messages), '--payload', String(run.payload ?? 64),
    '--warmup', '2', '--timeout', '120', '--reply-timeout', '20', '--pid', `server=${server.pid}`, '--label', run.label,
  ];
  const line = await runLoad(loadArgs);
  const result = JSON.parse(line);
  results.push({ run, result });
  rssPeakKiB = Math.max(rssPeakKiB, result.procs?.server?.rss_peak_kib ?? 0);
  console.error(`bench: ${run.label}: ${summarise(result)}`);
}
server.kill('SIGTERM');
await new Promise((resolve) => server.once('exit', resolve));

console.log('\n| run | result |\n|---|---|');
for (const { run, result } of results) console.log(`| ${run.label} | ${summarise(result)} |`);
console.log(`| ready after start | ${readyMs.toFixed(0)} ms |`);
console.log(`| server RSS peak | ${(rssPeakKiB / 1024).toFixed(0)} MiB |`);

function summarise(r) {
  const rss = r.procs?.server?.rss_peak_kib;
  const lost = `lost ${r.lost ?? 0}, errors ${r.errors ?? 0}${rss ? `, server RSS peak ${Math.round(rss / 1024)} MiB` : ''}`;
  if (r.pattern === 'echo') return `${Math.round(r.msgs_per_s)} msg/s, p50 ${r.lat_ms?.p50?.toFixed(1)} ms, p99 ${r.lat_ms?.p99?.toFixed(1)} ms, ${lost}`;
  if (r.pattern === 'broadcast') return `fan-out p50 ${r.fanout_ms?.p50?.toFixed(0)} ms, p99 ${r.fanout_ms?.p99?.toFixed(0)} ms, ${Math.round(r.deliveries_per_s)} deliveries/s, ${lost}`;
  return `${Math.round(r.connects_per_s)} connects/s, p50 ${r.connect_ms?.p50?.toFixed(1)} ms, ${lost}`;
}

function runLoad(loadArgs) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, loadArgs, { cwd: work, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.once('exit', (code) => (out.trim() ? resolve(out.trim().split('\n').pop()) : reject(new Error(`load.mjs exited ${code} without a result`))));
  });
}

function freePort() {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port: free } = probe.address();
      probe.close(() => resolve(free));
    });
  });
}
