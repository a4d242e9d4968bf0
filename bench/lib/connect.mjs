// connect: W workers, each opens a connection ($connect must succeed), closes it, waits for the
// close, and starts over. Measures connections per second over all workers.
import { cpuPerOperation, summarise } from './stats.mjs';
import { openClient, runPool } from './ws-client.mjs';

/**
 * @param {{ url: string, workers: number, perWorker: number, warmup: number, replyTimeoutMs: number,
 *   budgetMs: number, meterCpu?: () => () => import('./stats.mjs').CpuUsed }} plan
 */
export async function runConnect(plan) {
  const deadline = performance.now() + plan.budgetMs;
  const shouldStop = () => performance.now() > deadline;
  const connectMs = [];
  let failures = 0;
  let firstError;
  const cycle = async (record) => {
    const startedAt = performance.now();
    try {
      const client = await openClient(plan.url, plan.replyTimeoutMs);
      const openedAt = performance.now();
      await client.close(plan.replyTimeoutMs);
      if (record) connectMs.push(openedAt - startedAt);
    } catch (error) {
      if (record) failures++;
      firstError ??= String(error?.message ?? error);
    }
  };
  const loop = (count, record) => runPool(Array.from({ length: plan.workers * count }), plan.workers, () => cycle(record), shouldStop);
  await loop(plan.warmup, false);
  const startedAt = performance.now();
  const cpuUsed = plan.meterCpu?.();
  await loop(plan.perWorker, true);
  const elapsedS = (performance.now() - startedAt) / 1000;
  const cpu = cpuUsed?.();
  return {
    connects_per_s: Math.round(connectMs.length / elapsedS),
    connect_ms: summarise(connectMs),
    ...cpuPerOperation(cpu, connectMs.length + failures),
    connects: connectMs.length,
    lost: plan.workers * plan.perWorker - connectMs.length,
    connect_failures: failures,
    ...(firstError ? { first_error: firstError } : {}),
  };
}
