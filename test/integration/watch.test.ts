// --watch: saved code runs at the next message on the same connection; code that cannot load keeps
// the previous code serving; a project file change adds routes, functions and tables live.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Emulator, loadProjectOptions, watchProject, type EmulatorOptions, type ProjectLoad, type ProjectWatcher } from '../../src/index.js';
import { connectTestClient } from '../../src/testing/index.js';
import { copyProject, createRecordingLogger } from '../helpers/project-copy.js';

let emulator: Emulator | undefined;
let watcher: ProjectWatcher | undefined;
let project: ReturnType<typeof copyProject> | undefined;
afterEach(async () => {
  await watcher?.close();
  await emulator?.dispose();
  project?.remove();
  [emulator, watcher, project] = [undefined, undefined, undefined];
});

/** The serverless.yml project, loaded as the CLI loads it, on a free port. */
async function load(dir: string, running: { apiId?: string } = {}): Promise<ProjectLoad> {
  const loaded = await loadProjectOptions({ cwd: dir, port: 0, ...running, throwOnProblems: false });
  if (loaded.problems.length > 0) return { problems: loaded.problems };
  return { options: loaded.options satisfies EmulatorOptions, sources: loaded.sources };
}

async function startWatched(fixture: string) {
  project = copyProject(fixture);
  const { dir } = project;
  const { lines, logger } = createRecordingLogger();
  const loaded = await load(dir);
  if ('problems' in loaded) throw new Error(loaded.problems.join('\n'));
  emulator = new Emulator({ ...loaded.options, logger });
  const { url } = await emulator.start();
  watcher = watchProject({ emulator, projectFiles: loaded.sources, loadProject: (running) => load(dir, running), logger, debounceMs: 20, cwd: dir });
  await watcher.ready;
  return { dir, url, lines };
}

describe('watch: code changes', () => {
  it('runs the edited code at the next message on the same connection', async () => {
    const { dir, url, lines } = await startWatched('watch/js-app');
    const client = await connectTestClient(url);
    client.send('first');
    const [version, connectionId] = (await client.nextMessage()).split(':');
    expect(version).toBe('v1');

    const reloaded = watcher!.nextReload();
    writeFileSync(path.join(dir, 'handlers/version.mjs'), "export const label = 'v2';\n");
    const report = await reloaded;
    expect(report).toMatchObject({ ok: true, reloaded: ['watch-app-dev-echo'], failed: [], problems: [], restartNeeded: [] });
    expect(lines.at(-1)).toMatch(/^\[info\] reload \(handlers\/version\.mjs changed\): watch-app-dev-echo reloaded in \d+ ms$/);

    client.send('second');
    expect(await client.nextMessage()).toBe(`v2:${connectionId}`);
  });

  it('keeps the previous code serving when the edit cannot load, and says why; the fix applies', async () => {
    const { dir, url, lines } = await startWatched('watch/js-app');
    const client = await connectTestClient(url);
    client.send('warm');
    const connectionId = (await client.nextMessage()).split(':')[1];

    const failed = watcher!.nextReload();
    const echo = path.join(dir, 'handlers/echo.mjs');
    const good = readFileSync(echo, 'utf8');
    writeFileSync(echo, good.replace('async (event) =>', 'async (event) =>>'));
    const report = await failed;
    expect(report.ok).toBe(false);
    expect(report.reloaded).toEqual([]);
    expect(report.failed).toHaveLength(1);
    expect(report.failed[0]!.functionName).toBe('watch-app-dev-echo');
    expect(report.failed[0]!.message).toContain('SyntaxError');
    expect(lines.at(-1)).toMatch(/^\[warn\] reload \(handlers\/echo\.mjs changed\): watch-app-dev-echo keeps its previous code: .*SyntaxError/);

    client.send('still');
    expect(await client.nextMessage()).toBe(`v1:${connectionId}`);

    const fixed = watcher!.nextReload();
    writeFileSync(echo, good.replace('${label}', 'fixed-${label}'));
    expect(await fixed).toMatchObject({ ok: true, reloaded: ['watch-app-dev-echo'] });
    client.send('again');
    expect(await client.nextMessage()).toBe(`fixed-v1:${connectionId}`);
  });
});

describe('watch: TypeScript', () => {
  it('rebuilds the function whose imported .ts file changed, and the next message runs it', async () => {
    project = copyProject('real-projects/typescript');
    const { dir } = project;
    const { lines, logger } = createRecordingLogger();
    emulator = new Emulator({
      root: dir,
      port: 0,
      routes: { $connect: 'src/handlers/connect.handler', $disconnect: 'src/handlers/disconnect.handler', sendAll: 'src/handlers/message.handler' },
      dynamodb: { tables: [{ name: 'ts-connections', hashKey: 'connectionId' }] },
      logger,
    });
    const { url } = await emulator.start();
    watcher = watchProject({ emulator, logger, debounceMs: 20, cwd: dir });
    await watcher.ready;
    const client = await connectTestClient(url);
    client.send(JSON.stringify({ action: 'sendAll', text: 'hi' }));
    expect(await client.nextMessage()).toBe('[v1] hi');

    const reloaded = watcher.nextReload();
    const format = path.join(dir, 'src/lib/format.ts');
    writeFileSync(format, readFileSync(format, 'utf8').replace("'v1'", "'v2'"));
    const report = await reloaded;
    // Every function bundles from the project folder: all are rebuilt (esbuild's cache keys on the inputs).
    expect(report).toMatchObject({ ok: true, failed: [] });
    expect([...report.reloaded].sort()).toEqual(['src-handlers-connect-handler', 'src-handlers-disconnect-handler', 'src-handlers-message-handler']);
    expect(lines.at(-1)).toMatch(/^\[info\] reload \(src\/lib\/format\.ts changed\): .* reloaded in \d+ ms$/);
    client.send(JSON.stringify({ action: 'sendAll', text: 'again' }));
    expect(await client.nextMessage()).toBe('[v2] again');
  });
});

