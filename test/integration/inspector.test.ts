import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { Emulator, type EmulatorOptions } from 'apigw-ws-local';
import { openEventStream } from '../helpers/event-stream.js';
import { connectTestClient } from 'apigw-ws-local/testing';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/gateway');
const disposers: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (disposers.length > 0) await disposers.pop()?.();
});

async function start(options: Partial<EmulatorOptions> = {}) {
  const emulator = new Emulator({
    port: 0,
    root,
    dynamodb: false,
    inspector: true,
    routes: { $connect: 'logged.handler', $disconnect: 'logged.handler', $default: { handler: 'logged.handler', routeResponse: true } },
    ...options,
  });
  disposers.push(() => emulator.dispose());
  const urls = await emulator.start();
  const base = `http://127.0.0.1:${urls.port}`;
  const api = (apiPath: string, init?: RequestInit) => fetch(`${base}/_inspector/api${apiPath}`, init);
  const postJson = (apiPath: string, body: unknown, headers: Record<string, string> = {}) =>
    api(apiPath, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { emulator, base, api, postJson, ...urls };
}

/** Opens a client and returns it with its connection id (the only connection). */
async function connectOne(url: string, emulator: Emulator) {
  const client = await connectTestClient(url);
  const [connection] = emulator.listConnections();
  if (!connection) throw new Error('not listed');
  return { client, connectionId: connection.connectionId };
}

describe('the inspector API', () => {
  it('lists the connections with when they connected and were last active, and their source IP', async () => {
    const { emulator, api, url } = await start();
    expect(await (await api('/connections')).json()).toEqual({ connections: [] });
    const { connectionId } = await connectOne(url, emulator);
    const info = emulator.getConnection(connectionId);
    const response = await api('/connections');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      connections: [{ connectionId, connectedAt: info?.connectedAt, lastActiveAt: info?.lastActiveAt, sourceIp: '127.0.0.1' }],
    });
  });

  it("lists the authorizer's principalId", async () => {
    const { emulator, api, url } = await start({ authorizer: { handler: 'auth.handler' } });
    const { connectionId } = await connectOne(url, emulator);
    expect(await (await api('/connections')).json()).toEqual({ connections: [expect.objectContaining({ connectionId, principalId: 'user-7' })] });
  });

  it('posts to a connection as @connections does, and answers 410 for one that is gone', async () => {
    const { emulator, postJson, url } = await start();
    const { client, connectionId } = await connectOne(url, emulator);
    const posted = await postJson(`/connections/${encodeURIComponent(connectionId)}/messages`, { data: '{"hello":"from the inspector"}' });
    expect(posted.status).toBe(204);
    expect(await client.nextMessage()).toBe('{"hello":"from the inspector"}');
    const gone = await postJson('/connections/nope%3D/messages', { data: 'x' });
    expect(gone.status).toBe(410);
    expect(await gone.json()).toEqual({ code: 'GoneException', message: 'connection nope= does not exist (any more)' });
    const bad = await postJson(`/connections/${encodeURIComponent(connectionId)}/messages`, { text: 'x' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ code: 'BadRequest', message: 'send JSON {"data": "text to post"}' });
    const tooBig = await postJson(`/connections/${encodeURIComponent(connectionId)}/messages`, { data: 'x'.repeat(131_073) });
    expect(tooBig.status).toBe(413);
    expect(await tooBig.json()).toEqual({ code: 'PayloadTooLarge', message: 'data is 131073 bytes; @connections allows 131072' });
  });

  it('disconnects a connection with 1000, as DeleteConnection does', async () => {
    const { emulator, api, url } = await start();
    const { client, connectionId } = await connectOne(url, emulator);
    const deleted = await api(`/connections/${encodeURIComponent(connectionId)}`, { method: 'DELETE' });
    expect(deleted.status).toBe(204);
    expect(await client.closed).toEqual({ code: 1000, reason: '' });
    const again = await api(`/connections/${encodeURIComponent(connectionId)}`, { method: 'DELETE' });
    expect(again.status).toBe(410);
    expect(await (await api('/connections')).json()).toEqual({ connections: [] });
  });

  it('keeps the latest invocations with their event, result or error and log lines, without recordInvocations', async () => {
    const { emulator, api, url } = await start();
    const { client, connectionId } = await connectOne(url, emulator);
    client.send('first');
    expect(await client.nextMessage()).toBe('ok first');
    client.send('fail');
    await client.nextMessage();
    await expect.poll(async () => ((await (await api('/invocations')).json()) as { invocations: unknown[] }).invocations.length).toBe(3);
    const { invocations } = (await (await api('/invocations')).json()) as {
      invocations: Array<Record<string, unknown> & { logs: string[]; event: { body?: string } }>;
    };
    expect(invocations.map((invocation) => [invocation.seq, invocation.routeKey, invocation.ok])).toEqual([
      [1, '$connect', true],
      [2, '$default', true],
      [3, '$default', false],
    ]);
    const [, first, failed] = invocations;
    expect(first).toMatchObject({ functionName: 'logged-handler', connectionId, result: { statusCode: 200, body: 'ok first' }, timedOut: false });
    expect(first?.event.body).toBe('first');
    expect(first?.durationMs).toBeGreaterThan(0);
    expect(first?.logs[0]).toBe(`START RequestId: ${String(first?.awsRequestId)} Version: $LATEST`);
    expect(first?.logs[1]).toMatch(new RegExp(`\\t${String(first?.awsRequestId)}\\tINFO\\thandling first$`));
    expect(failed).toMatchObject({ ok: false, error: { errorType: 'RangeError', errorMessage: 'bad input' } });
    expect(((await (await api('/invocations?limit=1')).json()) as { invocations: Array<{ seq: number }> }).invocations.map((i) => i.seq)).toEqual([3]);
    expect(await (await api('/invocations/2')).json()).toEqual(first);
    const missing = await api('/invocations/99');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ code: 'NotFound', message: 'no invocation 99 (the inspector keeps the latest 200)' });
    expect(() => emulator.invocations).toThrow('invocations are not recorded');
  });

  it('streams a connection opening, each finished invocation and the connection closing as server-sent events', async () => {
    const { base, url } = await start();
    const events = await openEventStream(`${base}/_inspector/api/events`);
    disposers.push(() => events.close());
    const client = await connectTestClient(url);
    const opened = (await events.next('connection-opened')) as { type: string; connection: { connectionId: string; sourceIp: string } };
    expect(opened.connection.sourceIp).toBe('127.0.0.1');
    const { connectionId } = opened.connection;
    expect(await events.next('invocation')).toMatchObject({ type: 'invocation', invocation: { seq: 1, routeKey: '$connect', connectionId, ok: true } });
    client.send('hi');
    expect(await events.next('invocation')).toMatchObject({
      invocation: { seq: 2, routeKey: '$default', connectionId, result: { statusCode: 200, body: 'ok hi' } },
    });
    await client.close(4000, 'bye');
    expect(await events.next('connection-closed')).toEqual({ type: 'connection-closed', connectionId, code: 4000, reason: 'bye' });
  });

  it('sends a message as a new test connection and reports what came back', async () => {
    const { emulator, postJson } = await start();
    const response = await postJson('/test-connection', { message: 'ping', waitMs: 300 });
    expect(response.status).toBe(200);
    const result = (await response.json()) as { connectionId: string };
    expect(result).toEqual({ opened: true, connectionId: expect.stringMatching(/^[A-Za-z0-9_-]{15}=$/), received: ['ok ping'], closed: { code: 1000, reason: 'inspector test done' } });
    expect(emulator.listConnections()).toEqual([]);
    const refused = await start({ authorizer: { handler: 'auth.handler' } });
    const denied = await refused.postJson('/test-connection', { message: 'ping', query: 'mode=deny', waitMs: 0 });
    expect(await denied.json()).toEqual({ opened: false, status: 403, body: '{"message":"Forbidden"}' });
    const bad = await postJson('/test-connection', { message: 'x', waitMs: 60_000 });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ code: 'BadRequest', message: 'waitMs: expected a whole number of ms from 0 to 10000' });
  });

  it('refuses a page of another origin on the calls that change something, as @connections does', async () => {
    const { emulator, api, postJson, url, port } = await start();
    const { client, connectionId } = await connectOne(url, emulator);
    const foreign = { origin: 'https://evil.example' };
    const posted = await postJson(`/connections/${encodeURIComponent(connectionId)}/messages`, { data: 'x' }, foreign);
    expect(posted.status).toBe(403);
    expect(await posted.json()).toEqual({ code: 'Forbidden', message: 'a page of https://evil.example may not call the inspector API' });
    expect((await api(`/connections/${encodeURIComponent(connectionId)}`, { method: 'DELETE', headers: foreign })).status).toBe(403);
    expect((await postJson('/test-connection', { message: 'x' }, foreign)).status).toBe(403);
    expect(client.pending).toEqual([]);
    // The page's own origin may.
    expect((await postJson(`/connections/${encodeURIComponent(connectionId)}/messages`, { data: 'ok' }, { origin: `http://127.0.0.1:${port}` })).status).toBe(204);
    expect(await client.nextMessage()).toBe('ok');
  });

  it('answers JSON errors for bad JSON and unknown API paths, and serves its page', async () => {
    const { api, base } = await start();
    const badJson = await api('/test-connection', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{nope' });
    expect(badJson.status).toBe(400);
    expect(((await badJson.json()) as { code: string }).code).toBe('BadRequest');
    const unknown = await api('/nothing');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ code: 'NotFound', message: 'no inspector API GET /_inspector/api/nothing' });
    for (const pagePath of ['/_inspector', '/_inspector/']) {
      const page = await fetch(`${base}${pagePath}`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await page.text()).toContain('<title>Inspector · apigw-ws-local</title>');
    }
    expect((await fetch(`${base}/_inspector/app.js`)).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('is not there unless asked for (the library default)', async () => {
    const { base } = await start({ inspector: undefined });
    for (const pagePath of ['/_inspector', '/_inspector/api/connections']) {
      const response = await fetch(`${base}${pagePath}`);
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ code: 'NotFound', message: 'the inspector is off: start the CLI without --no-inspector, or create the Emulator with inspector: true' });
    }
  });
});
