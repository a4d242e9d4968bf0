import type { Clock, TimerHandle } from '../util/clock.js';
import { closeConnection, type GatewayConnection } from './connection.js';
import type { GatewayLimits } from './gateway-options.js';
import { GOING_AWAY } from './socket-facts.js';

/**
 * The two limits on every connection's life (docs/aws-behaviour.md#quotas): its duration (2 h) and
 * idleness (10 min without a data message either way), both closing with 1001 `Going away`. The
 * idle timer is re-armed lazily when it fires, instead of on every message.
 */
export function startConnectionTimers(
  connection: GatewayConnection,
  clock: Clock,
  limits: Pick<GatewayLimits, 'idleTimeoutMs' | 'maxConnectionDurationMs'>,
): TimerHandle {
  let idle: TimerHandle;
  const armIdle = (delayMs: number) => {
    idle = clock.setTimeout(() => {
      const idleForMs = clock.now() - connection.lastActiveAt;
      if (idleForMs >= limits.idleTimeoutMs) return closeConnection(connection, GOING_AWAY);
      if (!connection.closed) armIdle(limits.idleTimeoutMs - idleForMs);
    }, delayMs);
  };
  const duration = clock.setTimeout(() => closeConnection(connection, GOING_AWAY), limits.maxConnectionDurationMs);
  armIdle(limits.idleTimeoutMs);
  return {
    cancel() {
      duration.cancel();
      idle.cancel();
    },
  };
}
