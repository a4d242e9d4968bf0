import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { Emulator } from 'apigw-ws-local';
import { launchChromium } from '../helpers/chromium.js';
import { connectTestClient } from 'apigw-ws-local/testing';

const eventually = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000, interval: 50 });
const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/gateway');

let emulator: Emulator;
let browser: Browser;
let wsUrl: string;
let pageUrl: string;

beforeAll(async () => {
  emulator = new Emulator({
    port: 0,
    root,
    dynamodb: false,
    inspector: true,
    routes: { $connect: 'logged.handler', $disconnect: 'logged.handler', $default: { handler: 'logged.handler', routeResponse: true } },
  });
  const { port, url } = await emulator.start();
  wsUrl = url;
  pageUrl = `http://127.0.0.1:${port}/_inspector`;
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await emulator?.dispose();
});

describe('the inspector page in Chromium', () => {
  it('lists a connection, posts to it, shows its invocations with their logs, sends as a test connection and disconnects', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1200, height: 900 } })).newPage();
    await page.goto(pageUrl);
    await eventually(() => page.getByRole('status').filter({ hasText: 'Live' }).count()).toBe(1);

    const client = await connectTestClient(wsUrl);
    const [connection] = emulator.listConnections();
    const connectionId = connection?.connectionId as string;
    const row = page.getByRole('row').filter({ hasText: connectionId });
    await eventually(() => row.count()).toBe(1);
    await eventually(() => row.getByRole('cell').nth(3).textContent()).toBe('127.0.0.1');
    await eventually(() => page.locator('#announcer').textContent()).toBe(`Connection ${connectionId} opened`);

    await page.getByRole('button', { name: `Select ${connectionId} to post to` }).click();
    expect(await page.getByLabel('Connection', { exact: true }).inputValue()).toBe(connectionId);
    await page.getByLabel('Data to post').fill('{"from":"the page"}');
    await page.getByRole('button', { name: 'Post', exact: true }).click();
    expect(await client.nextMessage()).toBe('{"from":"the page"}');
    await eventually(() => page.locator('#post-result').textContent()).toBe(`Posted to ${connectionId}.`);

    client.send('hello');
    expect(await client.nextMessage()).toBe('ok hello');
    const entry = page.locator('#invocations li').filter({ hasText: '$default' });
    await eventually(() => entry.count()).toBe(1);
    expect(await page.locator('#invocations li summary .route').allTextContents()).toEqual(['$default', '$connect']);
    await entry.locator('summary').click();
    await eventually(() => entry.locator('pre.logs').textContent()).toContain('INFO\thandling hello');
    expect(await entry.locator('pre').first().textContent()).toContain('"body": "hello"');
    await page.screenshot({ path: path.join(os.tmpdir(), 'apigw-ws-local-inspector-page.png'), fullPage: true });

    await page.getByLabel('Message', { exact: true }).fill('ping');
    await page.getByLabel('Listen for (ms)').fill('300');
    await page.getByRole('button', { name: 'Send as new connection' }).click();
    await eventually(() => page.locator('#test-result pre').allTextContents()).toEqual(['ok ping']);
    expect(await page.locator('#test-result p').textContent()).toMatch(/^Connection [A-Za-z0-9_-]{15}=: 1 message\(s\) back, then closed 1000\.$/);

    await page.getByRole('button', { name: `Disconnect ${connectionId}` }).click();
    expect(await client.closed).toEqual({ code: 1000, reason: '' });
    await eventually(() => row.count()).toBe(0);
    await eventually(() => page.locator('#connection-count').textContent()).toBe('0');
  });
});
