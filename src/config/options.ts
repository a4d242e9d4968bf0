import type { TableOptions } from '../dynamodb/index.js';
import type { Logger } from '../log/logger.js';
import type { Clock } from '../util/clock.js';

/** A function: Lambda's handler string and configuration. */
export interface FunctionOptions {
  /** `path/to/file.export`, relative to `codeDir`, resolved as the Lambda Node.js runtime does. */
  readonly handler: string;
  /**
   * The function's code directory (SAM's `CodeUri`), relative to `root`: the handler path is
   * relative to it and it is `LAMBDA_TASK_ROOT`. In a config file, for a template's function, it
   * replaces the template's `CodeUri` (e.g. a build folder). Default: `root`.
   */
  readonly codeDir?: string;
  /** Function timeout, ms. Default: `functionTimeoutMs` (3000, Lambda's default). */
  readonly timeoutMs?: number;
  /** `memoryLimitInMB` in the context. Default 128. */
  readonly memorySizeMb?: number;
  /** The function's own environment variables, on top of `environment`. */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * Lambda's runtime identifier: `nodejs20.x`, `nodejs14.x`, `nodejs8.10`... Every Node.js runtime
   * runs on this machine's Node.js; the name decides which AWS SDK handlers get without installing
   * one (`aws-sdk` v2 up to `nodejs16.x`, `@aws-sdk/*` v3 from `nodejs18.x`, as Lambda ships them)
   * and whether ES modules resolve packages from layers (18+ only). Default: a Node.js 18+ runtime.
   * https://docs.aws.amazon.com/lambda/latest/dg/lambda-nodejs.html
   */
  readonly runtime?: string;
  /**
   * The function's layers, in its order: directories (relative to `root`) whose content Lambda
   * would unzip into `/opt`, so `nodejs/node_modules` (or `nodejs/node20/node_modules`) in them is
   * on the module path after the function's own `node_modules`, and `/opt/...` paths in the code
   * reach them. Default none.
   * https://docs.aws.amazon.com/lambda/latest/dg/packaging-layers.html#packaging-layers-paths
   */
  readonly layers?: readonly LayerOptions[];
  /**
   * How a TypeScript handler is built before it runs (transpiled with esbuild into a cache, never
   * type-checked, as `sam build` with `BuildMethod: esbuild` does). A handler whose file is `.ts`,
   * `.mts` or `.cts` is built with the defaults without this. Default: see `FunctionBuildOptions`.
   */
  readonly build?: FunctionBuildOptions;
}

/**
 * A layer: a directory that stands for `/opt` (it holds `nodejs/node_modules`), or an object
 * naming a directory that stands for `/opt/nodejs` (a layer's source that `sam build` copies there
 * with `BuildMethod: nodejs20.x`, holding `package.json` and `node_modules`).
 */
export type LayerOptions = string | { readonly dir: string; readonly mountedAt: '/opt' | '/opt/nodejs' };

/**
 * esbuild settings of a TypeScript function, as SAM's `Metadata.BuildProperties` and
 * serverless-esbuild's `custom.esbuild` give them.
 * https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/serverless-sam-cli-using-build-typescript.html
 */
export interface FunctionBuildOptions {
  /**
   * Entry files relative to `codeDir` (SAM's `EntryPoints`); the one whose name matches the
   * handler's module is built for it. Default: the handler's own file (`src/app.handler` → `src/app.ts`).
   */
  readonly entryPoints?: readonly string[];
  /** Module format of the built code: `esm` or `cjs`. Default: `esm` for `.mts`, `cjs` for `.cts`, else by the nearest package.json `type`. */
  readonly format?: 'esm' | 'cjs';
  /** esbuild `target`, e.g. `es2020`. Default: this machine's Node.js. */
  readonly target?: string;
  /** Packages left out of the bundle. Every package in node_modules is left out anyway: it resolves from the project. */
  readonly external?: readonly string[];
  /** A tsconfig.json (relative to `codeDir`) for `paths` and JSX settings. Default: the nearest one, as esbuild finds it. */
  readonly tsconfig?: string;
}

/** A route's integration. A plain string is a function name from `functions`, or a handler string. */
export interface RouteOptions {
  /** Handler string (`path/to/file.export`) of the function behind the route. */
  readonly handler?: string;
  /** Name of a function declared in `functions`. */
  readonly function?: string;
  /**
   * Two-way route: the result's `body` is sent back to the client, as with a `$default` route
   * response on AWS. Default false (one-way: the result is ignored).
   */
  readonly routeResponse?: boolean;
  /** API Gateway's integration timeout for this route, ms (50-29000). Default: `integrationTimeoutMs`. */
  readonly integrationTimeoutMs?: number;
}

/** The DynamoDB handlers get through `AWS_ENDPOINT_URL_DYNAMODB`. */
export interface DynamoDbConfig {
  /** Tables created (if missing) before the first connection is accepted. */
  readonly tables?: readonly TableOptions[];
  /** Another DynamoDB-compatible endpoint (DynamoDB Local, a real account's) instead of the embedded dynalite. */
  readonly endpoint?: string;
  /** Keep the embedded DynamoDB's data in this directory between runs. Default: in memory. */
  readonly persistDir?: string;
}

/** A Lambda REQUEST authorizer on `$connect`. */
export interface AuthorizerOptions {
  /** Handler string of the authorizer function, or use `function`. */
  readonly handler?: string;
  /** Name of a function declared in `functions`. */
  readonly function?: string;
  /**
   * Identity sources that must be present, else 401 without invoking the authorizer, e.g.
   * `route.request.header.Authorization`, `route.request.querystring.token`. Default none.
   */
  readonly identitySources?: readonly string[];
}

