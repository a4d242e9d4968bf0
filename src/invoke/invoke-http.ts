/**
 * Lambda's Invoke operation over HTTP, on the emulator's port, so `@aws-sdk/client-lambda` and
 * `aws lambda invoke --endpoint-url` reach the functions:
 * `POST /2015-03-31/functions/{FunctionName}/invocations`.
 * https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { INVOCATION_TYPES, type DirectInvokeResult, type DirectInvoker, type InvocationType } from './direct-invoker.js';
import { buildInvokeError, type InvokeResponse } from './invoke-errors.js';
import { matchInvokePath, parseFunctionName } from './invoke-path.js';
import { buildFunctionArn } from './direct-invoker.js';

/** Lambda's limit on a synchronous request and response payload: 6 MB (6291456 bytes). https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html */
export const MAX_INVOKE_PAYLOAD_BYTES = 6 * 1024 * 1024;
/** Lambda's response limit as its `Function.ResponseSizeTooLarge` message states it (6291556 bytes). */
const MAX_RESPONSE_BYTES = 6_291_556;
/** Body bytes read in all before answering 413 and closing (as the @connections adapter does). */
const MAX_DRAIN_BYTES = 10 * 1024 * 1024;

export interface InvokeHttpOptions {
  readonly invoker: DirectInvoker;
  readonly region: string;
  readonly accountId: string;
}

/** True for an Invoke request's path (any method; other methods get Lambda's 404). */
export function isInvokePath(target: string): boolean {
  return matchInvokePath(target) !== undefined;
}

/** Serves one Invoke request. Never throws into node:http. */
export function handleInvokeRequest(options: InvokeHttpOptions, req: IncomingMessage, res: ServerResponse): void {
  const requestId = crypto.randomUUID();
  const chunks: Buffer[] = [];
  let received = 0;
  let answered = false;
  const tooLarge = () => {
    res.setHeader('Connection', 'close');
    write(res, buildInvokeError('RequestTooLargeException', `Request must be smaller than ${MAX_INVOKE_PAYLOAD_BYTES} bytes for the InvokeFunction operation`, requestId));
  };
  if (Number(req.headers['content-length']) > MAX_DRAIN_BYTES) {
    req.pause();
    return tooLarge();
  }
  req.on('data', (chunk: Buffer) => {
    if (answered) return;
    received += chunk.length;
    if (received <= MAX_INVOKE_PAYLOAD_BYTES) chunks.push(chunk);
    if (received > MAX_DRAIN_BYTES) {
      answered = true;
      req.pause();
      tooLarge();
    }
  });
  req.on('end', () => {
    if (answered) return;
    answered = true;
    if (received > MAX_INVOKE_PAYLOAD_BYTES) return tooLarge();
    answer(options, req, Buffer.concat(chunks), requestId).then(
      (response) => write(res, response),
      (error: unknown) =>
        write(res, {
          status: 500,
          headers: { 'x-amzn-ErrorType': 'ServiceException' },
          body: JSON.stringify({ Type: 'Service', Message: `apigw-ws-local: Invoke failed (${String(error)}). This is an emulator bug.` }),
        }),
    );
  });
  req.on('error', () => {
    answered = true;
  });
}

async function answer(options: InvokeHttpOptions, req: IncomingMessage, body: Buffer, requestId: string): Promise<InvokeResponse> {
  const raw = matchInvokePath(req.url ?? '/') ?? '';
  const parsed = parseFunctionName(raw);
  const name = parsed?.name ?? raw;
  if (req.method !== 'POST' || parsed === undefined) {
    return buildInvokeError('ResourceNotFoundException', `Function not found: ${buildFunctionArn(name, options)}`, requestId);
  }
  const type = header(req, 'x-amz-invocation-type') ?? 'RequestResponse';
  if (!INVOCATION_TYPES.includes(type as InvocationType)) {
    return buildInvokeError('InvalidParameterValueException', `Unsupported invocation type ${type}: use RequestResponse, Event or DryRun`, requestId);
  }
  const logType = header(req, 'x-amz-log-type') ?? 'None';
  if (logType !== 'None' && logType !== 'Tail')
    return buildInvokeError('InvalidParameterValueException', `Unsupported log type ${logType}: use None or Tail`, requestId);
  let event: unknown = {};
  // An empty payload reaches the function as {} (what `aws lambda invoke` without --payload sends).
  if (body.length > 0) {
    try {
      event = JSON.parse(body.toString('utf8'));
    } catch (error) {
      return buildInvokeError('InvalidRequestContentException', `Could not parse request body into json: ${(error as Error).message}`, requestId);
    }
  }
  const result = await options.invoker.invoke(name, event, { invocationType: type as InvocationType, logType });
  return buildInvokeResponse(result, requestId);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The wire form of a result: status, Lambda's headers and the payload or error document. */
export function buildInvokeResponse(result: DirectInvokeResult, requestId: string): InvokeResponse {
  const { outcome } = result;
  if (result.statusCode === 404 && outcome && !outcome.ok) return buildInvokeError('ResourceNotFoundException', outcome.error.errorMessage, requestId);
  if (result.statusCode !== 200 || outcome === undefined) return { status: result.statusCode, headers: { 'x-amzn-RequestId': requestId }, body: '' };
  const headers: Record<string, string> = { 'x-amzn-RequestId': outcome.requestId, 'X-Amz-Executed-Version': '$LATEST', 'Content-Type': 'application/json' };
  if (result.logResult !== undefined) headers['X-Amz-Log-Result'] = result.logResult;
  if (!outcome.ok) {
    const { errorType, errorMessage, stack } = outcome.error;
    return {
      status: 200,
      headers: { ...headers, 'X-Amz-Function-Error': 'Unhandled' },
      body: JSON.stringify({ errorType, errorMessage, ...(stack === undefined ? {} : { trace: stack }) }),
    };
  }
  // undefined (a handler that returns nothing) is `null` on the wire.
  const payload = JSON.stringify(outcome.result) ?? 'null';
  if (Buffer.byteLength(payload) > MAX_RESPONSE_BYTES) {
    const error = { errorMessage: `Response payload size exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).`, errorType: 'Function.ResponseSizeTooLarge' };
    return { status: 200, headers: { ...headers, 'X-Amz-Function-Error': 'Unhandled' }, body: JSON.stringify(error) };
  }
  return { status: 200, headers, body: payload };
}

function write(res: ServerResponse, response: InvokeResponse): void {
  if (res.headersSent || res.destroyed) return;
  res.statusCode = response.status;
  for (const name in response.headers) res.setHeader(name, response.headers[name] as string);
  if (response.status !== 204) res.setHeader('Content-Length', Buffer.byteLength(response.body));
  res.end(response.body);
}
