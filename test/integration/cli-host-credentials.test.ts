// Handlers cannot read the host's AWS credentials, not even through /proc/self/environ: the CLI
// runs itself again without them.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, PROJECT_ROOT, runCli } from '../helpers/cli-process.js';
import { connectTestClient } from '../../src/testing/index.js';

const HOST = { AWS_ACCESS_KEY_ID: 'AKIAHOSTREALKEY', AWS_SECRET_ACCESS_KEY: 'host-real-secret', AWS_SESSION_TOKEN: 'host-session' };

describe('the host\'s credentials', () => {
  it('never reach a handler: not in process.env, not in /proc/self/environ; SIGTERM still closes cleanly', async () => {
    const cwd = path.join(PROJECT_ROOT, 'test/fixtures/host-credentials');
    const cli = runCli(() =>
      spawn(process.execPath, [BIN, '--port', '0', '--no-dynamodb', '--route', '$default=peek.handler', '--route-response', '$default'], {
        cwd,
        env: { ...process.env, ...HOST },
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
    const [url] = await cli.lines(2);
    const client = await connectTestClient(url as string);
    client.send('peek');
    const seen = JSON.parse(await client.nextMessage()) as { found: string[]; envKey: string };
    expect(seen.found).toEqual([]);
    expect(seen.envKey).not.toBe(HOST.AWS_ACCESS_KEY_ID);
    await client.close();
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
  });
});
