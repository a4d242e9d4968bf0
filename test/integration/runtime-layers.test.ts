// Layers: packages in a layer's nodejs/node_modules resolve for the functions that list it, after
// their own node_modules, as /opt/nodejs/node_modules does on Lambda; `/opt/...` paths reach the
// layer; ES modules resolve from layers only on Node.js 18+ runtimes, as on Lambda.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { copyProject, createRecordingLogger } from '../helpers/project-copy.js';
import { startTestEmulator, type TestEmulator } from '../../src/testing/index.js';

let test: TestEmulator | undefined;
let project: ReturnType<typeof copyProject> | undefined;
afterEach(async () => {
  await test?.dispose();
  project?.remove();
  test = undefined;
  project = undefined;
});

const LAYERS = ['layers/shared', { dir: 'layers/source-layer', mountedAt: '/opt/nodejs' as const }];

describe('layers', () => {
  it('a CommonJS function gets packages from both layers and /opt/nodejs files', async () => {
    project = copyProject('real-projects/layers');
    test = await startTestEmulator({
      root: project.dir,
      functions: { Echo: { handler: 'echo.handler', codeDir: 'functions/chat', runtime: 'nodejs16.x', layers: LAYERS } },
      routes: { $default: { function: 'Echo', routeResponse: true } },
    });
    const client = await test.connect();
    client.send('hello');
    expect(await client.nextMessage()).toBe('<HELLO> in lobby');
  });

  it('an ES module resolves from layers on nodejs20.x, and not on nodejs16.x (Lambda supports it from 18)', async () => {
    project = copyProject('real-projects/layers');
    const { lines, logger } = createRecordingLogger();
    test = await startTestEmulator({
      root: project.dir,
      logger,
      functions: {
        New: { handler: 'echo-esm.handler', codeDir: 'functions/chat', runtime: 'nodejs20.x', layers: LAYERS },
        Old: { handler: 'echo-esm.handler', codeDir: 'functions/chat', runtime: 'nodejs16.x', layers: LAYERS },
      },
      routes: { $default: { function: 'New', routeResponse: true }, old: { function: 'Old', routeResponse: true } },
      routeSelectionExpression: '$request.body.route',
    });
    const warnings = lines.filter((line) => line.startsWith('[warn] '));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^\[warn\] function Old \(route old\) cannot load: "echo-esm\.handler": file echo-esm\.mjs failed to load \(Runtime\.ImportModuleError\): Error \[ERR_MODULE_NOT_FOUND\]: Cannot find package 'chat-format' imported from /);
    const client = await test.connect();
    client.send('{"route":"new"}');
    expect(await client.nextMessage()).toBe('<{"route":"new"}> (esm)');
    client.send('{"route":"old"}');
    expect(JSON.parse(await client.nextMessage())).toMatchObject({ message: 'Internal server error' });
  });

  it('a package no layer has: the warning names the layer folder and what to install there', async () => {
    project = copyProject('real-projects/layers');
    const { lines, logger } = createRecordingLogger();
    test = await startTestEmulator({
      root: project.dir,
      logger,
      functions: { Needs: { handler: 'needs-missing.handler', codeDir: 'functions/chat', layers: ['layers/shared'] } },
      routes: { $default: 'Needs' },
    });
    const shared = path.relative(process.cwd(), path.join(project.dir, 'layers/shared/nodejs'));
    expect(lines.filter((line) => line.startsWith('[warn] '))).toEqual([
      `[warn] function Needs (route $default) cannot load: "needs-missing.handler": file needs-missing.js failed to load (Runtime.ImportModuleError): Error: Cannot find module 'left-pad-local'\nRequire stack:\n- ${project.dir}/functions/chat/needs-missing.js (hint: the function's layers do not have it either (${shared}/node_modules): install it in a layer (npm install --prefix ${shared} left-pad-local) or in the function's folder); its invocations fail as on Lambda`,
    ]);
  });
});
