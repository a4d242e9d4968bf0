import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Ajv } from 'ajv';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as D from '../../../src/config/defaults.js';
import { CONFIG_FILE_KEYS, CONFIG_FILE_NAMES, findConfigFile, loadConfigFile } from '../../../src/config/load-config-file.js';
import type { LoadedSource } from '../../../src/config/project-options.js';

const projectRoot = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const fixtures = path.join(projectRoot, 'test/fixtures/config-files');
const variants = path.join(fixtures, 'module-variants');
/** Problems start with the file as the user typed it from the working directory. */
const shown = (file: string): string => path.relative(process.cwd(), file);

interface JsonSchema {
  readonly properties: Record<string, { readonly default?: unknown }>;
  readonly definitions: Record<string, { readonly properties?: Record<string, unknown> }>;
}
const readSchema = async (): Promise<JsonSchema> =>
  JSON.parse(await readFile(path.join(projectRoot, 'schema/apigw-ws.config.schema.json'), 'utf8')) as JsonSchema;

describe('loadConfigFile', () => {
  it('loads a JSON file: paths from the file made absolute, handler paths left to root, $schema dropped', async () => {
    const dir = path.join(fixtures, 'json');
    const loaded = await loadConfigFile(path.join(dir, 'apigw-ws.config.json'));
    expect(loaded).toStrictEqual({
      file: path.join(dir, 'apigw-ws.config.json'),
      options: {
        port: 0,
        stage: 'dev',
        routes: {
          $connect: 'handlers/chat.connect',
          sendmessage: { function: 'chat', routeResponse: true, integrationTimeoutMs: 5000 },
        },
        functions: { chat: { handler: 'chat.message', codeDir: 'handlers', timeoutMs: 6000, environment: { TABLE: 'connections' } } },
        authorizer: { handler: 'handlers/auth.handler', identitySources: ['route.request.querystring.token'] },
        dynamodb: {
          tables: [
            {
              name: 'connections',
              hashKey: 'connectionId',
              rangeKey: { name: 'joinedAt', type: 'N' },
              globalSecondaryIndexes: [{ name: 'byRoom', hashKey: 'room', projection: ['name'] }],
              ttlAttribute: 'expiresAt',
            },
          ],
          persistDir: path.join(dir, '.data'),
        },
        staticDir: 'web',
        template: path.join(dir, 'infra/template.yaml'),
        serverless: path.join(fixtures, 'serverless.yml'),
        environment: { LOG_LEVEL: 'debug' },
        stageVariables: { version: 'v1' },
        parameterOverrides: { Stage: 'dev' },
        credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'secret' },
        binaryFrames: 'accept',
        execution: 'inline',
        verifySignatures: true,
        seed: 42,
        root: dir,
      },
      warnings: [],
      problems: [],
    });
  });

  it('loads a .mjs file whose default export is an async function; root is relative to the file, undefined leaves an option out', async () => {
    const dir = path.join(fixtures, 'module');
    const loaded = await loadConfigFile(path.join(dir, 'apigw-ws.config.mjs'));
    expect(loaded).toStrictEqual({
      file: path.join(dir, 'apigw-ws.config.mjs'),
      options: { root: path.join(dir, 'app'), port: 3002, routes: { $default: 'handlers/echo.handler' }, dynamodb: false, staticDir: 'public' },
      warnings: [],
      problems: [],
    });
  });

  it.each([
    ['object.mjs', 3005],
    ['promise.mjs', 3006],
    ['function.mjs', 3007],
    ['common.cjs', 3008],
    ['plain.js', 3013],
  ])('takes the default export of %s (an object, a promise, a function; module.exports in CommonJS)', async (name, port) => {
    const loaded = await loadConfigFile(path.join(variants, name));
    expect(loaded.problems).toEqual([]);
    expect(loaded.options).toStrictEqual({ port, root: variants });
  });

  it('reports every mistake at once, each naming the file and the option', async () => {
    const file = path.join(fixtures, 'mistakes/apigw-ws.config.json');
    const loaded = await loadConfigFile(file);
    const name = shown(file);
    expect(loaded.options).toEqual({});
    expect(loaded.problems).toEqual([
      `${name}: unknown option \`prot\`; did you mean \`port\`?`,
      `${name}: stage: 5 is not a string`,
      `${name}: routes.$default: expected a handler ("path/to/file.export"), a function name or an object like { "handler": "handlers/chat.message", "routeResponse": true }, got 42`,
      `${name}: routes.chat: unknown option \`hanlder\`; did you mean \`handler\`?`,
      `${name}: functions.worker.timeoutMs: "3s" is not a whole number`,
      `${name}: dynamodb.tables[0].hashKey.type: "X" is not one of "S", "N", "B"`,
      `${name}: binaryFrames: "drop" is not one of "reject", "accept"`,
      `${name}: authorizer: unknown option \`source\`; expected \`handler\`, \`function\`, \`identitySources\``,
      `${name}: \`logger\` cannot be set in a config file: it is an object of the programmatic API (\`new Emulator({ logger })\`); the CLI takes --log-level`,
      `${name}: environment.DEBUG: true is not a string`,
    ]);
  });

  it('names the line and column of a JSON syntax error, with a hint for a trailing comma', async () => {
    const file = path.join(fixtures, 'syntax-error/apigw-ws.config.json');
    expect(await loadConfigFile(file)).toEqual({
      file,
      options: {},
      warnings: [],
      problems: [`${shown(file)}:5:3: JSON syntax error: Expected double-quoted property name (JSON allows no comma after the last item)`],
    });
  });

  it.each([
    ['missing.json', 'no such file'],
    ['apigw-ws.config.yaml', 'a config file is .json or .mjs (or .js, .cjs), not .yaml'],
    ['no-default.mjs', "no default export; write `export default { routes: { $default: 'handlers/app.handler' } }`"],
    ['array.mjs', 'expected an object of options at the top level, got an array'],
  ])('reports %s as one problem: %s', async (name, problem) => {
    const file = path.join(variants, name);
    expect(await loadConfigFile(file)).toEqual({ file, options: {}, warnings: [], problems: [`${shown(file)}: ${problem}`] });
  });

  it('reports a directory given as the file', async () => {
    expect((await loadConfigFile(variants)).problems).toEqual([`${shown(variants)}: is not a file`]);
  });

  it('names a file outside the working directory by its relative path', async () => {
    const file = path.join(os.tmpdir(), 'no-such-dir', 'apigw-ws.config.json');
    expect((await loadConfigFile(file)).problems).toEqual([`${path.relative(process.cwd(), file)}: no such file`]);
  });
});

