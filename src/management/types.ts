/**
 * What the `@connections` management API needs from the gateway. The gateway's connection registry
 * implements it; the management API never sees `ws`.
 */
export interface ConnectionInfo {
  /** Epoch ms when `$connect` succeeded. */
  readonly connectedAt: number;
  /** Epoch ms of the last data message in either direction. */
  readonly lastActiveAt: number;
  readonly sourceIp: string;
  /** Absent when the client sent no User-Agent. */
  readonly userAgent?: string;
}

export interface ConnectionStore {
  /** Sends `data` as one frame to the connection. Returns false when it does not exist (any more). */
  post(connectionId: string, data: Buffer): boolean;
  /** The connection's details, or undefined when it does not exist (any more). */
  get(connectionId: string): ConnectionInfo | undefined;
  /**
   * Closes the connection with 1000 (its `$disconnect` then runs with 1000 "Connection Closed
   * Normally"). Returns false when it does not exist (any more).
   */
  delete(connectionId: string): boolean;
}

/** The answer, ready to write on the wire. `body` is `''` when there is none. */
export interface ManagementResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}
