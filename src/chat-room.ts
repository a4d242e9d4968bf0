/**
 * The chat room example (handlers/chat, web/chat): what `npx apigw-ws-local` runs with no routes.
 * The handlers are written as for AWS (ESM, SDK v3, state in DynamoDB) and are not part of the
 * library; this only wires them, their tables and the page.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { EmulatorOptions } from './config/options.js';
import type { TableOptions } from './dynamodb/index.js';

/** The package's own directory: handlers/ and web/ sit there, next to src/ and dist/. */
const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Options that serve the chat room; spread your own on top (port, stage, logger...). */
export function buildChatRoomOptions(): EmulatorOptions & { routes: NonNullable<EmulatorOptions['routes']> } {
  const tables = JSON.parse(readFileSync(new URL('../handlers/chat/tables.json', import.meta.url), 'utf8')) as TableOptions[];
  const handler = (name: string) => `handlers/chat/${name}.handler`;
  return {
    root: PACKAGE_ROOT,
    routes: {
      $connect: handler('connect'),
      $disconnect: handler('disconnect'),
      $default: handler('default'),
      join: handler('join'),
      leave: handler('leave'),
      sendAll: handler('sendAll'),
    },
    dynamodb: { tables },
    staticDir: 'web/chat',
  };
}
