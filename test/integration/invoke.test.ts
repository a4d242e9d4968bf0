// Lambda's Invoke API on the emulator's port, through the real @aws-sdk/client-lambda, and the
// library method behind it. Functions come from a config file; `notify` has no route.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvokeCommand, LambdaClient, ResourceNotFoundException } from '@aws-sdk/client-lambda';
import { describe, expect, it, onTestFinished } from 'vitest';
import { Emulator, loadProjectOptions } from 'apigw-ws-local';
import { connectTestClient } from 'apigw-ws-local/testing';

const cwd = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/invoke');
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

async function start() {
  const { options } = await loadProjectOptions({ cwd, port: 0 });
  const emulator = new Emulator(options);
  onTestFinished(() => emulator.dispose());
  const urls = await emulator.start();
  const lambda = new LambdaClient({ endpoint: `http://127.0.0.1:${urls.port}`, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
  onTestFinished(() => lambda.destroy());
  return { emulator, urls, lambda };
}

const decode = (payload: Uint8Array | undefined) => JSON.parse(Buffer.from(payload ?? []).toString('utf8')) as unknown;

describe('Invoke through @aws-sdk/client-lambda', () => {
  it('RequestResponse: 200, the result as the payload, $LATEST', async () => {
    const { lambda } = await start();
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'echo', Payload: JSON.stringify({ a: 1 }) }));
    expect(out.StatusCode).toBe(200);
    expect(out.FunctionError).toBeUndefined();
    expect(out.ExecutedVersion).toBe('$LATEST');
    expect(decode(out.Payload)).toEqual({ got: { a: 1 }, functionName: 'echo' });
  });

  it('takes the function ARN, URL-encoded by the SDK, and an empty payload as {}', async () => {
    const { lambda } = await start();
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:echo' }));
    expect(decode(out.Payload)).toEqual({ got: {}, functionName: 'echo' });
  });

  it('a function error: 200, FunctionError Unhandled, the error document as the payload', async () => {
    const { lambda } = await start();
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'fail' }));
    expect(out.StatusCode).toBe(200);
    expect(out.FunctionError).toBe('Unhandled');
    const document = decode(out.Payload) as { errorType: string; errorMessage: string; trace: string[] };
    expect(Object.keys(document)).toEqual(['errorType', 'errorMessage', 'trace']);
    expect(document.errorType).toBe('TypeError');
    expect(document.errorMessage).toBe('invoke exploded');
    expect(document.trace[0]).toBe('TypeError: invoke exploded');
  });

  it('LogType Tail: LogResult is base64 of the START, console, END and REPORT lines', async () => {
    const { lambda } = await start();
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'chatty', LogType: 'Tail', Payload: JSON.stringify({ n: 7 }) }));
    expect(decode(out.Payload)).toBe(null);
    const lines = Buffer.from(out.LogResult ?? '', 'base64').toString('utf8').split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(new RegExp(`^START RequestId: (${UUID}) Version: \\$LATEST$`));
    const requestId = /RequestId: (\S+)/.exec(lines[0] ?? '')?.[1];
    expect(lines[1]).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\t${requestId}\\tINFO\\thello from chatty 7$`));
    expect(lines[2]).toBe(`END RequestId: ${requestId}`);
    expect(lines[3]).toMatch(new RegExp(`^REPORT RequestId: ${requestId}\\tDuration: `));
    expect(lines[4]).toBe('');
  });

  it('an unknown function: ResourceNotFoundException naming its ARN', async () => {
    const { lambda } = await start();
    const error = await lambda.send(new InvokeCommand({ FunctionName: 'nope' })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ResourceNotFoundException);
    expect((error as ResourceNotFoundException).message).toBe('Function not found: arn:aws:lambda:us-east-1:123456789012:function:nope');
    expect((error as ResourceNotFoundException).Type).toBe('User');
    expect((error as ResourceNotFoundException).$metadata.httpStatusCode).toBe(404);
  });

  it('a function without a route posts to a live connection through @connections (RequestResponse)', async () => {
    const { emulator, urls, lambda } = await start();
    const client = await connectTestClient(urls.url);
    const connectionId = emulator.listConnections()[0]?.connectionId;
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'notify', Payload: JSON.stringify({ connectionId, message: 'hi from notify' }) }));
    expect(decode(out.Payload)).toBe('sent');
    expect(await client.nextMessage()).toBe('hi from notify');
  });

  it('Event: 202 at once, empty payload, and the invocation runs in the background', async () => {
    const { emulator, urls, lambda } = await start();
    const client = await connectTestClient(urls.url);
    const connectionId = emulator.listConnections()[0]?.connectionId;
    const out = await lambda.send(
      new InvokeCommand({ FunctionName: 'notify', InvocationType: 'Event', Payload: JSON.stringify({ connectionId, message: 'queued' }) }),
    );
    expect(out.StatusCode).toBe(202);
    expect(Buffer.from(out.Payload ?? []).length).toBe(0);
    expect(await client.nextMessage()).toBe('queued');
  });

  it('DryRun: 204', async () => {
    const { lambda } = await start();
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'echo', InvocationType: 'DryRun' }));
    expect(out.StatusCode).toBe(204);
  });
});

describe('Invoke on the wire', () => {
  it('a body that is not JSON: 400 InvalidRequestContentException', async () => {
    const { urls } = await start();
    const response = await fetch(`http://127.0.0.1:${urls.port}/2015-03-31/functions/echo/invocations`, { method: 'POST', body: '{nope' });
    expect(response.status).toBe(400);
    expect(response.headers.get('x-amzn-errortype')).toBe('InvalidRequestContentException');
    const body = (await response.json()) as { Type: string; Message: string };
    expect(body.Type).toBe('User');
    expect(body.Message).toMatch(/^Could not parse request body into json: /);
  });

  it('a body over 6 MB: 413 RequestTooLargeException', async () => {
    const { urls } = await start();
    const response = await fetch(`http://127.0.0.1:${urls.port}/2015-03-31/functions/echo/invocations`, { method: 'POST', body: JSON.stringify('x'.repeat(6 * 1024 * 1024)) });
    expect(response.status).toBe(413);
    expect(response.headers.get('x-amzn-errortype')).toBe('RequestTooLargeException');
    expect(await response.json()).toEqual({ Type: 'User', Message: 'Request must be smaller than 6291456 bytes for the InvokeFunction operation' });
  });

  it('a web page of another origin: 403, as @connections answers it', async () => {
    const { urls } = await start();
    const response = await fetch(`http://127.0.0.1:${urls.port}/2015-03-31/functions/echo/invocations`, { method: 'POST', body: '{}', headers: { origin: 'http://evil.example' } });
    expect(response.status).toBe(403);
    expect(response.headers.get('x-amzn-errortype')).toBe('ForbiddenException');
  });
});

