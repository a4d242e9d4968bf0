import {
  buildChatRoomOptions,
  buildConfigSummary,
  createStreamLogger,
  Emulator,
  formatProblemList,
  inspectOptions,
  isEmulatorError,
  loadProjectOptions,
  watchProject,
  type EmulatorOptions,
  type LoadedProject,
  type Logger,
  type ProjectLoad,
  type ResolvedOptions,
} from '../index.js';
import { parseServeFlags, type ServeFlags } from './parse-flags.js';

/** Exit code for a user error (bad options, missing handler), as most CLIs use for usage errors. */
export const EXIT_USAGE = 2;

/** What the flags and project files make: the options, or the problems that stop them. */
interface ServeSetup {
  readonly options: EmulatorOptions;
  readonly project: LoadedProject;
  readonly problems: readonly string[];
  /** No routes from any flag or file: the chat room example. */
  readonly chatRoom: boolean;
}

/** `keep`: what a reload keeps from the running emulator (its API id). */
async function loadServeSetup(
  flags: ServeFlags,
  logger: Logger,
  keep: { readonly apiId?: string } = {},
): Promise<ServeSetup | { readonly problems: readonly string[] }> {
  const parsed = parseServeFlags(flags);
  const { problems } = parsed;
  const flagOptions = { ...parsed.options, ...keep };
  let project: LoadedProject;
  try {
    project = await loadProjectOptions({ ...flagOptions, ...(flags.config === undefined ? {} : { config: flags.config }), throwOnProblems: false });
  } catch (error) {
    if (!isEmulatorError(error)) throw error;
    return { problems: [...problems, ...error.problems] };
  }
  problems.push(...project.problems);
  // No routes from any flag or file: the chat room example, with its tables and page. (A template
  // or serverless.yml without routes is a problem its loader reports, so it never lands here.)
  const chatRoom = Object.keys(project.options.routes).length === 0 && project.problems.length === 0;
  // The CLI is the dev loop: the inspector is on unless --no-inspector or the config file says otherwise.
  const options: EmulatorOptions = { ...(chatRoom ? withChatRoom(project.options) : project.options), logger, inspector: project.options.inspector ?? true };
  // The options' own problems, unless the files already had some: what they left out (a route
  // whose function failed) would only be reported again, less clearly.
  if (project.problems.length === 0) problems.push(...inspectOptions(options).problems);
  return { options, project, problems, chatRoom };
}

export async function serve(flags: ServeFlags): Promise<void> {
  const logger = createStreamLogger(parseServeFlags(flags).logLevel);
  const setup = await loadServeSetup(flags, logger);
  if (!('project' in setup)) return failUsage(setup.problems);
  const { options, project, problems, chatRoom } = setup;
  if (flags.printConfig) {
    // What was understood, problems and all, so a project that cannot start can be looked into.
    process.stdout.write(`${JSON.stringify(buildConfigSummary(inspectOptions(options).options, { ...project, problems: [...problems] }), null, 2)}\n`);
    if (problems.length > 0) process.exitCode = EXIT_USAGE;
    return;
  }
  if (problems.length > 0) return failUsage(problems);
  const emulator = new Emulator(options);
  for (const notice of project.notices) logger.info(notice);
  for (const warning of project.warnings) logger.warn(warning);
  try {
    const { url, managementEndpoint } = await emulator.start();
    // The two URLs alone on their lines (stdout), so scripts and people can copy them as they are.
    const pageUrl = chatRoom ? `${managementEndpoint.slice(0, managementEndpoint.lastIndexOf('/'))}/${emulator.options.stage === 'local' ? '' : `?stage=${emulator.options.stage}`}` : undefined;
    process.stdout.write(`${url}\n${managementEndpoint}/@connections\n${pageUrl ? `${pageUrl}\n` : ''}`);
    if (pageUrl) logger.info(`chat room: open ${pageUrl} in a browser`);
    if (!chatRoom) logger.info(formatRoutesLine(emulator.options));
    logger.info(`ready: connect to ${url}; SDK endpoint for @connections: ${managementEndpoint}`);
    if (emulator.options.inspector) logger.info(`inspector: open ${managementEndpoint.slice(0, managementEndpoint.lastIndexOf('/'))}/_inspector in a browser`);
    logger.info(`Lambda Invoke API (every function, e.g. apigw-ws-local invoke NAME): endpoint ${managementEndpoint.slice(0, managementEndpoint.lastIndexOf('/'))}`);
    if (emulator.dynamodbEndpoint) logger.info(`DynamoDB for handlers (AWS_ENDPOINT_URL_DYNAMODB): ${emulator.dynamodbEndpoint}`);
  } catch (error) {
    if (!isEmulatorError(error)) throw error;
    await emulator.dispose();
    return failUsage(error.problems);
  }
  // In a terminal, the dev loop: saved code runs at the next message. Scripts and CI (output not a
  // terminal) get a server that never changes under them, unless they ask with --watch.
  const watching = (flags.watch ?? process.stdout.isTTY === true) && !chatRoom;
  const watcher = watching
    ? watchProject({
        emulator,
        projectFiles: project.sources,
        logger,
        loadProject: async (running): Promise<ProjectLoad> => {
          const again = await loadServeSetup(flags, logger, { apiId: running.apiId });
          if (!('project' in again) || again.problems.length > 0) return { problems: again.problems };
          if (again.chatRoom) return { problems: ['no routes are left in the project files'] };
          return { options: again.options, sources: again.project.sources };
        },
      })
    : undefined;
  if (watcher) {
    await watcher.ready;
    logger.info('watching the functions\' code and the project files: saved changes apply at the next invocation (--no-watch to turn off)');
  }
  const stop = (signal: string) => {
    logger.info(`${signal}: closing every connection with 1001 "Going away"`);
    Promise.all([watcher?.close(), emulator.dispose()]).then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

/**
 * `routes: $connect → OnConnect (authorizer Auth), sendmessage → Send (two-way)`: each route and its
 * function; the authorizer shows on `$connect`, where API Gateway runs it (alone when there is no
 * `$connect` route).
 */
function formatRoutesLine(options: ResolvedOptions): string {
  const authorizer = options.authorizer === undefined ? undefined : `authorizer ${options.authorizer.functionName}`;
  const routes = options.routes.map((route) => {
    const notes = [...(route.key === '$connect' && authorizer ? [authorizer] : []), ...(route.routeResponse ? ['two-way'] : [])];
    return `${route.key} → ${route.functionName}${notes.length > 0 ? ` (${notes.join(', ')})` : ''}`;
  });
  if (authorizer && !options.routes.some((route) => route.key === '$connect')) routes.unshift(`$connect (${authorizer})`);
  return `routes: ${routes.join(', ')}`;
}

/** The chat room's routes, tables and page, with the user's flags on top. */
function withChatRoom(options: EmulatorOptions): EmulatorOptions {
  const chat = buildChatRoomOptions();
  const dynamodb =
    options.dynamodb === false
      ? false
      : { ...options.dynamodb, tables: [...(chat.dynamodb ? (chat.dynamodb.tables ?? []) : []), ...(options.dynamodb?.tables ?? [])] };
  return { ...options, routes: chat.routes, root: chat.root, staticDir: chat.staticDir, dynamodb };
}

/** One `  - ` item per problem; a problem's further lines (a load error's "Require stack:") stay indented under it. */
function failUsage(problems: readonly string[]): void {
  process.stderr.write(`apigw-ws-local: cannot start:\n${formatProblemList(problems)}\n`);
  process.exitCode = EXIT_USAGE;
}