export interface EmulatorOptions {
  /** Route key (`$connect`, `$disconnect`, `$default` or a custom key) to its integration. */
  readonly routes: Readonly<Record<string, string | RouteOptions>>;
  /** Named functions that routes can refer to. */
  readonly functions?: Readonly<Record<string, FunctionOptions>>;
  /**
   * A Lambda REQUEST authorizer on `$connect` (it protects the whole API). Default none. `false`:
   * none, even when a template or serverless.yml has one (flags over config file over template).
   */
  readonly authorizer?: false | AuthorizerOptions;
  /** Route selection expression. Default `$request.body.action`. */
  readonly routeSelectionExpression?: string;
  /** Directory handler paths are relative to. Default: `process.cwd()`. */
  readonly root?: string;
  /** Port for WebSocket and `@connections` (one port). Default 3001; 0 picks a free port. */
  readonly port?: number;
  /** Interface to listen on. Default `127.0.0.1`. */
  readonly host?: string;
  /** Stage name: the WebSocket URL is `ws://HOST:PORT/STAGE`. Default `local`. */
  readonly stage?: string;
  /** The stage's variables: `stageVariables` in every event (absent when there are none, as AWS). */
  readonly stageVariables?: Readonly<Record<string, string>>;
  /** Emulated API id (10 characters `[a-z0-9]`). Default: random. */
  readonly apiId?: string;
  /** Emulated region (`AWS_REGION` in handlers). Default `us-east-1`. */
  readonly region?: string;
  /** Emulated account id (in ARNs). Default `123456789012`. */
  readonly accountId?: string;
  /** `requestContext.domainName`. Default `{apiId}.execute-api.{region}.amazonaws.com`, as AWS. */
  readonly domainName?: string;
  /**
   * DynamoDB for the handlers. Default: the embedded dynalite in memory (with TTL expiry added),
   * no tables. `false`: none.
   */
  readonly dynamodb?: false | DynamoDbConfig;
  /**
   * A directory of static files (a web page) served at `/` on the same port, e.g. the chat room's
   * page. Relative to `root`. The WebSocket path and `@connections` keep precedence. Default: none.
   */
  readonly staticDir?: string;
  /**
   * Credentials handlers get (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`), and the only ones
   * `verifySignatures` accepts. Default: fixed fake ones.
   */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /**
   * `@connections` requests must carry a valid SigV4 signature (service `execute-api`) made with
   * `credentials`, else 403 ForbiddenException with AWS's message. The real SDK signs every request,
   * so correct code passes. Default false (any signature, or none, is accepted).
   */
  readonly verifySignatures?: boolean;
  /**
   * `AWS_IAM` authorization on `$connect`: upgrade requests must be SigV4-signed (service
   * `execute-api`) with `credentials`, else 403; events then carry the IAM fields in `identity`.
   * Default false.
   */
  readonly iamAuthorization?: boolean;
  /** Environment variables for every function. */
  readonly environment?: Readonly<Record<string, string>>;
  /** Default function timeout, ms. Default 3000 (Lambda's default). */
  readonly functionTimeoutMs?: number;
  /** API Gateway integration timeout, ms. Default 29000. */
  readonly integrationTimeoutMs?: number;
  /** Idle timeout, ms. Default 600000 (10 minutes, AWS). */
  readonly idleTimeoutMs?: number;
  /** Maximum connection duration, ms. Default 7200000 (2 hours, AWS). */
  readonly maxConnectionDurationMs?: number;
  /** Largest message, bytes. Default 131072 (128 KB, AWS); larger ones close with 1009. */
  readonly maxMessageBytes?: number;
  /** Largest frame a client may send, bytes. Default 32768 (32 KB, AWS); larger ones close with 1009. */
  readonly maxFrameBytes?: number;
  /** Binary frames from clients: `reject` (default, AWS's documented 1003 close) or `accept` (base64, `isBase64Encoded: true`). */
  readonly binaryFrames?: 'reject' | 'accept';
  /** New connections per second before upgrades are refused with 429 (AWS: 500 per account and Region). Default: no limit. */
  readonly maxNewConnectionsPerSecond?: number;
  /**
   * Messages one connection may send per second (token bucket, bursts up to the same number); more get
   * a `Too Many Requests` error frame and invoke nothing. Default: no limit (AWS documents no
   * per-connection quota; docs/execution-model.md#queueing-and-fairness).
   */
  readonly maxMessagesPerSecondPerConnection?: number;
  /** `worker` (default): each execution environment is a worker thread. `inline`: the caller's thread. */
  readonly execution?: 'worker' | 'inline';
  /** Execution environments per function before invocations queue. Default 2. */
  readonly maxEnvironmentsPerFunction?: number;
  /** Execution environments alive at once across all functions (idle ones are ended first). Default 6. */
  readonly maxEnvironments?: number;
  /**
   * Keep every invocation (route, event, result or error, duration, log lines) for
   * `invocations`, `waitForInvocation` and `waitForDisconnect`. For tests; default false.
   */
  readonly recordInvocations?: boolean;
  /**
   * Serve the inspector page and its JSON API at `/_inspector` on the same port: live connections,
   * the latest invocations with their events, results and log lines, posting to and closing a
   * connection. Default false: the library stays minimal (no extra HTTP surface, handlers' output
   * not collected); the CLI turns it on (`--no-inspector` turns it off).
   */
  readonly inspector?: boolean;
  /**
   * Seed for every id the emulator makes (connection, request and message ids, the API id, trace
   * ids), so snapshots of events are stable. Default: random.
   */
  readonly seed?: number;
  /** Where the emulator logs. Default: silent. */
  readonly logger?: Logger;
  /** Time source for every timer and timestamp. Default: the system clock. */
  readonly clock?: Clock;
}
