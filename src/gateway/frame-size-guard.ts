/**
 * API Gateway's 32 KB frame and 128 KB message quotas ("WebSocket frame size: 32 KB", "Message
 * payload size: 128 KB", fragments reassembled up to that; both close with 1009):
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-execution-service-websocket-limits-table.html
 * `ws` has no per-frame hook (it reassembles fragments before we see a message), so this reads the
 * frame headers of the client's byte stream itself, next to ws, and reports the first frame whose
 * payload is over the frame quota, or the first data frame that takes its message over the message
 * quota. Telling the two apart lets the close reason say which quota was hit. It only parses headers
 * (RFC 6455 section 5.2) and skips payloads, so it costs almost nothing. Without permessage-deflate,
 * the payload length on the wire is the frame size.
 */
export interface FrameSizeGuard {
  /** Feeds bytes the client sent, in order. */
  feed(chunk: Buffer): void;
}

/** Which quota a client went over. */
export type OversizeKind = 'frame' | 'message';

/** RFC 6455 section 5.2: opcode 0 continues a fragmented message; 8 and above are control frames. */
const CONTINUATION_OPCODE = 0x0;
const FIRST_CONTROL_OPCODE = 0x8;

export function createFrameSizeGuard(
  limits: { maxFrameBytes: number; maxMessageBytes: number },
  onOversize: (kind: OversizeKind, bytes: number) => void,
): FrameSizeGuard {
  let header: Buffer = Buffer.alloc(0);
  let skipBytes = 0;
  let messageBytes = 0;
  let tripped = false;

  /** The quota the frame breaks, counting it into its message; undefined when within both. */
  const checkFrame = (frame: FrameHeader): { kind: OversizeKind; bytes: number } | undefined => {
    if (frame.payloadBytes > limits.maxFrameBytes) return { kind: 'frame', bytes: frame.payloadBytes };
    if (frame.opcode >= FIRST_CONTROL_OPCODE) return undefined; // may come between fragments; not part of the message
    messageBytes = frame.opcode === CONTINUATION_OPCODE ? messageBytes + frame.payloadBytes : frame.payloadBytes;
    if (messageBytes > limits.maxMessageBytes) return { kind: 'message', bytes: messageBytes };
    if (frame.fin) messageBytes = 0;
    return undefined;
  };

  return {
    feed(chunk) {
      let data: Buffer = chunk;
      while (!tripped && data.length > 0) {
        if (skipBytes > 0) {
          const skipped = Math.min(skipBytes, data.length);
          skipBytes -= skipped;
          data = data.subarray(skipped);
          continue;
        }
        header = header.length === 0 ? data : Buffer.concat([header, data]);
        const parsed = parseFrameHeader(header);
        if (parsed === undefined) return; // need more bytes for the header
        const oversize = checkFrame(parsed);
        if (oversize !== undefined) {
          tripped = true;
          onOversize(oversize.kind, oversize.bytes);
          return;
        }
        data = header.subarray(parsed.headerBytes);
        header = Buffer.alloc(0);
        skipBytes = parsed.payloadBytes;
      }
    },
  };
}

interface FrameHeader {
  readonly fin: boolean;
  readonly opcode: number;
  readonly headerBytes: number;
  readonly payloadBytes: number;
}

/** The header of the frame starting at `bytes[0]`, or undefined if incomplete. */
function parseFrameHeader(bytes: Buffer): FrameHeader | undefined {
  if (bytes.length < 2) return undefined;
  const fin = ((bytes[0] as number) & 0x80) !== 0;
  const opcode = (bytes[0] as number) & 0x0f;
  const masked = ((bytes[1] as number) & 0x80) !== 0;
  const length7 = (bytes[1] as number) & 0x7f;
  let offset = 2;
  let payloadBytes = length7;
  if (length7 === 126) {
    if (bytes.length < 4) return undefined;
    payloadBytes = bytes.readUInt16BE(2);
    offset = 4;
  } else if (length7 === 127) {
    if (bytes.length < 10) return undefined;
    payloadBytes = Number(bytes.readBigUInt64BE(2));
    offset = 10;
  }
  const headerBytes = offset + (masked ? 4 : 0);
  if (bytes.length < headerBytes) return undefined;
  return { fin, opcode, headerBytes, payloadBytes };
}