describe('loadConfigFile in plain Node (module errors)', () => {
  // vitest loads a module config through its own runner (rolldown's parser, other messages and
  // stacks), so these run the loader, transpiled, in a child Node process, as the CLI runs it.
  const cases = [
    ['syntax-error.mjs', ":3:3: SyntaxError: Unexpected identifier 'stage'"],
    ['throws.mjs', ':3:9: ReferenceError: missingVariable is not defined'],
    ['rejects.mjs', ':2:9: the default export failed: Error: no secrets file'],
    ['imports-broken.mjs', ": SyntaxError in a module it imports: Unexpected token ';'"],
  ] as const;
  let results: Record<string, LoadedSource> = {};
  let build: string | undefined;

  beforeAll(async () => {
    build = await mkdtemp(path.join(os.tmpdir(), 'load-config-file-'));
    const entry = await transpileWithImports(path.join(projectRoot, 'src/config/load-config-file.ts'), path.join(projectRoot, 'src'), build);
    const files = cases.map(([name]) => path.join(variants, name));
    const script = `import { loadConfigFile } from ${JSON.stringify(entry)};
const results = {};
for (const file of ${JSON.stringify(files)}) results[file] = await loadConfigFile(file);
process.stdout.write(JSON.stringify(results));`;
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, ['--input-type=module', '-e', script], { cwd: process.cwd() }, (error, out, err) =>
        error ? reject(new Error(err)) : resolve(out),
      );
    });
    results = JSON.parse(stdout) as Record<string, LoadedSource>;
  });
  afterAll(async () => {
    if (build) await rm(build, { recursive: true, force: true });
  });

  it.each(cases)('%s: the problem names the file and, when Node can tell, the line and column', (name, problem) => {
    const file = path.join(variants, name);
    expect(results[file]).toEqual({ file, options: {}, warnings: [], problems: [`${shown(file)}${problem}`] });
  });
});

describe('findConfigFile', () => {
  it.each([
    ['json', 'apigw-ws.config.json'],
    ['module', 'apigw-ws.config.mjs'],
    ['both', 'apigw-ws.config.json'],
  ])('finds the config file in %s: %s', (dir, name) => {
    expect(findConfigFile(path.join(fixtures, dir))).toBe(path.join(fixtures, dir, name));
  });

  it('finds none where there is none (another extension does not count)', () => {
    expect(findConfigFile(variants)).toBeUndefined();
    expect(CONFIG_FILE_NAMES).toEqual(['apigw-ws.config.json', 'apigw-ws.config.mjs']);
  });
});

