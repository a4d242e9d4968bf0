// Test helpers for the DynamoDB module: a manual clock, SDK clients with fixed local
// credentials, temp directories, and teardown that runs in afterEach.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import dynalite from 'dynalite';
import { afterEach } from 'vitest';

export const REGION = 'us-east-1';
export const CREDENTIALS = { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local' };

/** Registers an afterEach that runs the steps given to the returned function, last first. */
export function useCleanup(): (step: () => unknown) => void {
  const steps: Array<() => unknown> = [];
  afterEach(async () => {
    for (const step of steps.splice(0).reverse()) await step();
  });
  return (step) => void steps.push(step);
}

export { createManualClock, type ManualClock } from '../../helpers/sync-manual-clock.js';

/** A low-level and a document client on `endpoint`, destroyed by `cleanup`. */
export function createClients(endpoint: string, cleanup: (step: () => unknown) => void) {
  const client = new DynamoDBClient({ endpoint, region: REGION, credentials: CREDENTIALS });
  cleanup(() => client.destroy());
  return { client, documents: DynamoDBDocumentClient.from(client) };
}

/** A fresh temp directory, removed by `cleanup`. */
export async function createTempDir(cleanup: (step: () => unknown) => void): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'apigw-ws-local-ddb-'));
  cleanup(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** A plain dynalite (no interceptor) on a free loopback port, closed by `cleanup`. */
export async function startPlainDynalite(cleanup: (step: () => unknown) => void): Promise<string> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanup(() => new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  }));
  const address = server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}
