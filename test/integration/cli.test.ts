import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { connectTestClient } from 'apigw-ws-local/testing';
import { runCli } from '../helpers/cli-process.js';

const projectRoot = path.join(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(projectRoot, 'bin/apigw-ws-local.js');
const fixtures = path.join(projectRoot, 'test/fixtures/gateway');

function run(args: string[], spawnChild = () => spawn(process.execPath, [bin, ...args], { cwd: fixtures, stdio: ['ignore', 'pipe', 'pipe'] })) {
  return runCli(spawnChild);
}

describe('the CLI', () => {
  it('runs the chat room of `npm start` (no routes) with its page, from any directory', async () => {
    const { scripts } = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { scripts: { start: string } };
    const command = `exec ${scripts.start.replace(/^node bin\//, `"${process.execPath}" "${projectRoot}/bin/`).replace(/\.js/, '.js"')} --port 0 --log-level warn`;
    // An empty directory: no template.yaml, serverless.yml or config file to find there.
    const cli = run([], () =>
      spawn('/bin/sh', ['-c', command], { cwd: mkdtempSync(path.join(os.tmpdir(), 'apigw-ws-empty-')), stdio: ['ignore', 'pipe', 'pipe'] }),
    );
    const [wsUrl, , pageUrl] = await cli.lines(3);
    expect(pageUrl).toBe(`${wsUrl?.replace('ws://', 'http://').replace(/\/local$/, '')}/`);
    const page = await fetch(pageUrl as string);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toContain('<title>Chat room · apigw-ws-local</title>');
    const client = await connectTestClient(`${wsUrl}?name=ada`);
    client.send({ action: 'dance' });
    expect(JSON.parse(await client.nextMessage())).toEqual({ type: 'error', message: 'unknown action', actions: ['join', 'leave', 'sendAll'] });
    client.send({ action: 'join', room: 'lobby' });
    expect(JSON.parse(await client.nextMessage())).toEqual({ type: 'joined', room: 'lobby', name: 'ada' });
    cli.child.kill('SIGTERM');
    expect(await client.closed).toEqual({ code: 1001, reason: 'Going away' });
    expect(await cli.exited).toBe(0);
  });

  it('serves the routes it is given, prints both URLs, and exits 0 on SIGTERM after closing with 1001', async () => {
    const cli = run(['--port', '0', '--route', '$default=app.fallback', '--route', 'echo=app.message', '--route-response', 'echo', '--log-level', 'warn']);
    const [wsUrl, managementUrl] = await cli.lines(2);
    expect(wsUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/local$/);
    expect(managementUrl).toBe(`${wsUrl?.replace('ws://', 'http://')}/@connections`);
    const client = await connectTestClient(wsUrl as string);
    client.send({ action: 'echo', respond: 'hello from the CLI' });
    expect(await client.nextMessage()).toBe('hello from the CLI');
    cli.child.kill('SIGTERM');
    expect(await client.closed).toEqual({ code: 1001, reason: 'Going away' });
    expect(await cli.exited).toBe(0);
  });

  it('names every bad option at once and exits 2 before opening a port', async () => {
    const cli = run(['--port', 'x', '--route', 'nope', '--route', '$default=missing.handler', '--function-timeout', 'soon', '--stage', 'a b', '--table', 'bad', '--persist', '/tmp/x', '--dynamodb-endpoint', 'http://127.0.0.1:1']);
    expect(await cli.exited).toBe(2);
    const { stdout, stderr } = cli.output();
    expect(stdout).toBe('');
    expect(stderr).toContain('apigw-ws-local: cannot start:');
    expect(stderr).toContain('  - --route "nope": use KEY=HANDLER');
    expect(stderr).toContain('  - --port "x": expected a whole number');
    expect(stderr).toContain('  - --function-timeout: invalid duration "soon"');
    expect(stderr).toContain('  - stage: "a b" is not valid');
    expect(stderr).toContain(`  - routes.$default: "missing.handler": no file missing.js, .mjs, .cjs or .ts in ${fixtures}`);
    expect(stderr).toContain('  - --table "bad": invalid table spec "bad": no hash key; expected NAME:HASHKEY[:RANGEKEY]');
    expect(stderr).toContain('  - dynamodb: persistDir: has no effect with endpoint (the external DynamoDB keeps its own data); remove one of them');
  });

  it('reports a missing export with the exports it found and exits 2', async () => {
    const cli = run(['--port', '0', '--route', '$default=app.nothere']);
    expect(await cli.exited).toBe(2);
    const { stdout, stderr } = cli.output();
    expect(stdout).toBe('');
    expect(stderr).toContain('app-nothere');
    expect(stderr).toContain('nothere');
  });

  it('--print-config prints what it understood when a handler file is missing, lists the problems and exits 2', async () => {
    const cli = run(['--print-config', '--route', '$default=missing.handler', '--route', 'echo=app.message', '--api-id', 'abc123defg']);
    expect(await cli.exited).toBe(2);
    const { stdout, stderr } = cli.output();
    expect(stderr).toBe('');
    const printed = JSON.parse(stdout) as Record<string, unknown>;
    expect(printed.routes).toEqual({
      $default: { function: 'missing-handler', routeResponse: false, integrationTimeoutMs: 29000 },
      echo: { function: 'app-message', routeResponse: false, integrationTimeoutMs: 29000 },
    });
    expect(printed.functions).toEqual({
      'missing-handler': { usedBy: ['route $default'], handler: 'missing.handler', codeDir: '.', timeoutMs: 3000, memorySizeMb: 128, environment: {} },
      'app-message': { usedBy: ['route echo'], handler: 'app.message', codeDir: '.', timeoutMs: 3000, memorySizeMb: 128, environment: {} },
    });
    expect(printed.warnings).toEqual([]);
    expect(printed.problems).toEqual([`routes.$default: "missing.handler": no file missing.js, .mjs, .cjs or .ts in ${fixtures}`]);
  });

  it('--print-config with a bad flag prints the rest, with the default in its place, and the flag\'s problem', async () => {
    const cli = run(['--print-config', '--port', 'x', '--route', '$default=app.message', '--stage', 'dev']);
    expect(await cli.exited).toBe(2);
    const printed = JSON.parse(cli.output().stdout) as Record<string, unknown>;
    expect([printed.url, printed.port, printed.problems]).toEqual(['ws://127.0.0.1:3001/dev', 3001, ['--port "x": expected a whole number']]);
  });

  it('--message-rate sets the per-connection message rate; below 1 is a problem', async () => {
    const cli = run(['--print-config', '--route', '$default=app.message', '--message-rate', '5']);
    expect(await cli.exited).toBe(0);
    expect((JSON.parse(cli.output().stdout) as Record<string, unknown>).maxMessagesPerSecondPerConnection).toBe(5);
    const zero = run(['--print-config', '--route', '$default=app.message', '--message-rate', '0']);
    expect(await zero.exited).toBe(2);
    const printed = JSON.parse(zero.output().stdout) as Record<string, unknown>;
    expect(printed.problems).toEqual(['maxMessagesPerSecondPerConnection: 0 is not a whole number from 1 to 1000000']);
  });

  it('an unknown flag exits 2 with commander\'s message and where to read the options', async () => {
    const cli = run(['--prot', '4000']);
    expect(await cli.exited).toBe(2);
    expect(cli.output()).toEqual({ stdout: '', stderr: "error: unknown option '--prot'\n(Did you mean --port?)\n(the options: apigw-ws-local serve --help)\n" });
  });

  it('a flag without its value exits 2 too; --help exits 0', async () => {
    const missing = run(['--route']);
    expect(await missing.exited).toBe(2);
    expect(missing.output().stderr).toBe("error: option '-r, --route <key=handler>' argument missing\n(the options: apigw-ws-local serve --help)\n");
    const help = run(['serve', '--help']);
    expect(await help.exited).toBe(0);
    expect(help.output().stdout).toMatch(/^Usage: apigw-ws-local serve \[options\]\n/);
  });

  it('keeps a problem of several lines (Node\'s "Require stack:") one item, its lines indented under it', async () => {
    const dir = path.join(projectRoot, 'test/fixtures/cli/config-require-error');
    const cli = run(['--port', 'x'], () => spawn(process.execPath, [bin, '--port', 'x'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] }));
    expect(await cli.exited).toBe(2);
    expect(cli.output()).toEqual({
      stdout: '',
      stderr: [
        'apigw-ws-local: cannot start:',
        '  - --port "x": expected a whole number',
        "  - apigw-ws.config.mjs:4:18: Error: Cannot find module './settings.cjs'",
        '    Require stack:',
        `    - ${path.join(dir, 'apigw-ws.config.mjs')}`,
        '',
      ].join('\n'),
    });
  });
});
