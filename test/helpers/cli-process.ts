// The CLI as a child process: its output collected, killed after each test.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';

export const PROJECT_ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(PROJECT_ROOT, 'bin/apigw-ws-local.js');

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

/** Runs `apigw-ws-local ARGS` in `cwd`. */
export function runCliIn(cwd: string, args: string[]) {
  return runCli(() => spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] }));
}

/** Wraps a spawned CLI: `lines(n)` waits for n lines of stdout, `logged(text)` for text on stderr, `exited` for the exit code. */
export function runCli(spawnChild: () => ChildProcess) {
  const child = spawnChild();
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const lines = async (count: number): Promise<string[]> => {
    const deadline = Date.now() + 10_000;
    while (stdout.split('\n').filter(Boolean).length < count) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`CLI did not print ${count} lines; stdout: ${stdout} stderr: ${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return stdout.split('\n').filter(Boolean);
  };
  /** Waits until stderr holds `text` (log lines come after the URLs on stdout). */
  const logged = async (text: string): Promise<string> => {
    const deadline = Date.now() + 10_000;
    while (!stderr.includes(text)) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`CLI did not log ${JSON.stringify(text)}; stdout: ${stdout} stderr: ${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return stderr;
  };
  return { child, exited, lines, logged, output: () => ({ stdout, stderr }) };
}

