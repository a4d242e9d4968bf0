// broadcast: N clients join one room; client 0 sends rounds of sendAll, one at a time. A round's
// fan-out time runs from the send until the last of the N members received it.
import { cpuPerOperation, summarise } from './stats.mjs';
import { closeClients, openClients, runPool } from './ws-client.mjs';

/**
 * @param {{ url: string, clients: number, rounds: number, warmup: number, replyTimeoutMs: number,
 *   budgetMs: number, meterCpu?: () => () => import('./stats.mjs').CpuUsed }} plan
 */
export async function runBroadcast(plan) {
  const deadline = performance.now() + plan.budgetMs;
  const shouldStop = () => performance.now() > deadline;
  const setupStartedAt = performance.now();
  const opened = await openClients(plan.url, plan.clients, { concurrency: 50, timeoutMs: plan.replyTimeoutMs, shouldStop });
  const room = `room-${Date.now()}`;
  const members = [];
  await runPool(opened.clients, 50, async (client) => {
    const at = await client.request({ action: 'join', room }, (m) => m.type === 'joined' && m.room === room, plan.replyTimeoutMs);
    if (at !== undefined) members.push(client);
  }, shouldStop);
  const setupS = (performance.now() - setupStartedAt) / 1000;
  const fanouts = [];
  let lostRounds = 0;
  let missedDeliveries = 0;
  const [sender] = members;
  let cpuUsed;
  for (let round = 0; sender !== undefined && round < plan.warmup + plan.rounds && sender.isOpen && !shouldStop(); round++) {
    if (round === plan.warmup) cpuUsed = plan.meterCpu?.();
    const outcome = await sendRound(sender, members, room, round, plan.replyTimeoutMs);
    if (round < plan.warmup) continue;
    if (outcome.fanoutMs === undefined) {
      lostRounds++;
      missedDeliveries += members.length - outcome.delivered;
    } else {
      fanouts.push(outcome.fanoutMs);
    }
  }
  const cpu = cpuUsed?.();
  const errors = opened.clients.reduce((sum, client) => sum + client.errors, 0);
  await closeClients(opened.clients, 100, plan.replyTimeoutMs);
  return {
    fanout_ms: summarise(fanouts),
    ...cpuPerOperation(cpu, fanouts.length + lostRounds),
    rounds: fanouts.length,
    members: members.length,
    setup_s: Math.round(setupS * 100) / 100,
    lost: plan.rounds - fanouts.length,
    lost_rounds: lostRounds,
    missed_deliveries: missedDeliveries,
    connect_failures: opened.failed,
    join_failures: opened.clients.length - members.length,
    errors,
  };
}

/** One sendAll; resolves when every member has it, or after `timeoutMs` with how many did. */
function sendRound(sender, members, room, round, timeoutMs) {
  return new Promise((resolve) => {
    const sentAt = performance.now();
    let delivered = 0;
    let lastAt = sentAt;
    const isThisRound = (m) => m?.type === 'msg' && m.data?.round === round;
    const stops = members.map((client) => {
      let got = false;
      return client.listen((message, at) => {
        if (got || !isThisRound(message)) return;
        got = true;
        delivered++;
        lastAt = at;
        if (delivered === members.length) finish(lastAt - sentAt);
      });
    });
    const timer = setTimeout(() => finish(undefined), timeoutMs);
    function finish(fanoutMs) {
      clearTimeout(timer);
      for (const stop of stops) stop();
      resolve({ fanoutMs, delivered });
    }
    sender.send({ action: 'sendAll', room, data: { round } });
  });
}