describe('emulator.invoke()', () => {
  it('gives the outcome and the log lines without HTTP', async () => {
    const { emulator } = await start();
    const result = await emulator.invoke('chatty', { n: 1 }, { logType: 'Tail' });
    expect(result.statusCode).toBe(200);
    expect(result.outcome).toMatchObject({ ok: true, result: null });
    expect(result.logs.map((line) => line.split(/[\t ]/)[0])).toEqual(['START', expect.stringMatching(/Z$/), 'END', 'REPORT']);
    expect(Buffer.from(result.logResult ?? '', 'base64').toString()).toBe(`${result.logs.join('\n')}\n`);
  });

  it('Event: completed settles with the outcome; an unknown function is 404', async () => {
    const { emulator } = await start();
    const event = await emulator.invoke('fail', {}, { invocationType: 'Event' });
    expect(event.statusCode).toBe(202);
    const completed = await event.completed;
    expect(completed?.outcome).toMatchObject({ ok: false, error: { errorType: 'TypeError', errorMessage: 'invoke exploded' } });
    const missing = await emulator.invoke('nope', {}, { invocationType: 'DryRun' });
    expect(missing).toMatchObject({
      statusCode: 404,
      outcome: {
        ok: false,
        error: { errorType: 'ResourceNotFoundException', errorMessage: 'Function not found: arn:aws:lambda:us-east-1:123456789012:function:nope' },
      },
    });
  });
});
