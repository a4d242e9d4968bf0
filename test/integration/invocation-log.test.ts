import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { Emulator, EmulatorError, type EmulatorOptions } from 'apigw-ws-local';
import { connectTestClient } from 'apigw-ws-local/testing';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/gateway');
const disposers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (disposers.length > 0) await disposers.pop()?.();
});

async function start(options: Partial<EmulatorOptions> = {}) {
  const emulator = new Emulator({
    port: 0,
    root,
    recordInvocations: true,
    routes: { $connect: 'logged.handler', $disconnect: 'logged.handler', $default: { handler: 'logged.handler', routeResponse: true } },
    ...options,
  });
  disposers.push(() => emulator.dispose());
  return { emulator, ...(await emulator.start()) };
}

describe('the invocation log', () => {
  it('records every invocation in order with its event, result or error, duration and log lines', async () => {
    const { emulator, url } = await start();
    const client = await connectTestClient(url);
    const connect = await emulator.waitForInvocation({ routeKey: '$connect' });
    const connectionId = connect.connectionId;
    client.send('first');
    expect(await client.nextMessage()).toBe('ok first');
    client.send('fail');
    await client.nextMessage();
    const first = await emulator.waitForInvocation({ routeKey: '$default' });
    const failed = await emulator.waitForInvocation({ routeKey: '$default' });
    expect(first).toMatchObject({
      routeKey: '$default',
      functionName: 'logged-handler',
      connectionId,
      ok: true,
      result: { statusCode: 200, body: 'ok first' },
      timedOut: false,
    });
    expect((first.event as { body: string }).body).toBe('first');
    expect(first.durationMs).toBeGreaterThan(0);
    expect(first.awsRequestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(first.logs[0]).toBe(`START RequestId: ${first.awsRequestId} Version: $LATEST`);
    expect(first.logs[1]).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\\t${first.awsRequestId}\\tINFO\\thandling first$`));
    expect(failed).toMatchObject({ ok: false, error: { errorType: 'RangeError', errorMessage: 'bad input' }, timedOut: false });
    expect(emulator.invocations.map((record) => [record.seq, record.routeKey])).toEqual([
      [1, '$connect'],
      [2, '$default'],
      [3, '$default'],
    ]);
  });

  it('waits for a disconnect that has not happened yet, and for one that has', async () => {
    const { emulator, url } = await start();
    const client = await connectTestClient(url);
    const { connectionId } = await emulator.waitForInvocation({ routeKey: '$connect' });
    const waiting = emulator.waitForDisconnect(connectionId);
    await client.close(4001, 'done');
    const record = await waiting;
    expect((record.event as { requestContext: object }).requestContext).toMatchObject({ disconnectStatusCode: 4001, disconnectReason: 'done' });
    expect(await emulator.waitForDisconnect(connectionId)).toBe(record);
  });

  it('fails a wait in vain with what was invoked', async () => {
    const { emulator, url } = await start();
    await connectTestClient(url);
    await emulator.waitForInvocation({ routeKey: '$connect' });
    const error = await emulator.waitForInvocation({ routeKey: 'sendmessage' }, { timeoutMs: 50 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmulatorError);
    expect((error as EmulatorError).code).toBe('ERR_TIMEOUT');
    expect((error as Error).message).toMatch(/^no invocation matching \{"routeKey":"sendmessage"\} within 50 ms; invoked so far: \$connect \([A-Za-z0-9_-]{15}=\)$/);
  });

  it('is off unless asked for', async () => {
    const { emulator } = await start({ recordInvocations: false });
    expect(() => emulator.invocations).toThrow(
      new EmulatorError('ERR_NOT_ENABLED', 'invocations are not recorded: create the emulator with recordInvocations: true'),
    );
  });
});
