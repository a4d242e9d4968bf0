// A web page of another origin cannot reach @connections (browsers always send Origin; the SDK never does).
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createRecordingLogger } from '../helpers/project-copy.js';
import { startTestEmulator, type TestEmulator } from '../../src/testing/index.js';

const root = fileURLToPath(new URL('../fixtures/gateway', import.meta.url));
let test: TestEmulator | undefined;
afterEach(async () => {
  await test?.dispose();
  test = undefined;
});

function post(url: string, headers: Record<string, string>): Promise<{ status: number; errorType: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'text/plain', ...headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, errorType: res.headers['x-amzn-errortype'] as string | undefined, body }));
    });
    req.on('error', reject);
    req.end('hi from elsewhere');
  });
}

describe('@connections and browsers', () => {
  it('refuses a POST carrying another Origin with 403, and delivers one from its own origin or with none', async () => {
    const { lines, logger } = createRecordingLogger();
    test = await startTestEmulator({ root, logger, routes: { $connect: 'app.connect', $default: 'app.fallback' } });
    const client = await test.connect();
    const { connectionId } = await test.waitForInvocation({ routeKey: '$connect' });
    const target = `${test.managementEndpoint}/@connections/${encodeURIComponent(connectionId)}`;
    expect(await post(target, { origin: 'https://evil.example' })).toEqual({ status: 403, errorType: 'ForbiddenException', body: '{"message":"Forbidden"}' });
    expect(lines).toContain(`[warn] @connections POST /local/@connections/${encodeURIComponent(connectionId)} from a web page of https://evil.example refused (403): only server code may call @connections`);
    await client.expectNoMessage(100);
    const own = new URL(test.url).host;
    expect((await post(target, { origin: `http://${own}` })).status).toBe(200);
    expect(await client.nextMessage()).toBe('hi from elsewhere');
    expect((await post(target, {})).status).toBe(200);
    expect(await client.nextMessage()).toBe('hi from elsewhere');
  });
});
