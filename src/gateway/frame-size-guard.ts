/**
 * API Gateway's 32 KB frame quota ("WebSocket frame size: 32 KB", closed with 1009):
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-execution-service-websocket-limits-table.html
 * `ws` has no per-frame hook (it reassembles fragments before we see a message), so this reads the
 * frame headers of the client's byte stream itself, next to ws, and reports the first frame whose
 * payload is over the limit. It only parses headers (RFC 6455 section 5.2) and skips payloads, so it
 * costs almost nothing. Without permessage-deflate, the payload length on the wire is the frame size.
 */
export interface FrameSizeGuard {
  /** Feeds bytes the client sent, in order. */
  feed(chunk: Buffer): void;
}

export function createFrameSizeGuard(maxFrameBytes: number, onOversize: (payloadBytes: number) => void): FrameSizeGuard {
  let header: Buffer = Buffer.alloc(0);
  let skipBytes = 0;
  let tripped = false;

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
        if (parsed.payloadBytes > maxFrameBytes) {
          tripped = true;
          onOversize(parsed.payloadBytes);
          return;
        }
        data = header.subarray(parsed.headerBytes);
        header = Buffer.alloc(0);
        skipBytes = parsed.payloadBytes;
      }
    },
  };
}

/** Header length and payload length of the frame starting at `bytes[0]`, or undefined if incomplete. */
function parseFrameHeader(bytes: Buffer): { headerBytes: number; payloadBytes: number } | undefined {
  if (bytes.length < 2) return undefined;
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
  return { headerBytes, payloadBytes };
}
