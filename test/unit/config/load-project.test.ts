import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { loadProjectOptions } from '../../../src/config/load-project.js';
import { inspectOptions, resolveOptions } from '../../../src/config/resolve-options.js';
import { isEmulatorError } from '../../../src/errors.js';

const PROJECTS = fileURLToPath(new URL('../../fixtures/project/', import.meta.url));
const project = (...parts: string[]) => path.join(PROJECTS, ...parts);
const shown = (file: string) => path.relative(process.cwd(), file);

async function problemsOf(promise: Promise<unknown>): Promise<string[]> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!isEmulatorError(error)) throw new Error(`expected an EmulatorError, got ${String(error)}`);
  return error.message.split('\n').slice(1).map((line) => line.replace(/^ {2}- /, ''));
}

describe('loadProjectOptions', () => {
  test('flags over the config file over the template; maps merge by key', async () => {
    const cwd = project('precedence');
    const loaded = await loadProjectOptions({ cwd, stage: 'cli', environment: { LEVEL: 'cli' }, apiId: 'abc123defg' });
    expect(loaded.sources).toEqual([path.join(cwd, 'apigw-ws.config.json'), path.join(cwd, 'template.yaml')]);
    expect(loaded.notices).toEqual([`using ${shown(path.join(cwd, 'template.yaml'))}`]);
    expect(loaded.warnings).toEqual([]);
    expect(loaded.options).toEqual({
      root: cwd,
      apiId: 'abc123defg',
      port: 4100,
      stage: 'cli',
      region: 'eu-central-1',
      routeSelectionExpression: '$request.body.action',
      environment: { LEVEL: 'cli', WHERE: 'config-global' },
      routes: { $default: { function: 'Echo' }, ping: 'handlers/echo.handler' },
      functions: {
        Echo: {
          handler: 'echo.handler',
          codeDir: path.join(cwd, 'handlers'),
          runtime: 'nodejs20.x',
          timeoutMs: 8000,
          // The template's Stage resolves to the stage that runs, and its parameter to the config's override.
          environment: { GREETING: 'hi', ENDPOINT: 'https://abc123defg.execute-api.eu-central-1.amazonaws.com/cli', WHERE: 'config' },
        },
      },
      dynamodb: { tables: [] },
    });
  });

  test('a route object without handler amends the route of the files (--route-response on a template route)', async () => {
    const loaded = await loadProjectOptions({
      cwd: project('precedence'),
      apiId: 'abc123defg',
      routes: { $default: { routeResponse: true }, ping: { routeResponse: true } },
    });
    expect(loaded.options.routes).toEqual({
      $default: { function: 'Echo', routeResponse: true },
      ping: { handler: 'handlers/echo.handler', routeResponse: true },
    });
  });

  test("samconfig.toml beside the template gives what sam deploy saved: stack name, region, parameter values", async () => {
    const cwd = project('samconfig');
    const loaded = await loadProjectOptions({ cwd, apiId: 'abc123defg' });
    expect(loaded.sources).toEqual([path.join(cwd, 'samconfig.toml'), path.join(cwd, 'template.yaml')]);
    expect(loaded.notices).toEqual([
      `using ${shown(path.join(cwd, 'samconfig.toml'))} for the stack name, region and parameter values sam deploy saved`,
      `using ${shown(path.join(cwd, 'template.yaml'))}`,
    ]);
    expect(loaded.options.region).toBe('eu-west-2');
    expect(loaded.options.functions?.Fn?.environment).toEqual({ TABLE: 'saved_table', GREETING: 'hello there', STACK: 'chat-prod', REGION: 'eu-west-2' });
  });

  test('flags win over samconfig.toml, key by key', async () => {
    const loaded = await loadProjectOptions({ cwd: project('samconfig'), apiId: 'abc123defg', region: 'us-west-1', parameterOverrides: { Greeting: 'hi' } });
    expect(loaded.options.region).toBe('us-west-1');
    expect(loaded.options.functions?.Fn?.environment).toEqual({ TABLE: 'saved_table', GREETING: 'hi', STACK: 'chat-prod', REGION: 'us-west-1' });
  });

  test('a samconfig.toml that cannot be parsed names its line and column', async () => {
    const cwd = project('samconfig-broken');
    const problems = await problemsOf(loadProjectOptions({ cwd, apiId: 'abc123defg' }));
    expect(problems[0]).toBe(`${shown(path.join(cwd, 'samconfig.toml'))}:3:16: Invalid TOML document: control characters are not allowed in strings`);
  });

  test('config: false and discover: false read nothing', async () => {
    const loaded = await loadProjectOptions({ cwd: project('precedence'), config: false, discover: false, routes: { $default: 'handlers/echo.handler' } });
    expect(loaded.sources).toEqual([]);
    expect(loaded.options).toEqual({ routes: { $default: 'handlers/echo.handler' } });
  });

  test("sam build's output is used when present, as sam local does", async () => {
    const cwd = project('built');
    const loaded = await loadProjectOptions({ cwd, apiId: 'abc123defg' });
    const built = path.join(cwd, '.aws-sam', 'build', 'template.yaml');
    expect(loaded.sources).toEqual([built]);
    expect(loaded.notices).toEqual([`using ${shown(built)} (the output of sam build), as sam local does; give --template ${shown(path.join(cwd, 'template.yaml'))} to run the source template`]);
    // The built layer holds nodejs/node_modules, so it stands for /opt; the built code is JavaScript, so nothing is built again.
    expect(loaded.options.functions).toEqual({
      Fn: {
        handler: 'app.handler',
        codeDir: path.join(cwd, '.aws-sam', 'build', 'Fn'),
        runtime: 'nodejs20.x',
        environment: {},
        layers: [path.join(cwd, '.aws-sam', 'build', 'DepsLayer')],
      },
    });
    expect(loaded.warnings).toEqual([
      `${shown(built)}: Fn: layer arn:aws:lambda:us-east-1:111122223333:layer:tools:2 is not in this template, so its modules will not resolve locally: install them in the function's folder, or list the layer folders (this one's too) in apigw-ws.config.json functions.Fn.layers`,
    ]);
  });

  test('a named template is read as named, even when sam build has run', async () => {
    const cwd = project('built');
    const loaded = await loadProjectOptions({ cwd, template: 'template.yaml', apiId: 'abc123defg' });
    expect(loaded.notices).toEqual([`using ${shown(path.join(cwd, 'template.yaml'))}`]);
    // The source template's TypeScript function, not the built one.
    expect(loaded.options.functions).toEqual({
      Fn: {
        handler: 'app.handler',
        codeDir: path.join(cwd, 'src'),
        runtime: 'nodejs20.x',
        environment: {},
        // The layer's source: sam build would copy it (package.json, node_modules) into nodejs/.
        layers: [{ dir: path.join(cwd, 'layer'), mountedAt: '/opt/nodejs' }],
        build: { entryPoints: ['app.ts'], format: 'esm' },
      },
    });
  });

  test('throwOnProblems: false returns the problems with what could be read', async () => {
    const cwd = project('relocated-code');
    const loaded = await loadProjectOptions({ cwd, config: false, apiId: 'abc123defg', throwOnProblems: false });
    expect(loaded.problems.map((problem) => problem.replace(/: give the local .*/, ''))).toEqual([
      `${shown(path.join(cwd, 'template.yaml'))}: Echo: code in S3 cannot run here (route $connect uses it)`,
      `${shown(path.join(cwd, 'template.yaml'))}: Echo: code in S3 cannot run here (route $default uses it)`,
    ]);
    // Both routes lead to Echo, so none is left (nor the authorizer of the $connect route); the stage
    // is, and Auth, which no route that is left uses, can still be invoked.
    const auth = { handler: 'index.handler', codeDir: path.join(cwd, 'auth'), runtime: 'nodejs20.x', environment: {} };
    expect(loaded.options).toEqual({
      routes: {},
      functions: { Auth: auth },
      routeSelectionExpression: '$request.body.action',
      stage: 'Prod',
      dynamodb: { tables: [] },
      root: cwd,
      apiId: 'abc123defg',
    });
  });

  test('a serverless.yml given by name is named in the notices, as a found one is', async () => {
    const cwd = fileURLToPath(new URL('../../fixtures/serverless/', import.meta.url));
    const loaded = await loadProjectOptions({ cwd, serverless: 'chat/serverless.yml', apiId: 'abc123defg' });
    expect(loaded.notices).toEqual([`using ${shown(path.join(cwd, 'chat', 'serverless.yml'))}`]);
  });

  test('a template and a serverless.yml side by side: choose one', async () => {
    const cwd = project('both');
    expect(await problemsOf(loadProjectOptions({ cwd }))).toEqual([
      `both ${shown(path.join(cwd, 'template.yaml'))} and ${shown(path.join(cwd, 'serverless.yml'))} describe the project: choose one with --template or --serverless`,
    ]);
  });

  test('beside each other, the one given by name is read', async () => {
    const cwd = project('both');
    // Each is only a sketch, so each has its own problem, but not the other file's.
    const byTemplate = await loadProjectOptions({ cwd, template: 'template.yaml', throwOnProblems: false });
    expect(byTemplate.sources).toEqual([path.join(cwd, 'template.yaml')]);
    expect(byTemplate.problems).toEqual([`${shown(path.join(cwd, 'template.yaml'))}: Fn: Handler app.handler: no ${shown(path.join(cwd, 'src/app'))}.ts, .js, .mjs or .cjs to build`]);
    const byServerless = await loadProjectOptions({ cwd, serverless: 'serverless.yml', throwOnProblems: false });
    expect(byServerless.sources).toEqual([path.join(cwd, 'serverless.yml')]);
    expect(byServerless.problems).toEqual([`${shown(path.join(cwd, 'serverless.yml'))}: functions: no function has a websocket event: apigw-ws-local runs the WebSocket API (events: - websocket: $connect)`]);
  });

  test('template options without a template', async () => {
    expect(await problemsOf(loadProjectOptions({ cwd: project('nothing-here'), api: 'Api' }))).toEqual([
      '--api and --parameter-overrides apply to a SAM/CloudFormation template: give one with --template (none was found)',
    ]);
  });

  test('samconfig.toml without a template the emulator finds: a problem, never the demo chat room', async () => {
    const cwd = project('samconfig-only');
    expect(await problemsOf(loadProjectOptions({ cwd }))).toEqual([
      `${shown(path.join(cwd, 'samconfig.toml'))} found but no template.yaml, template.yml, template.json: give the template with --template FILE`,
    ]);
  });

  test('the same seed gives the same API id to the template as to the emulator', async () => {
    const first = await loadProjectOptions({ cwd: project('built'), seed: 7 });
    const second = await loadProjectOptions({ cwd: project('built'), seed: 7 });
    expect(first.options.apiId).toMatch(/^[a-z0-9]{10}$/);
    expect(second.options.apiId).toBe(first.options.apiId);
  });
});

