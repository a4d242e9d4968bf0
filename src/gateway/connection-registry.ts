import type { ConnectionInfo, ConnectionStore } from '../management/types.js';
import type { Clock } from '../util/clock.js';
import { closeConnection, type GatewayConnection } from './connection.js';

/**
 * The established connections of one gateway, by connection id. It is also what `@connections` acts on:
 * posting sends one text frame, deleting closes with 1000 and `$disconnect` then reports 1000 "Connection
 * Closed Normally" (docs/aws-behaviour.md#close-codes-and-reasons, from boto3#3789 / chalice#2060 execution
 * logs).
 */
export class ConnectionRegistry implements ConnectionStore {
  readonly #connections = new Map<string, GatewayConnection>();
  readonly #clock: Clock;
  readonly #isStale: (connectionId: string) => boolean;

  /** `isStale`: connections `@connections` must treat as gone while their socket stays open (fault injection). */
  constructor(clock: Clock, isStale: (connectionId: string) => boolean = () => false) {
    this.#clock = clock;
    this.#isStale = isStale;
  }

  add(connection: GatewayConnection): void {
    this.#connections.set(connection.facts.connectionId, connection);
  }

  remove(connectionId: string): void {
    this.#connections.delete(connectionId);
  }

  find(connectionId: string): GatewayConnection | undefined {
    return this.#connections.get(connectionId);
  }

  all(): GatewayConnection[] {
    return [...this.#connections.values()];
  }

  get size(): number {
    return this.#connections.size;
  }

  post(connectionId: string, data: Buffer): boolean {
    const connection = this.#open(connectionId);
    if (!connection) return false;
    // A text frame: browsers JSON.parse(event.data) what PostToConnection sends
    // (docs/aws-behaviour.md#paths-and-statuses).
    connection.socket.send(data, { binary: false });
    connection.lastActiveAt = this.#clock.now();
    return true;
  }

  get(connectionId: string): ConnectionInfo | undefined {
    const connection = this.#open(connectionId);
    if (!connection) return undefined;
    const { connectedAt, sourceIp, userAgent } = connection.facts;
    return { connectedAt, lastActiveAt: connection.lastActiveAt, sourceIp, ...(userAgent === undefined ? {} : { userAgent }) };
  }

  delete(connectionId: string): boolean {
    const connection = this.#open(connectionId);
    if (!connection) return false;
    closeConnection(connection, { code: 1000, reason: 'Connection Closed Normally' }, '');
    return true;
  }

  /** A connection that can still be written to; a closing one is already gone for `@connections` (410). */
  #open(connectionId: string): GatewayConnection | undefined {
    const connection = this.#connections.get(connectionId);
    return connection && !connection.closed && !connection.closeCause && !this.#isStale(connectionId) ? connection : undefined;
  }
}
