// Disconnect storm: open many connections (each $connect puts a row), close them all at once, and
// count how many $disconnect invocations finished well and how many rows they left behind.
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { openClients } from './ws-client.mjs';

const OPEN_CONCURRENCY = 100;
const POLL_MS = 250;
/** The wait for $disconnect ends when none finished for this long... */
const QUIET_MS = 15_000;

/** Counts the emulator's log lines about $disconnect, so the storm can tell when it is over. */
export function createDisconnectCounter() {
  const counts = { finished: 0, failed: 0 };
  return {
    counts,
    /** Feeds one log line of the emulator (at log level info). */
    onLine(line) {
      // Lambda's REPORT line ends every invocation, a failed or timed-out one too.
      if (/^\[[^\]]*disconnect[^\]]*\] REPORT RequestId/.test(line)) counts.finished++;
      else if (line.startsWith('[error] route $disconnect failed')) counts.failed++;
    },
  };
}

/**
 * @param {{ url: string, connections: number, dynamodbEndpoint: string, table: string,
 *   counts: { finished: number, failed: number }, replyTimeoutMs: number, phaseBudgetMs: number }} plan
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
  const finishedBefore = plan.counts.finished;
  const failedBefore = plan.counts.failed;
  // All at once: every close frame is sent before any is answered.
  await Promise.all(opened.clients.map((client) => client.close(plan.replyTimeoutMs)));
  const target = finishedBefore + opened.clients.length;
  let lastProgressAt = performance.now();
  let lastFinished = plan.counts.finished;
  while (plan.counts.finished < target && performance.now() < deadline && performance.now() - lastProgressAt < QUIET_MS) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    if (plan.counts.finished !== lastFinished) {
      lastFinished = plan.counts.finished;
      lastProgressAt = performance.now();
    }
  }
  const settleS = (performance.now() - closeStartedAt) / 1000;
  const waitEnded = plan.counts.finished >= target ? 'all finished' : performance.now() >= deadline ? 'time budget' : `none finished for ${QUIET_MS / 1000} s`;
  const rowsLeft = await countRows(db, plan.table);
  db.destroy();
  const finished = plan.counts.finished - finishedBefore;
  const failed = plan.counts.failed - failedBefore;
  const ok = finished - failed;
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
