// echo: N clients, each sends one message at a time and waits for its echo before the next.
// Measures messages per second over all clients and the round trip of each message.
import { cpuPerOperation, summarise } from './stats.mjs';
import { closeClients, openClients } from './ws-client.mjs';

/**
 * @param {{ url: string, clients: number, messages: number, payloadBytes: number, warmup: number,
 *   replyTimeoutMs: number, budgetMs: number, meterCpu?: () => () => import('./stats.mjs').CpuUsed }} plan
 */
export async function runEcho(plan) {
  const deadline = performance.now() + plan.budgetMs;
  const shouldStop = () => performance.now() > deadline;
  const opened = await openClients(plan.url, plan.clients, { concurrency: 50, timeoutMs: plan.replyTimeoutMs, shouldStop });
  const padding = 'x'.repeat(plan.payloadBytes);
  const rtts = [];
  let lost = 0;
  const talk = async (client, index, count, record) => {
    for (let seq = 0; seq < count && client.isOpen && !shouldStop(); seq++) {
      const sentAt = performance.now();
      const isReply = (m) => m.type === 'echo' && m.data?.client === index && m.data?.seq === seq;
      const at = await client.request({ action: 'echo', data: { client: index, seq, padding } }, isReply, plan.replyTimeoutMs);
      if (!record) continue;
      if (at === undefined) lost++;
      else rtts.push(at - sentAt);
    }
  };
  // Warm-up first (unmeasured): code loaded, environments started, connections to DynamoDB open.
  await Promise.all(opened.clients.map((client, index) => talk(client, index, plan.warmup, false)));
  const startedAt = performance.now();
  const cpuUsed = plan.meterCpu?.();
  await Promise.all(opened.clients.map((client, index) => talk(client, index, plan.messages, true)));
  const elapsedS = (performance.now() - startedAt) / 1000;
  const cpu = cpuUsed?.();
  const errors = opened.clients.reduce((sum, client) => sum + client.errors, 0);
  await closeClients(opened.clients, 100, plan.replyTimeoutMs);
  const expected = plan.clients * plan.messages;
  return {
    msgs_per_s: Math.round(rtts.length / elapsedS),
    rtt_ms: summarise(rtts),
    ...cpuPerOperation(cpu, rtts.length),
    messages: rtts.length,
    // Every message not answered counts: the reply timed out, or was never sent (a client that
    // did not connect, or the budget ran out).
    lost: expected - rtts.length,
    timed_out: lost,
    connect_failures: opened.failed,
    errors,
    ...(opened.firstError ? { first_error: opened.firstError } : {}),
  };
}
