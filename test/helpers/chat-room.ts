// The chat room example (handlers/chat) in an emulator, and its two tables as plain items, for
// test/integration/chat-room.test.ts.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { Emulator, type EmulatorOptions, type TableOptions } from 'apigw-ws-local';
import chatTables from '../../handlers/chat/tables.json' with { type: 'json' };
import { connectTestClient, type TestClient } from 'apigw-ws-local/testing';

export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const TABLES = chatTables as TableOptions[];
export const CHAT_ROUTES = {
  $connect: 'handlers/chat/connect.handler',
  $disconnect: 'handlers/chat/disconnect.handler',
  $default: 'handlers/chat/default.handler',
  join: 'handlers/chat/join.handler',
  leave: 'handlers/chat/leave.handler',
  sendAll: 'handlers/chat/sendAll.handler',
};
/** What `$connect` adds to `connectedAt` (epoch ms) for the TTL attribute (epoch s): 2 h + 15 min. */
export const TTL_AFTER_CONNECT_SECONDS = 2 * 3600 + 15 * 60;

export interface ConnectionItem {
  readonly connectionId: string;
  readonly name: string;
}
export interface MembershipItem {
  readonly room: string;
  readonly connectionId: string;
  readonly name: string;
}

/** A started chat room emulator with a DocumentClient on its DynamoDB; `dispose` ends both. */
export interface ChatRoom {
  readonly emulator: Emulator;
  readonly url: string;
  readonly documents: DynamoDBDocumentClient;
  /** Opens a client, with `?name=` when `name` is given. */
  join(name?: string): Promise<TestClient>;
  /** The connection items without their timestamps (checked here), sorted by name. */
  connections(): Promise<ConnectionItem[]>;
  /** The membership items, sorted by room then name. */
  rooms(): Promise<MembershipItem[]>;
  /** The connection id stored for `name`; fails when there is not exactly one. */
  idOf(name: string): Promise<string>;
  put(table: string, item: Record<string, unknown>): Promise<void>;
  dispose(): Promise<void>;
}

export async function startChatRoom(options: Partial<EmulatorOptions> = {}): Promise<ChatRoom> {
  const emulator = new Emulator({ port: 0, root: PROJECT_ROOT, routes: CHAT_ROUTES, dynamodb: { tables: TABLES }, ...options });
  try {
    const { url } = await emulator.start();
    const client = new DynamoDBClient({
      endpoint: emulator.dynamodbEndpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local' },
    });
    const documents = DynamoDBDocumentClient.from(client);
    const connectionsTable = options.environment?.CONNECTIONS_TABLE ?? 'chat-connections';
    const roomsTable = options.environment?.ROOMS_TABLE ?? 'chat-rooms';
    const scan = async (table: string) => (await documents.send(new ScanCommand({ TableName: table }))).Items ?? [];
    const connections = async () =>
      (await scan(connectionsTable))
        .map(({ connectionId, name, connectedAt, expiresAt, ...rest }) => {
          // The timestamps are checked here, so callers compare exact items without them.
          if (typeof connectedAt !== 'number' || Math.abs(connectedAt - Date.now()) > 60_000)
            throw new Error(`connectedAt ${connectedAt} is not recent epoch ms`);
          if (expiresAt !== Math.floor(connectedAt / 1000) + TTL_AFTER_CONNECT_SECONDS)
            throw new Error(`expiresAt ${expiresAt} for connectedAt ${connectedAt}`);
          return { connectionId, name, ...rest } as ConnectionItem;
        })
        .sort((a, b) => a.name.localeCompare(b.name));
    return {
      emulator,
      url,
      documents,
      join: (name) => connectTestClient(name === undefined ? url : `${url}?name=${encodeURIComponent(name)}`),
      connections,
      rooms: async () =>
        ((await scan(roomsTable)) as MembershipItem[]).sort((a, b) => a.room.localeCompare(b.room) || a.name.localeCompare(b.name)),
      idOf: async (name) => {
        const ids = (await connections()).filter((item) => item.name === name).map((item) => item.connectionId);
        if (ids.length !== 1) throw new Error(`expected one connection named ${name}, found ${ids.length}`);
        return ids[0] as string;
      },
      put: async (table, item) => void (await documents.send(new PutCommand({ TableName: table, Item: item }))),
      dispose: async () => {
        client.destroy();
        await emulator.dispose();
      },
    };
  } catch (error) {
    await emulator.dispose();
    throw error;
  }
}