describe('watch: project file changes', () => {
  it('adds a route, its function and a table without reconnecting; says what needs a restart', async () => {
    const { dir, url, lines } = await startWatched('watch/js-app');
    const apiId = emulator!.options.apiId;
    const client = await connectTestClient(url);
    client.send(JSON.stringify({ action: 'ping' }));
    const connectionId = (await client.nextMessage()).split(':')[1];
    expect(connectionId).toMatch(/^[A-Za-z0-9_=-]+$/);

    const reloaded = watcher!.nextReload();
    const yml = path.join(dir, 'serverless.yml');
    writeFileSync(
      yml,
      readFileSync(yml, 'utf8').replace('stage: dev', 'stage: dev\n  region: eu-west-1') +
        [
          '  ping:',
          '    handler: handlers/ping.handler',
          '    events:',
          '      - websocket:',
          '          route: ping',
          '          routeResponseSelectionExpression: $default',
          'resources:',
          '  Resources:',
          '    Pings:',
          '      Type: AWS::DynamoDB::Table',
          '      Properties:',
          '        TableName: pings',
          '        BillingMode: PAY_PER_REQUEST',
          '        AttributeDefinitions: [{ AttributeName: id, AttributeType: S }]',
          '        KeySchema: [{ AttributeName: id, KeyType: HASH }]',
          '',
        ].join('\n'),
    );
    const report = await reloaded;
    expect(report).toMatchObject({
      ok: true,
      routes: { added: ['ping'], removed: [] },
      functions: { added: ['watch-app-dev-ping'], removed: [] },
      tablesCreated: ['pings'],
      restartNeeded: [`region (us-east-1 → eu-west-1)`, `domain name (${apiId}.execute-api.us-east-1.amazonaws.com → ${apiId}.execute-api.eu-west-1.amazonaws.com)`],
      problems: [],
    });
    expect(lines.at(-1)).toMatch(/^\[info\] reload \(serverless\.yml changed\): routes \+ping; functions \+watch-app-dev-ping; tables \+pings; restart to apply: region \(us-east-1 → eu-west-1\), domain name \(.*\) in \d+ ms$/);

    client.send(JSON.stringify({ action: 'ping' }));
    expect(await client.nextMessage()).toBe('pong');
    client.send('other');
    expect(await client.nextMessage()).toBe(`v1:${connectionId}`);
    expect(emulator!.options.region).toBe('us-east-1');
  });

  it("a file serverless.yml includes with ${file()} is watched too: its new value reaches the function", async () => {
    project = copyProject('watch/js-app');
    const { dir } = project;
    writeFileSync(path.join(dir, 'settings.yml'), 'label: first\n');
    const yml = path.join(dir, 'serverless.yml');
    writeFileSync(yml, readFileSync(yml, 'utf8').replace('handler: handlers/echo.handler', 'handler: handlers/env-echo.handler\n    environment:\n      LABEL: ${file(./settings.yml):label}'));
    const { lines, logger } = createRecordingLogger();
    const loaded = await load(dir);
    if ('problems' in loaded) throw new Error(loaded.problems.join('\n'));
    expect(loaded.sources).toEqual([yml, path.join(dir, 'settings.yml')]);
    emulator = new Emulator({ ...loaded.options, logger });
    const { url } = await emulator.start();
    watcher = watchProject({ emulator, projectFiles: loaded.sources, loadProject: (running) => load(dir, running), logger, debounceMs: 20, cwd: dir });
    await watcher.ready;
    const client = await connectTestClient(url);
    client.send('x');
    expect(await client.nextMessage()).toBe('LABEL=first');
    const reloaded = watcher.nextReload();
    writeFileSync(path.join(dir, 'settings.yml'), 'label: second\n');
    expect(await reloaded).toMatchObject({ ok: true, reloaded: ['watch-app-dev-echo'] });
    expect(lines.at(-1)).toMatch(/^\[info\] reload \(settings\.yml changed\): watch-app-dev-echo reloaded in \d+ ms$/);
    client.send('y');
    expect(await client.nextMessage()).toBe('LABEL=second');
  });

  it('a project file that cannot load changes nothing and names the problem', async () => {
    const { dir, url, lines } = await startWatched('watch/js-app');
    const client = await connectTestClient(url);
    const reloaded = watcher!.nextReload();
    const yml = path.join(dir, 'serverless.yml');
    writeFileSync(yml, readFileSync(yml, 'utf8').replace('handlers/echo.handler', 'handlers/missing.handler'));
    const report = await reloaded;
    expect(report.ok).toBe(false);
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]).toContain('missing');
    expect(lines.at(-1)).toMatch(/^\[warn\] reload \(serverless\.yml changed\): the project cannot load, nothing changed \(the previous routes and code keep serving\): /);
    client.send('still');
    expect((await client.nextMessage()).startsWith('v1:')).toBe(true);
  });
});
