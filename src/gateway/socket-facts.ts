import type { RawData } from 'ws';
import type { CloseCause } from './connection.js';

/**
 * Closes for the idle timeout, the maximum duration and shutdown
 * (docs/aws-behaviour.md#close-codes-and-reasons and #quotas).
 */
export const GOING_AWAY: CloseCause = { code: 1001, reason: 'Going away' };
/** Closes for a frame or message over its quota (docs/aws-behaviour.md#quotas). */
export const MESSAGE_TOO_BIG: CloseCause = { code: 1009, reason: 'Message too big' };

export function rawDataToBuffer(data: RawData): Buffer {
  if (Array.isArray(data)) return Buffer.concat(data);
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  return data;
}

/** IPv4 clients on a dual-stack socket show as `::ffff:1.2.3.4`; API Gateway reports `1.2.3.4`. */
export function normaliseIp(address: string | undefined): string {
  if (!address) return '';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

/** The close code ws sent for a protocol error, so `$disconnect` can report it. */
export function buildProtocolErrorCause(code: string | undefined): CloseCause {
  switch (code) {
    case 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH':
      return MESSAGE_TOO_BIG;
    case 'WS_ERR_INVALID_UTF8':
      return { code: 1007, reason: 'Invalid frame payload data' };
    default:
      return { code: 1002, reason: 'Protocol error' };
  }
}
