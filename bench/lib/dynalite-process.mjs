// A dynalite in a child process (for a peer that has no DynamoDB of its own), with the workload's
// tables, on a free loopback port.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { TABLES } from './workload.mjs';

const READY_TIMEOUT_MS = 30_000;

export async function startDynalite() {
  const dynalitePath = createRequire(import.meta.url).resolve('dynalite');
  const script = `const server = require(${JSON.stringify(dynalitePath)})({ createTableMs: 0 });
server.listen(0, '127.0.0.1', () => console.log(server.address().port));`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('dynalite did not start')), READY_TIMEOUT_MS);
    createInterface({ input: child.stdout }).once('line', (line) => {
      clearTimeout(timer);
      resolve(Number(line));
    });
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    pid: /** @type {number} */ (child.pid),
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Creates the workload's tables (`NAME:HASH[:RANGE]`, string keys). */
export async function createTables(endpoint) {
  const db = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } });
  for (const spec of TABLES) {
    const [TableName, ...keys] = spec.split(':');
    await db.send(new CreateTableCommand({
      TableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: keys.map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
      KeySchema: keys.map((AttributeName, i) => ({ AttributeName, KeyType: i === 0 ? 'HASH' : 'RANGE' })),
    }));
  }
  db.destroy();
}
