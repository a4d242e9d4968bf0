import type { RawData } from 'ws';
import type { CloseCause } from './connection.js';

/**
 * Closes for the idle timeout, the maximum duration and shutdown
 * (docs/aws-behaviour.md#close-codes-and-reasons and #quotas).
 */
export const GOING_AWAY: CloseCause = { code: 1001, reason: 'Going away' };
/**
 * Closes for a frame or a message over its quota (docs/aws-behaviour.md#quotas): both 1009, as AWS
 * documents; the reasons, which AWS does not document, say which quota it was.
 */
export const FRAME_TOO_BIG: CloseCause = { code: 1009, reason: 'Frame too big' };
export const MESSAGE_TOO_BIG: CloseCause = { code: 1009, reason: 'Message too big' };
/**
 * Closes a client that floods us with pings (ping-answerer.ts). AWS documents nothing for this; 1008
 * is RFC 6455's code for a message that violates the endpoint's policy (section 7.4.1).
 */
export const TOO_MANY_PINGS: CloseCause = { code: 1008, reason: 'Too many pings' };

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
