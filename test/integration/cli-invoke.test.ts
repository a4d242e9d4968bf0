// `apigw-ws-local invoke`: against a running emulator (a spawned `serve`), and with none running,
// through one it starts for the call. Exact stdout and exit codes.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, PROJECT_ROOT, runCli, runCliIn } from '../helpers/cli-process.js';

const project = path.join(PROJECT_ROOT, 'test/fixtures/invoke');

/** `apigw-ws-local invoke ARGS` in the fixture project, with `stdin` written to it. */
function invoke(args: string[], stdin = '') {
  const cli = runCli(() => spawn(process.execPath, [BIN, 'invoke', ...args], { cwd: project, stdio: ['pipe', 'pipe', 'pipe'] }));
  cli.child.stdin?.end(stdin);
  return cli;
}

async function startServe(): Promise<string> {
  const serve = runCliIn(project, ['--port', '0']);
  const [wsUrl] = await serve.lines(2);
  const url = `http://127.0.0.1:${new URL(wsUrl as string).port}`;
  expect(await serve.logged('[info] Lambda Invoke API')).toContain(`[info] Lambda Invoke API (every function, e.g. apigw-ws-local invoke NAME): endpoint ${url}\n`);
  return url;
}

/** A port nothing listens on (bound, then released). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('apigw-ws-local invoke', () => {
  it('against a running emulator: the event from stdin, the result on stdout, exit 0', async () => {
    const url = await startServe();
    const cli = invoke(['echo', '--event', '-', '--url', url], '{"a":1}');
    expect(await cli.exited).toBe(0);
    expect(cli.output().stdout).toBe('{"got":{"a":1},"functionName":"echo"}\n');
    expect(cli.output().stderr).toMatch(/^START RequestId: \S+ Version: \$LATEST\nEND RequestId: \S+\nREPORT RequestId: /);
  });

  it('a function error: the error document on stdout, exit 1', async () => {
    const url = await startServe();
    const cli = invoke(['fail', '--url', url]);
    expect(await cli.exited).toBe(1);
    const document = JSON.parse(cli.output().stdout) as Record<string, unknown>;
    expect(Object.keys(document)).toEqual(['errorType', 'errorMessage', 'trace']);
    expect(document).toMatchObject({ errorType: 'TypeError', errorMessage: 'invoke exploded' });
  });

  it('an unknown function: Lambda\'s error on stderr, exit 2', async () => {
    const url = await startServe();
    const cli = invoke(['nope', '--url', url]);
    expect(await cli.exited).toBe(2);
    expect(cli.output()).toEqual({ stdout: '', stderr: 'apigw-ws-local invoke: ResourceNotFoundException: Function not found: arn:aws:lambda:us-east-1:123456789012:function:nope\n' });
  });

  it('with no emulator at the URL: starts one from the project here for the call, then stops', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const cli = invoke(['chatty', '--event', 'events/chatty.json', '--url', url]);
    expect(await cli.exited).toBe(0);
    const { stdout, stderr } = cli.output();
    expect(stdout).toBe('null\n');
    expect(stderr).toContain(`[info] nothing answered at ${url}: invoked chatty in an emulator started for the call\n`);
    expect(stderr).toMatch(/\tINFO\thello from chatty 3\n/);
  });

  it('an event that is not JSON: a usage error, exit 2', async () => {
    const cli = invoke(['echo', '--event', '-'], '{nope');
    expect(await cli.exited).toBe(2);
    expect(cli.output().stderr).toMatch(/^apigw-ws-local invoke: --event - \(stdin\): not JSON: /);
  });
});
