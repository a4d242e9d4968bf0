import { describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { ConnectionRegistry } from '../../../src/gateway/connection-registry.js';
import type { GatewayConnection } from '../../../src/gateway/connection.js';
import { createManualClock } from '../../../src/util/manual-clock.js';

const CONNECTED_AT = Date.UTC(2026, 0, 1, 12, 0, 0);
const ID = 'AAAAAAAAAAAAAAA=';

/** What the registry did to the socket; the registry only ever sends and closes. */
type SocketCall = readonly ['send', string, { binary: boolean }] | readonly ['close', number, string];

function createConnection(state: Partial<Pick<GatewayConnection, 'closed' | 'closeCause'>>, userAgent?: string) {
  const calls: SocketCall[] = [];
  const socket = {
    send: (data: Buffer, options: { binary: boolean }) => calls.push(['send', data.toString('utf8'), options]),
    close: (code: number, reason: string) => calls.push(['close', code, reason]),
  } as unknown as WebSocket;
  const connection: GatewayConnection = {
    facts: { connectionId: ID, connectedAt: CONNECTED_AT, sourceIp: '127.0.0.1', ...(userAgent === undefined ? {} : { userAgent }) },
    socket,
    lastActiveAt: CONNECTED_AT,
    messageRate: undefined,
    closed: false,
    ...state,
  };
  return { connection, calls };
}

/** A connection in each state `@connections` can meet, and whether it is still there for it. */
const STATES: ReadonlyArray<[string, Partial<Pick<GatewayConnection, 'closed' | 'closeCause'>>, boolean, boolean]> = [
  // [name, state, stale (fault injection), reachable]
  ['open', {}, false, true],
  ['closed', { closed: true }, false, false],
  ['closing by the gateway', { closeCause: { code: 1001, reason: 'Going away' } }, false, false],
  ['open but stale', {}, true, false],
];

describe('ConnectionRegistry', () => {
  it.each(STATES)('post on a connection %s', async (_name, state, stale, reachable) => {
    const clock = createManualClock(CONNECTED_AT);
    const registry = new ConnectionRegistry(clock, (id) => stale && id === ID);
    const { connection, calls } = createConnection(state);
    registry.add(connection);
    await clock.advance(5000);
    expect(registry.post(ID, Buffer.from('{"hello":"world"}'))).toBe(reachable);
    // Sent as a text frame; a post counts as activity for the idle timeout.
    expect(calls).toEqual(reachable ? [['send', '{"hello":"world"}', { binary: false }]] : []);
    expect(connection.lastActiveAt).toBe(reachable ? CONNECTED_AT + 5000 : CONNECTED_AT);
  });

  it.each(STATES)('get on a connection %s', (_name, state, stale, reachable) => {
    const registry = new ConnectionRegistry(createManualClock(CONNECTED_AT), (id) => stale && id === ID);
    registry.add(createConnection(state, 'vitest-agent').connection);
    expect(registry.get(ID)).toEqual(
      reachable ? { connectedAt: CONNECTED_AT, lastActiveAt: CONNECTED_AT, sourceIp: '127.0.0.1', userAgent: 'vitest-agent' } : undefined,
    );
  });

  it.each(STATES)('delete on a connection %s', (_name, state, stale, reachable) => {
    const registry = new ConnectionRegistry(createManualClock(CONNECTED_AT), (id) => stale && id === ID);
    const { connection, calls } = createConnection(state);
    registry.add(connection);
    expect(registry.delete(ID)).toBe(reachable);
    // The client sees 1000 with no reason; $disconnect reports "Connection Closed Normally".
    expect(calls).toEqual(reachable ? [['close', 1000, '']] : []);
    expect(connection.closeCause).toEqual(reachable ? { code: 1000, reason: 'Connection Closed Normally' } : state.closeCause);
    // Deleting only closes: the connection leaves the registry when its socket has closed.
    expect(registry.find(ID)).toBe(connection);
  });

  it.each<[string, (registry: ConnectionRegistry) => unknown, unknown]>([
    ['post', (registry) => registry.post('BBBBBBBBBBBBBBB=', Buffer.from('x')), false],
    ['get', (registry) => registry.get('BBBBBBBBBBBBBBB='), undefined],
    ['delete', (registry) => registry.delete('BBBBBBBBBBBBBBB='), false],
    ['find', (registry) => registry.find('BBBBBBBBBBBBBBB='), undefined],
  ])('%s on an unknown id answers %j', (_name, call, answer) => {
    const registry = new ConnectionRegistry(createManualClock(CONNECTED_AT));
    registry.add(createConnection({}).connection);
    expect(call(registry)).toBe(answer);
  });

  it('get leaves userAgent out when the client sent none', () => {
    const registry = new ConnectionRegistry(createManualClock(CONNECTED_AT));
    registry.add(createConnection({}).connection);
    expect(registry.get(ID)).toEqual({ connectedAt: CONNECTED_AT, lastActiveAt: CONNECTED_AT, sourceIp: '127.0.0.1' });
    expect(Object.keys(registry.get(ID) ?? {})).toEqual(['connectedAt', 'lastActiveAt', 'sourceIp']);
  });

  it('adds, lists and removes by connection id', () => {
    const registry = new ConnectionRegistry(createManualClock(CONNECTED_AT));
    const { connection } = createConnection({});
    registry.add(connection);
    expect([registry.size, registry.all()]).toEqual([1, [connection]]);
    registry.remove(ID);
    expect([registry.size, registry.all(), registry.find(ID)]).toEqual([0, [], undefined]);
    registry.remove(ID); // removing twice is harmless
    expect(registry.size).toBe(0);
  });
});
