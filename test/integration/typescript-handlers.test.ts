// TypeScript handlers run without a build step: esbuild transpiles them on start (no type check),
// relative and tsconfig-`paths` imports are bundled, packages resolve from the project and the
// runtime, stack traces name .ts lines, and an edit between two starts runs the new code.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { copyProject, createRecordingLogger } from '../helpers/project-copy.js';
import { scanConnectionIds } from '../helpers/stored-connection-ids.js';
import { startTestEmulator, type TestEmulator } from '../../src/testing/index.js';
import type { EmulatorOptions } from '../../src/index.js';

const TABLE = 'ts-connections';
let test: TestEmulator | undefined;
let project: ReturnType<typeof copyProject> | undefined;
afterEach(async () => {
  await test?.dispose();
  project?.remove();
  test = undefined;
  project = undefined;
});

function chatOptions(root: string): EmulatorOptions {
  return {
    root,
    routes: { $connect: 'src/handlers/connect.handler', $disconnect: 'src/handlers/disconnect.handler', sendAll: 'src/handlers/message.handler' },
    dynamodb: { tables: [{ name: TABLE, hashKey: 'connectionId' }] },
  };
}

describe('TypeScript handlers', () => {
  it('chat through .ts handlers: tsconfig paths, a type-only import, the runtime SDK, DynamoDB state; a type error stops nothing', async () => {
    project = copyProject('real-projects/typescript');
    const { lines, logger } = createRecordingLogger();
    test = await startTestEmulator({ ...chatOptions(project.dir), logger });
    expect(lines).toContain('[info] TypeScript: 3 built, 0 from the cache');
    const alice = await test.connect();
    const aliceId = (await test.waitForInvocation({ routeKey: '$connect' })).connectionId;
    const bob = await test.connect();
    const bobId = (await test.waitForInvocation({ routeKey: '$connect' })).connectionId;
    expect(await scanConnectionIds(test.emulator.dynamodbEndpoint, TABLE)).toEqual([aliceId, bobId].sort());
    alice.send(JSON.stringify({ action: 'sendAll', text: 'hi' }));
    expect(await alice.nextMessage()).toBe('[v1] hi');
    expect(await bob.nextMessage()).toBe('[v1] hi');
    expect(await test.waitForInvocation({ routeKey: 'sendAll' })).toMatchObject({ ok: true, result: { statusCode: 200 } });
    await bob.close();
    await test.emulator.waitForDisconnect(bobId);
    expect(await scanConnectionIds(test.emulator.dynamodbEndpoint, TABLE)).toEqual([aliceId]);
  });

  it('a stack trace names the .ts file and line', async () => {
    project = copyProject('real-projects/typescript');
    test = await startTestEmulator(chatOptions(project.dir));
    const client = await test.connect();
    client.send(JSON.stringify({ action: 'sendAll', text: 'boom' }));
    expect(JSON.parse(await client.nextMessage())).toMatchObject({ message: 'Internal server error' });
    const failed = await test.waitForInvocation({ routeKey: 'sendAll' });
    expect(failed.error).toEqual({ errorType: 'Error', errorMessage: 'refusing boom' });
    const logged = failed.logs.find((line) => line.includes('Invoke Error'));
    expect(logged).toContain(`"    at Object.handler (${path.join(project.dir, 'src/handlers/message.ts')}:13:11)"`);
  });

  it('an edit between two starts runs the new code; an unchanged project starts from the cache', async () => {
    project = copyProject('real-projects/typescript');
    const first = createRecordingLogger();
    test = await startTestEmulator({ ...chatOptions(project.dir), logger: first.logger });
    await test.dispose();
    const second = createRecordingLogger();
    test = await startTestEmulator({ ...chatOptions(project.dir), logger: second.logger });
    expect(second.lines).toContain('[info] TypeScript: 0 built, 3 from the cache');
    await test.dispose();

    // A file only imported (not an entry) changes: the handlers that bundle it are built again.
    const format = path.join(project.dir, 'src/lib/format.ts');
    writeFileSync(format, readFileSync(format, 'utf8').replace("'v1'", "'v2'"));
    const third = createRecordingLogger();
    test = await startTestEmulator({ ...chatOptions(project.dir), logger: third.logger });
    expect(third.lines).toContain('[info] TypeScript: 1 built, 2 from the cache');
    const client = await test.connect();
    client.send(JSON.stringify({ action: 'sendAll', text: 'again' }));
    expect(await client.nextMessage()).toBe('[v2] again');
  });

  it('a syntax error: the start warns with the file and line, the route fails as Lambda does (Runtime.UserCodeSyntaxError)', async () => {
    project = copyProject('real-projects/typescript');
    const message = path.join(project.dir, 'src/handlers/message.ts');
    writeFileSync(message, readFileSync(message, 'utf8').replace('if (message.text === \'boom\') {', 'if (message.text === \'boom\' {'));
    const { lines, logger } = createRecordingLogger();
    test = await startTestEmulator({ ...chatOptions(project.dir), logger });
    const shown = path.relative(process.cwd(), message);
    expect(lines.filter((line) => line.startsWith('[warn] '))).toEqual([
      `[warn] function src-handlers-message-handler (route sendAll) cannot load: "src/handlers/message.handler": the TypeScript build failed (Runtime.UserCodeSyntaxError): ${shown}:12:31: Expected ")" but found "{"; its invocations fail as on Lambda`,
    ]);
    const client = await test.connect();
    client.send(JSON.stringify({ action: 'sendAll', text: 'x' }));
    expect(JSON.parse(await client.nextMessage())).toMatchObject({ message: 'Internal server error' });
    const failed = await test.waitForInvocation({ routeKey: 'sendAll' });
    expect(failed.error).toEqual({ errorType: 'Runtime.UserCodeSyntaxError', errorMessage: `${shown}:12:31: Expected ")" but found "{"` });
  });

  it('ESM output keeps ESM semantics: import.meta and top-level await work in a "type": "module" project', async () => {
    project = copyProject('real-projects/typescript');
    writeFileSync(path.join(project.dir, 'package.json'), JSON.stringify({ name: 'ts-esm', private: true, type: 'module' }));
    writeFileSync(
      path.join(project.dir, 'src/handlers/meta.ts'),
      "const loadedAt: string = await Promise.resolve('init');\nexport const handler = async (): Promise<{ statusCode: number; body: string }> => ({ statusCode: 200, body: `${loadedAt} ${typeof import.meta.url}` });\n",
    );
    test = await startTestEmulator({ root: project.dir, routes: { $default: { handler: 'src/handlers/meta.handler', routeResponse: true } } });
    const client = await test.connect();
    client.send('x');
    expect(await client.nextMessage()).toBe('init string');
  });
});
