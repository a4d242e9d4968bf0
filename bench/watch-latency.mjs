#!/usr/bin/env node
// npm run bench:watch — the time from saving a handler to the next message running the new code,
// with --watch's own watcher and reload, for a JavaScript and a TypeScript project. Loopback only;
// 10 saves per project, each bounded to 10 s. Needs `npm run build` first (it runs dist/).
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { Emulator, silentLogger, watchProject } from '../dist/index.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SAVES = 10;
const SAVE_TIMEOUT_MS = 10_000;

const cases = [
  {
    name: 'JavaScript (ESM handler imports the edited file)',
    fixture: 'test/fixtures/watch/js-app',
    options: (dir) => ({ root: dir, routes: { $default: { handler: 'handlers/echo.handler', routeResponse: true } } }),
    edit: (dir, n) => writeFileSync(path.join(dir, 'handlers/version.mjs'), `export const label = 'v${n}';\n`),
    message: () => 'hello',
    isNew: (reply, n) => reply.startsWith(`v${n}:`),
  },
  {
    name: 'TypeScript (3 functions rebuilt with esbuild)',
    fixture: 'test/fixtures/real-projects/typescript',
    options: (dir) => ({
      root: dir,
      routes: { $connect: 'src/handlers/connect.handler', $disconnect: 'src/handlers/disconnect.handler', sendAll: 'src/handlers/message.handler' },
      dynamodb: { tables: [{ name: 'ts-connections', hashKey: 'connectionId' }] },
    }),
    edit: (dir, n) => {
      const file = path.join(dir, 'src/lib/format.ts');
      writeFileSync(file, readFileSync(file, 'utf8').replace(/GREETING = '[^']*'/, `GREETING = 'v${n}'`));
    },
    message: () => JSON.stringify({ action: 'sendAll', text: 'hi' }),
    isNew: (reply, n) => reply.startsWith(`[v${n}]`),
  },
];

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

for (const run of cases) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'apigw-ws-watch-bench-'));
  cpSync(path.join(ROOT, run.fixture), dir, { recursive: true });
  const emulator = new Emulator({ ...run.options(dir), port: 0, logger: silentLogger });
  const { url } = await emulator.start();
  const watcher = watchProject({ emulator, logger: silentLogger, cwd: dir });
  await watcher.ready;
  const socket = new WebSocket(url);
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  const ask = () =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no reply in 5 s')), 5000);
      socket.once('message', (data) => {
        clearTimeout(timer);
        resolve(data.toString());
      });
      socket.send(run.message());
    });
  await ask();
  const saveToNewCode = [];
  const reloadOnly = [];
  for (let n = 1; n <= SAVES; n++) {
    const reloaded = watcher.nextReload();
    const saved = performance.now();
    run.edit(dir, n);
    // Ask until the reply comes from the new code (each ask is one real message on the same connection).
    for (;;) {
      if (performance.now() - saved > SAVE_TIMEOUT_MS) throw new Error(`${run.name}: save ${n} not running after ${SAVE_TIMEOUT_MS} ms`);
      if (run.isNew(await ask(), n)) break;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    saveToNewCode.push(performance.now() - saved);
    reloadOnly.push((await reloaded).durationMs);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  socket.close();
  await watcher.close();
  await emulator.dispose();
  rmSync(dir, { recursive: true, force: true });
  const show = (values) => `median ${median(values).toFixed(0)} ms (min ${Math.min(...values).toFixed(0)}, max ${Math.max(...values).toFixed(0)})`;
  console.log(`${run.name}: save → new code ${show(saveToNewCode)}; reload itself ${show(reloadOnly)}`);
}
