import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { open } from '../helpers/ws-client.js';

const projectRoot = path.join(path.dirname(fileURLToPath(import.meta.url)), '../..');
const work = mkdtempSync(path.join(os.tmpdir(), 'apigw-ws-local-pack-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// The package as published: `npm pack`, then `npx --yes ./apigw-ws-local-<version>.tgz` in an empty
// folder must install (dependencies only) and start the chat room.
describe('the published package', () => {
  it('installs from its tarball with npx and starts the chat room', async () => {
    // dist/ is built by `npm test` before vitest runs; no need to run `prepare` again.
    execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', work], { cwd: projectRoot, stdio: 'ignore' });
    const tarball = readdirSync(work).find((file) => file.endsWith('.tgz')) as string;
    const empty = path.join(work, 'empty');
    mkdirSync(empty);
    // Its own process group: npx does not forward signals to the CLI it starts, so the group gets them.
    const child = spawn('npx', ['--yes', `../${tarball}`, '--port', '0', '--log-level', 'warn'], { cwd: empty, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const signalGroup = (signal: NodeJS.Signals) => {
      try {
        process.kill(-(child.pid as number), signal);
      } catch {
        // already gone
      }
    };
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    try {
      await expect.poll(() => stdout.split('\n').filter(Boolean).length, { timeout: 150_000, interval: 200 }).toBeGreaterThanOrEqual(3);
      const [wsUrl, managementUrl, pageUrl] = stdout.split('\n');
      expect(wsUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/local$/);
      expect(managementUrl).toBe(`${wsUrl?.replace('ws://', 'http://')}/@connections`);
      const page = await fetch(pageUrl as string);
      expect(page.status).toBe(200);
      const client = await open(`${wsUrl}?name=zed`);
      client.send({ action: 'join', room: 'lobby' });
      expect(JSON.parse(await client.nextMessage())).toEqual({ type: 'joined', room: 'lobby', name: 'zed' });
      signalGroup('SIGINT');
      expect(await client.closed).toEqual({ code: 1001, reason: 'Going away' });
    } catch (error) {
      throw new Error(`${(error as Error).message}\nstdout: ${stdout}\nstderr: ${stderr}`, { cause: error });
    } finally {
      signalGroup('SIGKILL');
    }
  }, 180_000);
});
