/**
 * `apigw-ws-local invoke NAME`: one invocation through a running emulator's Invoke API, or, when
 * nothing answers at the URL, through an emulator started for the call from the project's files.
 * https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html
 */
import type { EmulatorOptions } from '../config/options.js';
import { Emulator } from '../emulator.js';
import type { Logger } from '../log/logger.js';
import { buildInvokeResponse } from './invoke-http.js';
import type { InvokeResponse } from './invoke-errors.js';

export interface InvokeCallInput {
  /** The running emulator's base URL, e.g. `http://127.0.0.1:3001`. */
  readonly url: string;
  readonly functionName: string;
  /** The event, already parsed. */
  readonly event: unknown;
  /** The project's options, for an emulator started for the call (its port is 0). */
  readonly loadOptions: () => Promise<EmulatorOptions>;
  /** The started emulator's logger (its handler output is left out: the log tail carries it). */
  readonly logger: Logger;
}

/** What Lambda answered, decoded. */
export interface InvokeCallResult {
  /** `url`: a running emulator answered; `started`: one was started for the call. */
  readonly via: 'url' | 'started';
  readonly status: number;
  /** The payload: the result, the function's error document, or Lambda's error `{"Type","Message"}`. */
  readonly body: string;
  /** `Unhandled` on a function error (`X-Amz-Function-Error`). */
  readonly functionError?: string;
  /** Lambda's error name on a 4xx (`x-amzn-ErrorType`), e.g. `ResourceNotFoundException`. */
  readonly errorType?: string;
  /** The invocation's log tail (`X-Amz-Log-Result`, decoded). */
  readonly logTail: string;
}

export async function callInvoke(input: InvokeCallInput): Promise<InvokeCallResult> {
  const target = `${input.url.replace(/\/+$/, '')}/2015-03-31/functions/${encodeURIComponent(input.functionName)}/invocations`;
  let response: Response;
  try {
    response = await fetch(target, {
      method: 'POST',
      headers: { 'X-Amz-Log-Type': 'Tail', 'Content-Type': 'application/json' },
      body: JSON.stringify(input.event),
    });
  } catch (error) {
    if (!isConnectionRefused(error)) throw error;
    return invokeInStartedEmulator(input);
  }
  const headers = Object.fromEntries(response.headers);
  return decode('url', { status: response.status, headers, body: await response.text() });
}

async function invokeInStartedEmulator(input: InvokeCallInput): Promise<InvokeCallResult> {
  const { handler: _handler, ...logger } = input.logger;
  const emulator = new Emulator({ ...(await input.loadOptions()), port: 0, logger });
  try {
    await emulator.start();
    const result = await emulator.invoke(input.functionName, input.event, { logType: 'Tail' });
    return decode('started', buildInvokeResponse(result, crypto.randomUUID()));
  } finally {
    await emulator.dispose();
  }
}

function decode(via: InvokeCallResult['via'], response: InvokeResponse): InvokeCallResult {
  const header = (name: string) => Object.entries(response.headers).find(([key]) => key.toLowerCase() === name)?.[1];
  const functionError = header('x-amz-function-error');
  const errorType = response.status >= 400 ? header('x-amzn-errortype') : undefined;
  const logResult = header('x-amz-log-result');
  return {
    via,
    status: response.status,
    body: response.body,
    ...(functionError === undefined ? {} : { functionError }),
    ...(errorType === undefined ? {} : { errorType }),
    logTail: logResult === undefined ? '' : Buffer.from(logResult, 'base64').toString('utf8'),
  };
}

function isConnectionRefused(error: unknown): boolean {
  const cause = (error as { cause?: { code?: string } } | undefined)?.cause;
  return cause?.code === 'ECONNREFUSED';
}