describe('loadProjectOptions: the config file adjusts the template', () => {
  const cwd = project('relocated-code');
  const authorizer = { function: 'Auth', identitySources: ['route.request.querystring.token'] };

  test("functions.NAME.codeDir runs a template function's code from another folder, with the template's handler, timeout and environment", async () => {
    const loaded = await loadProjectOptions({ cwd, apiId: 'abc123defg' });
    expect(loaded.sources).toEqual([path.join(cwd, 'apigw-ws.config.json'), path.join(cwd, 'template.yaml')]);
    expect(loaded.warnings).toEqual([]);
    expect(loaded.options.root).toBe(cwd);
    expect(loaded.options.authorizer).toEqual(authorizer);
    // Echo's CodeUri (s3://deploy-bucket/echo.zip) is not read: the config file's codeDir replaces it.
    expect(loaded.options.functions).toEqual({
      Echo: { handler: 'app.handler', codeDir: 'build/echo', runtime: 'nodejs20.x', timeoutMs: 5000, environment: { GREETING: 'hello' } },
      Auth: { handler: 'index.handler', codeDir: path.join(cwd, 'auth'), runtime: 'nodejs20.x', environment: {} },
    });
    const echo = resolveOptions(loaded.options).functions.find((fn) => fn.name === 'Echo');
    expect(echo).toEqual({
      name: 'Echo',
      handler: 'app.handler',
      root: path.join(cwd, 'build/echo'),
      timeoutMs: 5000,
      memorySizeMb: 128,
      environment: { GREETING: 'hello' },
      runtime: 'nodejs20.x',
      runtimeMajor: 20,
    });
  });

  test('without the config file the same template cannot run: its code is in S3', async () => {
    const inS3 = (route: string) =>
      `${shown(path.join(cwd, 'template.yaml'))}: Echo: code in S3 cannot run here (route ${route} uses it): give the local directory as CodeUri, or run the template from before \`sam package\`/\`aws cloudformation package\``;
    expect(await problemsOf(loadProjectOptions({ cwd, config: false, apiId: 'abc123defg' }))).toEqual([inS3('$connect'), inS3('$default')]);
  });

  test('a relocated handler file is looked for in the new folder', async () => {
    // Alone, a missing file is named by start() with the missing exports; inspectOptions shows it.
    const loaded = await loadProjectOptions({ cwd, apiId: 'abc123defg', functions: { Echo: { codeDir: 'auth' } } });
    expect(inspectOptions(loaded.options).problems).toEqual([`functions.Echo: "app.handler": no file app.js, .mjs, .cjs or .ts in ${path.join(cwd, 'auth')}`]);
  });

  test('authorizer: false in the config file turns the template\'s authorizer off; a flag turns one back on', async () => {
    const off = await loadProjectOptions({ cwd, config: 'no-authorizer.config.json', apiId: 'abc123defg' });
    expect(off.options.authorizer).toBe(false);
    expect(resolveOptions(off.options).authorizer).toBeUndefined();
    const flag = await loadProjectOptions({ cwd, config: 'no-authorizer.config.json', apiId: 'abc123defg', authorizer: { handler: 'auth/index.handler' } });
    expect(resolveOptions(flag.options).authorizer).toEqual({ functionName: 'auth-index-handler', identitySources: [] });
  });

  test('authorizer: false from the caller (--no-authorizer) wins over the template', async () => {
    const loaded = await loadProjectOptions({ cwd, apiId: 'abc123defg', authorizer: false });
    expect(loaded.options.authorizer).toBe(false);
    expect(resolveOptions(loaded.options).authorizer).toBeUndefined();
  });
});
