import { readFile } from 'node:fs/promises';
import { callInvoke, createStreamLogger, isEmulatorError, loadProjectOptions, type LogLevel } from '../index.js';

/** Flags of `apigw-ws-local invoke` as commander gives them. */
export interface InvokeFlags {
  event?: string;
  url: string;
  logLevel: string;
}

/** Exit codes: 0 the function returned, 1 it failed (its error document printed), 2 a usage error. */
const EXIT_FUNCTION_ERROR = 1;
const EXIT_USAGE = 2;

/** Prints the result on stdout and the log tail on stderr. */
export async function runInvoke(functionName: string, flags: InvokeFlags): Promise<void> {
  const event = await readEvent(flags.event);
  if (!event.ok) return fail(event.message);
  const logger = createStreamLogger(flags.logLevel as LogLevel);
  let result;
  try {
    result = await callInvoke({ url: flags.url, functionName, event: event.value, logger, loadOptions: async () => (await loadProjectOptions({})).options });
  } catch (error) {
    // fetch's own failure (a bad port, a host that does not resolve): the URL is the user's.
    if (error instanceof TypeError && error.message === 'fetch failed') return fail(`cannot reach ${flags.url}: ${String((error.cause as Error | undefined)?.message ?? error.cause)}`);
    if (!isEmulatorError(error)) throw error;
    return fail(`cannot start an emulator for the call (nothing answered at ${flags.url}):\n${error.message}`);
  }
  if (result.via === 'started') logger.info(`nothing answered at ${flags.url}: invoked ${functionName} in an emulator started for the call`);
  if (result.logTail !== '') process.stderr.write(result.logTail);
  if (result.errorType !== undefined) {
    const message = (JSON.parse(result.body) as { Message?: string }).Message ?? result.body;
    return fail(`${result.errorType}: ${message}`);
  }
  process.stdout.write(`${result.body}\n`);
  if (result.functionError !== undefined) process.exitCode = EXIT_FUNCTION_ERROR;
}

async function readEvent(source: string | undefined): Promise<{ ok: true; value: unknown } | { ok: false; message: string }> {
  if (source === undefined) return { ok: true, value: {} };
  let text: string;
  try {
    text = source === '-' ? await readStdin() : await readFile(source, 'utf8');
  } catch (error) {
    return { ok: false, message: `--event ${source}: ${(error as Error).message}` };
  }
  if (text.trim() === '') return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, message: `--event ${source === '-' ? '- (stdin)' : source}: not JSON: ${(error as Error).message}` };
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function fail(message: string): void {
  process.stderr.write(`apigw-ws-local invoke: ${message}\n`);
  process.exitCode = EXIT_USAGE;
}