describe('schema/apigw-ws.config.schema.json', () => {
  it('knows the same keys as the loader at every level', async () => {
    const schema = await readSchema();
    expect(Object.keys(schema.properties).sort()).toEqual([...CONFIG_FILE_KEYS.top].sort());
    for (const [level, keys] of Object.entries(CONFIG_FILE_KEYS)) {
      if (level === 'top') continue;
      expect({ level, keys: Object.keys(schema.definitions[level]?.properties ?? {}).sort() }).toEqual({ level, keys: [...keys].sort() });
    }
  });

  it("states the library's defaults", async () => {
    const { properties, definitions } = await readSchema();
    expect(definitions.function?.properties?.memorySizeMb).toMatchObject({ default: D.MEMORY_SIZE_MB });
    const defaults = Object.fromEntries(Object.entries(properties).flatMap(([key, value]) => ('default' in value ? [[key, value.default]] : [])));
    expect(defaults).toEqual({
      routeSelectionExpression: D.DEFAULT_ROUTE_SELECTION_EXPRESSION,
      port: D.DEFAULT_PORT,
      host: D.DEFAULT_HOST,
      stage: D.DEFAULT_STAGE,
      region: D.DEFAULT_REGION,
      accountId: D.DEFAULT_ACCOUNT_ID,
      verifySignatures: false,
      iamAuthorization: false,
      functionTimeoutMs: D.FUNCTION_TIMEOUT_MS,
      integrationTimeoutMs: D.INTEGRATION_TIMEOUT_MS,
      idleTimeoutMs: D.IDLE_TIMEOUT_MS,
      maxConnectionDurationMs: D.MAX_CONNECTION_DURATION_MS,
      maxMessageBytes: D.MAX_MESSAGE_BYTES,
      maxFrameBytes: D.MAX_FRAME_BYTES,
      binaryFrames: 'reject',
      execution: 'worker',
      maxEnvironmentsPerFunction: D.MAX_ENVIRONMENTS_PER_FUNCTION,
      maxEnvironments: D.MAX_ENVIRONMENTS,
      recordInvocations: false,
    });
  });

  it('accepts the good fixtures and rejects the bad one where the loader does', async () => {
    const validate = new Ajv({ allErrors: true, strict: true }).compile(await readSchema());
    const json = JSON.parse(await readFile(path.join(fixtures, 'json/apigw-ws.config.json'), 'utf8')) as unknown;
    const { default: makeModuleConfig } = (await import(path.join(fixtures, 'module/apigw-ws.config.mjs'))) as { default: () => Promise<unknown> };
    // What JSON can hold of the module's value: `undefined` means "left out".
    const module = JSON.parse(JSON.stringify(await makeModuleConfig())) as unknown;
    expect([validate(json), validate.errors]).toEqual([true, null]);
    expect([validate(module), validate.errors]).toEqual([true, null]);
    const mistakes = JSON.parse(await readFile(path.join(fixtures, 'mistakes/apigw-ws.config.json'), 'utf8')) as unknown;
    expect(validate(mistakes)).toBe(false);
    // Where each error is, down to the offending key; an anyOf also fails on the enclosing value,
    // so paths that lead to a deeper error are dropped.
    const paths = (validate.errors ?? []).map((error) => {
      const key = (error.params as { additionalProperty?: string; missingProperty?: string });
      const child = key.additionalProperty ?? key.missingProperty;
      return child === undefined ? error.instancePath : `${error.instancePath}/${child}`;
    });
    const leaves = [...new Set(paths)].filter((place) => !paths.some((other) => other.startsWith(`${place}/`)));
    // The eleven places the loader reports in 'reports every mistake at once'.
    expect(leaves.sort()).toEqual([
      '/authorizer/source',
      '/binaryFrames',
      '/dynamodb/tables/0/hashKey/type',
      '/environment/DEBUG',
      '/functions/worker/timeoutMs',
      '/logger',
      '/prot',
      '/routes/$default',
      '/routes/chat/hanlder',
      '/stage',
    ]);
  });
});

/**
 * Writes `entry` and the modules it imports as plain JavaScript under `outDir` (same layout as
 * under `sourceRoot`), so Node runs it as it will run the build. Returns the entry's URL.
 */
async function transpileWithImports(entry: string, sourceRoot: string, outDir: string): Promise<string> {
  const pending = [entry];
  const done = new Set<string>();
  await writeFile(path.join(outDir, 'package.json'), '{ "type": "module" }');
  while (pending.length > 0) {
    const source = pending.pop() as string;
    if (done.has(source)) continue;
    done.add(source);
    const { outputText } = ts.transpileModule(await readFile(source, 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
      fileName: source,
    });
    const target = path.join(outDir, path.relative(sourceRoot, source)).replace(/\.ts$/, '.js');
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, outputText);
    for (const [, specifier] of outputText.matchAll(/from '(\.{1,2}\/[^']+)\.js'/g)) pending.push(path.resolve(path.dirname(source), `${specifier}.ts`));
  }
  return pathToFileURL(path.join(outDir, path.relative(sourceRoot, entry)).replace(/\.ts$/, '.js')).href;
}
