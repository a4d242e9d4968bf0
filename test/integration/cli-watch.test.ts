// The CLI's --watch: one line when watching starts, one per reload, and the same connection runs
// the saved code. (Without a terminal the default is off: --watch asks for it.)
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { connectTestClient } from '../../src/testing/index.js';
import { runCliIn } from '../helpers/cli-process.js';
import { copyProject } from '../helpers/project-copy.js';

let project: ReturnType<typeof copyProject> | undefined;
afterEach(() => {
  project?.remove();
  project = undefined;
});

describe('apigw-ws-local --watch', () => {
  it('reloads a saved handler: the open connection gets the new code', async () => {
    project = copyProject('watch/js-app');
    const cli = runCliIn(project.dir, ['--port', '0', '--watch', '--no-inspector']);
    const [url] = await cli.lines(2);
    await cli.logged('[info] watching the functions\' code and the project files: saved changes apply at the next invocation (--no-watch to turn off)');
    const client = await connectTestClient(`${url}`);
    client.send('one');
    const [version, connectionId] = (await client.nextMessage()).split(':');
    expect(version).toBe('v1');

    const version2 = path.join(project.dir, 'handlers/version.mjs');
    writeFileSync(version2, readFileSync(version2, 'utf8').replace("'v1'", "'v2'"));
    const stderr = await cli.logged('[info] reload (handlers/version.mjs changed): watch-app-dev-echo reloaded in ');
    expect(stderr).toMatch(/\[info\] reload \(handlers\/version\.mjs changed\): watch-app-dev-echo reloaded in \d+ ms\n/);
    client.send('two');
    expect(await client.nextMessage()).toBe(`v2:${connectionId}`);
    cli.child.kill('SIGINT');
    expect(await cli.exited).toBe(0);
  });

  it('does not watch without a terminal unless asked', async () => {
    project = copyProject('watch/js-app');
    const cli = runCliIn(project.dir, ['--port', '0', '--no-inspector']);
    await cli.lines(2);
    const stderr = await cli.logged('[info] ready:');
    expect(stderr).not.toContain('watching');
    cli.child.kill('SIGINT');
    expect(await cli.exited).toBe(0);
  });
});
