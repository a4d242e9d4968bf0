// Old runtimes, layers and an esbuild TypeScript function from a SAM template: modules resolve
// from the layers' folders as from /opt/nodejs/node_modules, and the TypeScript handler is built.
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../../src/testing/index.js';

const template = fileURLToPath(new URL('../fixtures/sam/layers/template.yaml', import.meta.url));
let test: TestEmulator | undefined;
afterEach(async () => {
  await test?.dispose();
  test = undefined;
});

describe('a SAM template with layers and TypeScript', () => {
  it('a nodejs8.10 CommonJS handler requires modules of a layer with nodejs/ and of a layer built from source', async () => {
    test = await startTestEmulator({ template });
    const client = await test.connect();
    client.send('ada');
    expect(await test.waitForInvocation({ routeKey: '$default' })).toMatchObject({ ok: true, result: { statusCode: 200, body: 'HELLO ADA' } });
  });

  it('an esbuild TypeScript handler (Format esm) imports a module of a layer', async () => {
    test = await startTestEmulator({ template });
    const client = await test.connect();
    client.send(JSON.stringify({ action: 'sendmessage' }));
    expect(await test.waitForInvocation({ routeKey: 'sendmessage' })).toMatchObject({
      ok: true,
      result: { statusCode: 200, body: 'hello typescript {"action":"sendmessage"}' },
    });
  });
});
