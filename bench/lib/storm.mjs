// Disconnect storm: open many connections (each $connect puts a row), close them all at once, and
// count how many $disconnect invocations finished well and how many rows they left behind.
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { openClients } from './ws-client.mjs';

const OPEN_CONCURRENCY = 100;
const POLL_MS = 250;
/** The wait for the $disconnects also ends when none finished for this long. */
const QUIET_MS = 15_000;

/**
 * Counts the outcomes of $disconnect from the emulator's log lines (log level info), so the storm
 * can tell when it is over: Lambda's REPORT line without a `Status` ends an invocation that
 * succeeded; every failure (thrown, timed out, or never started because its deadline passed in
 * the queue) logs `[error] route $disconnect failed`, once.
 */
export function createDisconnectCounter() {
  const counts = { ok: 0, failed: 0 };
  return {
    counts,
    onLine(line) {
      if (/^\[[^\]]*disconnect[^\]]*\] REPORT RequestId/.test(line)) {
        if (!line.includes('\tStatus: ')) counts.ok++;
      } else if (line.startsWith('[error] route $disconnect failed')) {
        counts.failed++;
      }
    },
  };
}

/**
 * @param {{ url: string, connections: number, dynamodbEndpoint: string, table: string,
 *   counts: { ok: number, failed: number }, replyTimeoutMs: number, phaseBudgetMs: number }} plan
 *   each phase (opening, then waiting for the $disconnects) ends after `phaseBudgetMs` at most
 */
export async function runStorm(plan) {
  const openDeadline = performance.now() + plan.phaseBudgetMs;
  const db = new DynamoDBClient({ endpoint: plan.dynamodbEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } });
  const openStartedAt = performance.now();
  const opened = await openClients(plan.url, plan.connections, {
    concurrency: OPEN_CONCURRENCY,
    timeoutMs: plan.replyTimeoutMs,
    shouldStop: () => performance.now() > openDeadline,
  });
  const openS = (performance.now() - openStartedAt) / 1000;
  const rowsBefore = await countRows(db, plan.table);
  const closeStartedAt = performance.now();
  const deadline = closeStartedAt + plan.phaseBudgetMs;
  const finishedNow = () => plan.counts.ok + plan.counts.failed;
  const before = { ...plan.counts };
  const target = finishedNow() + opened.clients.length;
  // All at once: every close frame is sent before any is answered.
  await Promise.all(opened.clients.map((client) => client.close(plan.replyTimeoutMs)));
  let lastProgressAt = performance.now();
  let lastFinished = finishedNow();
  while (finishedNow() < target && performance.now() < deadline && performance.now() - lastProgressAt < QUIET_MS) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    if (finishedNow() !== lastFinished) {
      lastFinished = finishedNow();
      lastProgressAt = performance.now();
    }
  }
  const settleS = (performance.now() - closeStartedAt) / 1000;
  const waitEnded = finishedNow() >= target ? 'all finished' : performance.now() >= deadline ? 'time budget' : `none finished for ${QUIET_MS / 1000} s`;
  const rowsLeft = await countRows(db, plan.table);
  db.destroy();
  const ok = plan.counts.ok - before.ok;
  const failed = plan.counts.failed - before.failed;
  return {
    opened: opened.clients.length,
    connect_failures: opened.failed,
    open_s: round(openS),
    rows_before: rowsBefore,
    disconnect_ok: ok,
    disconnect_failed: failed,
    // Every opened connection whose $disconnect did not finish well, failed or never ran.
    lost: opened.clients.length - ok,
    settle_s: round(settleS),
    wait_ended: waitEnded,
    rows_left: rowsLeft,
    ...(opened.firstError ? { first_error: opened.firstError } : {}),
  };
}

/** Rows in `table`, every page of a COUNT scan. */
async function countRows(db, table) {
  let count = 0;
  let ExclusiveStartKey;
  for (let page = 0; page < 10_000; page++) {
    const result = await db.send(new ScanCommand({ TableName: table, Select: 'COUNT', ExclusiveStartKey }));
    count += result.Count ?? 0;
    ExclusiveStartKey = result.LastEvaluatedKey;
    if (ExclusiveStartKey === undefined) break;
  }
  return count;
}

function round(value) {
  return Math.round(value * 100) / 100;
}
