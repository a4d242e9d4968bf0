import { describe, it, expect } from 'vitest';
import {
  createIdGenerator,
  generateApiId,
  generateTraceId,
  isWellFormedConnectionId,
} from '../../../src/util/ids.js';

const zeros = (size: number) => Buffer.alloc(size);
const timeOf = (id: string) => Buffer.from(id, 'base64url').readUIntBE(0, 6);

describe('createIdGenerator', () => {
  it('writes the time, a counter, the type letter and random bits in 16 chars', () => {
    const ids = createIdGenerator({ now: () => 0, randomBytes: zeros });
    expect(ids.connectionId()).toBe('AAAAAAAAAAACAAA=');
    expect(ids.requestId()).toBe('AAAAAAAAAABFAAA=');
    expect(ids.messageId()).toBe('AAAAAAAAAACCAAA=');
  });

  // docs/aws-behaviour.md#ids-and-formats
  it('puts C at char 11 of connection and message ids and F in request ids, as in captured events', () => {
    const ids = createIdGenerator({ now: () => 1731324924553 });
    expect(ids.connectionId()[11]).toBe('C');
    expect(ids.messageId()[11]).toBe('C');
    expect(ids.requestId()[11]).toBe('F');
  });

  it('encodes now() in chars 0-7 and resets the counter when the time moves', () => {
    let now = 1731324924553;
    const ids = createIdGenerator({ now: () => now, randomBytes: zeros });
    const first = ids.connectionId();
    ids.connectionId();
    now += 1;
    const later = ids.connectionId();
    expect(timeOf(first)).toBe(1731324924553);
    expect(timeOf(later)).toBe(1731324924554);
    expect(later.slice(8, 12)).toBe('AAAC');
    expect(first.slice(0, 5)).toBe(later.slice(0, 5));
  });

  it('uses the random bytes for chars 12-14', () => {
    const ids = createIdGenerator({ now: () => 0, randomBytes: (size) => Buffer.alloc(size, 0xff) });
    expect(ids.connectionId()).toBe('AAAAAAAAAAAC__8=');
  });

  it('stays unique when the clock stands still, goes back, or the counter runs out', () => {
    let now = 5000;
    const ids = createIdGenerator({ now: () => now, randomBytes: zeros });
    const seen = new Set<string>();
    for (let i = 0; i < 2 ** 18 + 10; i += 1) seen.add(ids.connectionId());
    expect(seen.size).toBe(2 ** 18 + 10);
    const borrowed = ids.requestId();
    expect(timeOf(borrowed)).toBe(5001);
    now = 4000;
    expect(timeOf(ids.requestId())).toBe(5001);
    expect(seen.has(ids.connectionId())).toBe(false);
  });

  it('makes well-formed ids with the real random source', () => {
    const ids = createIdGenerator({ now: () => Date.now() });
    for (const id of [ids.connectionId(), ids.messageId(), ids.requestId()]) {
      expect(id).toMatch(/^[A-Za-z0-9_-]{15}=$/);
      expect(isWellFormedConnectionId(id)).toBe(true);
    }
  });
});

describe('isWellFormedConnectionId', () => {
  it.each([
    ['BFHPhfCWIAMCKlQ=', true],
    ['L0SM9cOFvHcCIhw=', true],
    ['JC1dgf9yoAMCK-g=', true],
    ['BFaT_fALIAMCKug=', true],
    ['BFHPhfCWIAMCKlQ', false],
    ['BFHPhfCWIAMCKlQQ=', false],
    ['BFHPhfCWIAMCKl+=', false],
    ['BFHPhfCWIAMCK/Q=', false],
    ['', false],
    ['not-a-connection', false],
  ])('%j → %s', (id, expected) => {
    expect(isWellFormedConnectionId(id)).toBe(expected);
  });
});

describe('generateApiId', () => {
  it.each([
    [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 'abcdefghij'],
    [[26, 27, 28, 29, 30, 31, 32, 33, 34, 35], '0123456789'],
    [[36, 255, 100, 0, 0, 0, 0, 0, 0, 0], 'ad2aaaaaaa'],
  ])('maps bytes %j to %s', (bytes, expected) => {
    expect(generateApiId(() => Buffer.from(bytes))).toBe(expected);
  });

  it('makes 10 chars of [a-z0-9] by default', () => {
    expect(generateApiId()).toMatch(/^[a-z0-9]{10}$/);
  });
});

describe('generateTraceId', () => {
  // docs/aws-behaviour.md#ids-and-formats
  it('writes the epoch seconds in 8 hex digits and 24 hex random digits, the X-Ray trace id format', () => {
    const random = () => Buffer.from('08e1e656421db73c5d2eef31', 'hex');
    expect(generateTraceId(1731324924553, random)).toBe('Root=1-6731ebfc-08e1e656421db73c5d2eef31');
  });

  it('pads small epochs to 8 digits', () => {
    expect(generateTraceId(16_000, zeros)).toBe('Root=1-00000010-000000000000000000000000');
  });

  it('uses crypto randomness by default', () => {
    expect(generateTraceId(Date.now())).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
  });
});
