import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { buildChatRoomOptions, Emulator } from '../../src/index.js';
import { launchChromium } from '../helpers/chromium.js';

// Cold starts (a worker, the SDK, the first DynamoDB call) can take a second on a busy machine.
const eventually = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000, interval: 50 });

let emulator: Emulator;
let browser: Browser;
let pageUrl: string;

beforeAll(async () => {
  emulator = new Emulator({ ...buildChatRoomOptions(), port: 0 });
  const { port } = await emulator.start();
  pageUrl = `http://127.0.0.1:${port}/`;
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await emulator?.dispose();
});

async function joinAs(name: string, room: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(pageUrl);
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('button', { name: 'Connect' }).click();
  await eventually(() => page.getByRole('status').textContent()).toContain(`Connected as ${name}`);
  await page.getByLabel('Room', { exact: true }).fill(room);
  await page.getByRole('button', { name: 'Join' }).click();
  await eventually(() => page.locator('#members li').allTextContents()).toContain(`${name} (you)`);
  return page;
}

describe('subprotocols in Chromium', () => {
  it('fails the handshake when $connect does not echo an offered subprotocol, and opens when it does', async () => {
    const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/gateway');
    const other = new Emulator({ port: 0, root: fixtures, dynamodb: false, routes: { $connect: 'app.connect', $default: 'app.fallback' } });
    const { url } = await other.start();
    try {
      const page = await (await browser.newContext()).newPage();
      await page.goto(pageUrl);
      const attempt = (target: string) =>
        page.evaluate(
          (wsUrl) =>
            new Promise<string>((resolve) => {
              const socket = new WebSocket(wsUrl, ['chat.v2']);
              socket.onopen = () => {
                resolve(`open ${socket.protocol}`);
                socket.close();
              };
              socket.onclose = (event) => resolve(`closed ${event.code}`);
            }),
          target,
        );
      expect(await attempt(url)).toBe('closed 1006');
      expect(await attempt(`${url}?protocol=chat.v2`)).toBe('open chat.v2');
    } finally {
      await other.dispose();
    }
  });
});

describe('the chat room page in Chromium', () => {
  it('lets two people chat in one room, with who is there and connection state', async () => {
    const ada = await joinAs('ada', 'lobby');
    const bob = await joinAs('bob', 'lobby');
    await eventually(() => ada.locator('#members li').allTextContents()).toEqual(['ada (you)', 'bob']);
    await eventually(() => bob.locator('#members li').allTextContents()).toEqual(['ada', 'bob (you)']);
    await eventually(() => ada.locator('#messages li').allTextContents()).toContain('bob joined');

    await ada.getByLabel('Message', { exact: true }).fill('hello bob');
    await ada.getByRole('button', { name: 'Send' }).click();
    await eventually(() => bob.locator('#messages li.message').allTextContents()).toEqual([expect.stringMatching(/ada\s*hello bob$/)]);
    await eventually(() => ada.locator('#messages li.message').allTextContents()).toEqual([expect.stringMatching(/ada\s*hello bob$/)]);
    await ada.screenshot({ path: path.join(os.tmpdir(), 'apigw-ws-local-chat-page.png') });

    await bob.getByRole('button', { name: 'Disconnect' }).click();
    await eventually(() => bob.getByRole('status').textContent()).toContain('Disconnected');
    await eventually(() => ada.locator('#members li').allTextContents()).toEqual(['ada (you)']);
    await eventually(() => ada.locator('#messages li').allTextContents()).toContain('bob left');
  });
});
