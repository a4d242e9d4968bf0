import { describe, expect, it } from 'vitest';
import { createFrameSizeGuard } from '../../../src/gateway/frame-size-guard.js';

/** A masked client frame header (RFC 6455 5.2) for a payload of `length` bytes, and the payload. */
function frame(length: number, opcode = 0x1, fin = true): Buffer {
  const first = (fin ? 0x80 : 0) | opcode;
  let header: Buffer;
  if (length < 126) header = Buffer.from([first, 0x80 | length]);
  else if (length < 65536) {
    header = Buffer.alloc(4);
    header[0] = first;
    header[1] = 0x80 | 126;
    header.writeUInt16BE(length, 2);
  } else {
    header = Buffer.alloc(10);
    header[0] = first;
    header[1] = 0x80 | 127;
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  return Buffer.concat([header, Buffer.from([1, 2, 3, 4]), Buffer.alloc(length, 0x61)]);
}

/** `count` data frames of `length` bytes forming one message (the last with FIN unless `finish` is false). */
function fragments(count: number, length: number, finish = true, firstOpcode = 0x1): Buffer {
  const frames = Array.from({ length: count }, (_, index) => frame(length, index === 0 ? firstOpcode : 0x0, finish && index === count - 1));
  return Buffer.concat(frames);
}

function feedAll(maxFrameBytes: number, chunks: Buffer[], maxMessageBytes = 131_072): Array<[string, number]> {
  const seen: Array<[string, number]> = [];
  const guard = createFrameSizeGuard({ maxFrameBytes, maxMessageBytes }, (kind, bytes) => seen.push([kind, bytes]));
  for (const chunk of chunks) guard.feed(chunk);
  return seen;
}

describe('createFrameSizeGuard', () => {
  it.each([
    ['a small frame', [frame(10)], []],
    ['a frame exactly at the limit (16-bit length)', [frame(32_768)], []],
    ['a frame one byte over (16-bit length)', [frame(32_769)], [['frame', 32_769]]],
    ['a frame with a 64-bit length', [frame(70_000).subarray(0, 14)], [['frame', 70_000]]],
    ['many small frames in one chunk', [Buffer.concat([frame(100), frame(200), frame(300)])], []],
    ['a big frame after small ones', [Buffer.concat([frame(100), frame(40_000)])], [['frame', 40_000]]],
    ['a message of four full fragments, exactly 128 KB', [fragments(4, 32_768)], []],
    ['a message one byte over 128 KB in five fragments', [Buffer.concat([fragments(4, 32_768, false), frame(1, 0x0)])], [['message', 131_073]]],
    ['pings between fragments, which do not count', [Buffer.concat([frame(32_768, 0x1, false), frame(100, 0x9), fragments(3, 32_768, true, 0x0)])], []],
    ['two 128 KB messages in a row: each message counts from zero', [Buffer.concat([fragments(4, 32_768), fragments(4, 32_768)])], []],
    ['a frame over the frame quota in a message: the frame is named', [Buffer.concat([frame(100, 0x1, false), frame(40_000, 0x0)])], [['frame', 40_000]]],
  ])('%s', (_name, chunks, expected) => {
    expect(feedAll(32_768, chunks)).toEqual(expected);
  });

  it('reads headers split across chunks, byte by byte', () => {
    const bytes = Buffer.concat([frame(5), frame(40_000)]);
    const chunks = [...bytes.subarray(0, 20)].map((byte) => Buffer.from([byte]));
    expect(feedAll(32_768, [...chunks, bytes.subarray(20)])).toEqual([['frame', 40_000]]);
  });

  it('reports only the first oversize frame', () => {
    expect(feedAll(10, [Buffer.concat([frame(11), frame(12)])])).toEqual([['frame', 11]]);
  });

  it('reports a message over its quota when frames may be larger than messages', () => {
    expect(feedAll(1000, [Buffer.concat([frame(600), frame(601)])], 600)).toEqual([['message', 601]]);
  });
});
