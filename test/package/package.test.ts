import { execFile, execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { connectTestClient } from 'apigw-ws-local/testing';

const projectRoot = path.join(path.dirname(fileURLToPath(import.meta.url)), '../..');
const work = mkdtempSync(path.join(os.tmpdir(), 'apigw-ws-local-pack-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// The package as published: `npm pack`, then `npx --yes ./apigw-ws-local-<version>.tgz` must install
// (dependencies only) and start the chat room in an empty folder, and a SAM project in its root.
let tarball: string | undefined;
/** `npm pack` once for both tests; dist/ is built by `npm test` before vitest runs, so no `prepare`. */
function pack(): string {
  if (tarball === undefined) {
    execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', work], { cwd: projectRoot, stdio: 'ignore' });
    tarball = path.join(work, readdirSync(work).find((file) => file.endsWith('.tgz')) as string);
  }
  return tarball;
}

/** `npx --yes TARBALL ARGS` in `cwd`, in its own process group: npx does not forward signals to the CLI it starts. */
function npx(cwd: string, args: string[]) {
  // A relative path: npx runs an absolute one as a command.
  const child = spawn('npx', ['--yes', path.relative(cwd, pack()), ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
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
  const lines = async (count: number): Promise<string[]> => {
    await expect.poll(() => stdout.split('\n').filter(Boolean).length, { timeout: 150_000, interval: 200 }).toBeGreaterThanOrEqual(count);
    return stdout.split('\n');
  };
  return { lines, signalGroup, output: () => `stdout: ${stdout}\nstderr: ${stderr}` };
}

const execFileAsync = promisify(execFile);
/** Our own vitest version, so the installed project runs the vitest these tests were written against. */
const VITEST_VERSION = (JSON.parse(readFileSync(path.join(projectRoot, 'node_modules/vitest/package.json'), 'utf8')) as { version: string }).version;

/** Runs `command args` in `cwd`, failing with its output after `timeoutMs`. */
async function run(cwd: string, command: string, args: string[], timeoutMs: number): Promise<void> {
  try {
    await execFileAsync(command, args, { cwd, timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}\nstdout: ${stdout}\nstderr: ${stderr}`, { cause: error });
  }
}

describe('the published package', () => {
  it('installs from its tarball with npx and starts the chat room', async () => {
    const empty = path.join(work, 'empty');
    mkdirSync(empty);
    const { lines, signalGroup, output } = npx(empty, ['--port', '0', '--log-level', 'warn']);
    try {
      const [wsUrl, managementUrl, pageUrl] = await lines(3);
      expect(wsUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/local$/);
      expect(managementUrl).toBe(`${wsUrl?.replace('ws://', 'http://')}/@connections`);
      const page = await fetch(pageUrl as string);
      expect(page.status).toBe(200);
      const client = await connectTestClient(`${wsUrl}?name=zed`);
      client.send({ action: 'join', room: 'lobby' });
      expect(JSON.parse(await client.nextMessage())).toEqual({ type: 'joined', room: 'lobby', name: 'zed' });
      signalGroup('SIGINT');
      expect(await client.closed).toEqual({ code: 1001, reason: 'Going away' });
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${output()}`, { cause: error });
    } finally {
      signalGroup('SIGKILL');
    }
  }, 180_000);

  it('runs a SAM project from its root, unchanged: npx apigw-ws-local finds template.yaml', async () => {
    const project = path.join(work, 'simple-chat');
    cpSync(path.join(projectRoot, 'test/fixtures/sam/simple-chat'), project, { recursive: true });
    const { lines, signalGroup, output } = npx(project, ['--port', '0', '--log-level', 'warn']);
    try {
      const [wsUrl] = await lines(2);
      expect(wsUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/Prod$/);
      const ada = await connectTestClient(wsUrl as string);
      const bo = await connectTestClient(wsUrl as string);
      ada.send({ message: 'sendmessage', data: 'from the package' });
      expect(await bo.nextMessage()).toBe('from the package');
      signalGroup('SIGINT');
      expect(await ada.closed).toEqual({ code: 1001, reason: 'Going away' });
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${output()}`, { cause: error });
    } finally {
      signalGroup('SIGKILL');
    }
  }, 180_000);

  // vitest externalizes packages in node_modules: Node itself imports them, and so the handlers they
  // import, outside vitest's module graph, where vi.mock cannot reach. `server.deps.inline` makes
  // vitest process the package (docs/testing.md#vimock-and-inline-mode). Shown with the package as
  // users install it, and our vitest, from the npm cache when it has them.
  it('vi.mock reaches a handler in inline mode with server.deps.inline, and only with it', async () => {
    const project = path.join(work, 'vitest-project');
    cpSync(path.join(projectRoot, 'test/fixtures/packed-vitest'), project, { recursive: true });
    const install = ['install', '--prefer-offline', '--no-audit', '--no-fund', path.relative(project, pack()), `vitest@${VITEST_VERSION}`];
    await run(project, 'npm', install, 150_000);
    const vitest = path.join(project, 'node_modules/.bin/vitest');
    const reply = path.join(project, 'reply.txt');

    await run(project, vitest, ['run', '--config', 'vitest.inline.config.mjs'], 60_000);
    expect(readFileSync(reply, 'utf8')).toBe('mocked hello Ada');

    rmSync(reply);
    await run(project, vitest, ['run', '--config', 'vitest.plain.config.mjs'], 60_000);
    expect(readFileSync(reply, 'utf8')).toBe('hello Ada');
  }, 300_000);
});
