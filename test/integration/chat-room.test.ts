// The chat room example (handlers/chat) as its users run it: real `ws` clients, the handlers in
// worker threads with the runtime's AWS SDK, DynamoDB in the embedded dynalite. Every step checks
// the exact frames each client gets and the exact items left in both tables.
import { afterEach, describe, expect, it } from 'vitest';
import { startChatRoom, TABLES, TTL_AFTER_CONNECT_SECONDS, type ChatRoom } from '../helpers/chat-room.js';
import type { TestClient } from 'apigw-ws-local/testing';

const joined = (room: string, name: string) => ({ type: 'joined', room, name });
const left = (room: string, name: string) => ({ type: 'left', room, name });
const members = (room: string, names: string[]) => ({ type: 'members', room, members: names });
const error = (message: string) => ({ type: 'error', message });

/** Reads the next frame: a `message` from `name`, with an ISO `at` close to now. */
async function expectChat(client: TestClient, room: string, name: string, message: string): Promise<void> {
  const frame = await client.nextJson<{ at: string }>();
  expect(frame).toEqual({ type: 'message', room, name, message, at: expect.any(String) });
  expect(new Date(frame.at).toISOString()).toBe(frame.at);
  expect(Math.abs(Date.parse(frame.at) - Date.now())).toBeLessThan(10_000);
}

/** Every frame each client got was read: nothing was sent to someone it was not meant for. */
function expectNothingPending(...clients: TestClient[]): void {
  for (const client of clients) expect(client.pending).toEqual([]);
}

describe('chat room example', () => {
  let chat: ChatRoom | undefined;
  afterEach(async () => {
    await chat?.dispose();
    chat = undefined;
  });

  async function start(options?: Parameters<typeof startChatRoom>[0]): Promise<ChatRoom> {
    chat = await startChatRoom(options);
    return chat;
  }

  it('three users in two rooms: join, members, sendAll, leave and disconnect', async () => {
    const room = await start();
    const alice = await room.join('alice');
    const bob = await room.join('bob');
    const carol = await room.join('carol');
    const ids = { alice: await room.idOf('alice'), bob: await room.idOf('bob'), carol: await room.idOf('carol') };
    expect(await room.connections()).toEqual([
      { connectionId: ids.alice, name: 'alice' },
      { connectionId: ids.bob, name: 'bob' },
      { connectionId: ids.carol, name: 'carol' },
    ]);
    expect(await room.rooms()).toEqual([]);

    alice.send({ action: 'join', room: 'lobby' });
    expect(await alice.nextJson()).toEqual(joined('lobby', 'alice'));
    expect(await alice.nextJson()).toEqual(members('lobby', ['alice']));
    expect(await room.rooms()).toEqual([{ room: 'lobby', connectionId: ids.alice, name: 'alice' }]);

    bob.send({ action: 'join', room: 'lobby' });
    expect(await alice.nextJson()).toEqual(joined('lobby', 'bob'));
    expect(await bob.nextJson()).toEqual(joined('lobby', 'bob'));
    expect(await bob.nextJson()).toEqual(members('lobby', ['alice', 'bob']));
    expect(await room.rooms()).toEqual([
      { room: 'lobby', connectionId: ids.alice, name: 'alice' },
      { room: 'lobby', connectionId: ids.bob, name: 'bob' },
    ]);

    carol.send({ action: 'join', room: 'games' });
    expect(await carol.nextJson()).toEqual(joined('games', 'carol'));
    expect(await carol.nextJson()).toEqual(members('games', ['carol']));
    bob.send({ action: 'join', room: 'games' });
    expect(await carol.nextJson()).toEqual(joined('games', 'bob'));
    expect(await bob.nextJson()).toEqual(joined('games', 'bob'));
    expect(await bob.nextJson()).toEqual(members('games', ['bob', 'carol']));
    expect(await room.rooms()).toEqual([
      { room: 'games', connectionId: ids.bob, name: 'bob' },
      { room: 'games', connectionId: ids.carol, name: 'carol' },
      { room: 'lobby', connectionId: ids.alice, name: 'alice' },
      { room: 'lobby', connectionId: ids.bob, name: 'bob' },
    ]);

    alice.send({ action: 'sendAll', room: 'lobby', message: 'hi' });
    await expectChat(alice, 'lobby', 'alice', 'hi');
    await expectChat(bob, 'lobby', 'alice', 'hi');
    carol.send({ action: 'sendAll', room: 'games', message: 'gg' });
    await expectChat(carol, 'games', 'carol', 'gg');
    await expectChat(bob, 'games', 'carol', 'gg');
    carol.send({ action: 'sendAll', room: 'lobby', message: 'let me in' });
    expect(await carol.nextJson()).toEqual(error('join lobby first'));
    expectNothingPending(alice, bob, carol);

    bob.send({ action: 'leave', room: 'lobby' });
    expect(await alice.nextJson()).toEqual(left('lobby', 'bob'));
    expect(await bob.nextJson()).toEqual(left('lobby', 'bob'));
    expect(await room.rooms()).toEqual([
      { room: 'games', connectionId: ids.bob, name: 'bob' },
      { room: 'games', connectionId: ids.carol, name: 'carol' },
      { room: 'lobby', connectionId: ids.alice, name: 'alice' },
    ]);
    bob.send({ action: 'leave', room: 'lobby' });
    expect(await bob.nextJson()).toEqual(error('not in lobby'));
    bob.send({ action: 'sendAll', room: 'lobby', message: 'still here?' });
    expect(await bob.nextJson()).toEqual(error('join lobby first'));

    await bob.close(1000, 'bye');
    expect(await carol.nextJson()).toEqual(left('games', 'bob'));
    await expect.poll(() => room.connections()).toEqual([
      { connectionId: ids.alice, name: 'alice' },
      { connectionId: ids.carol, name: 'carol' },
    ]);
    expect(await room.rooms()).toEqual([
      { room: 'games', connectionId: ids.carol, name: 'carol' },
      { room: 'lobby', connectionId: ids.alice, name: 'alice' },
    ]);

    // A later joiner sees only who is really there.
    carol.send({ action: 'join', room: 'lobby' });
    expect(await alice.nextJson()).toEqual(joined('lobby', 'carol'));
    expect(await carol.nextJson()).toEqual(joined('lobby', 'carol'));
    expect(await carol.nextJson()).toEqual(members('lobby', ['alice', 'carol']));
    expectNothingPending(alice, carol);
  });

  it('makes a second join a no-op for the room and sends the joiner the members again', async () => {
    const room = await start();
    const alice = await room.join('alice');
    const bob = await room.join('bob');
    alice.send({ action: 'join', room: 'lobby' });
    expect(await alice.nextJson()).toEqual(joined('lobby', 'alice'));
    expect(await alice.nextJson()).toEqual(members('lobby', ['alice']));
    bob.send({ action: 'join', room: ' lobby ' }); // room names are trimmed
    expect(await alice.nextJson()).toEqual(joined('lobby', 'bob'));
    expect(await bob.nextJson()).toEqual(joined('lobby', 'bob'));
    expect(await bob.nextJson()).toEqual(members('lobby', ['alice', 'bob']));

    bob.send({ action: 'join', room: 'lobby' });
    expect(await bob.nextJson()).toEqual(members('lobby', ['alice', 'bob']));
    // The next broadcast is the first thing alice gets: no second `joined` came before it.
    bob.send({ action: 'sendAll', room: 'lobby', message: 'once' });
    await expectChat(alice, 'lobby', 'bob', 'once');
    await expectChat(bob, 'lobby', 'bob', 'once');
    expect((await room.rooms()).map((item) => item.name)).toEqual(['alice', 'bob']);
    expectNothingPending(alice, bob);
  });

  it('answers anything else on $default with the error and the list of actions', async () => {
    const room = await start();
    const alice = await room.join('alice');
    const expected = '{"type":"error","message":"unknown action","actions":["join","leave","sendAll"]}';
    for (const frame of ['{"action":"shout","room":"lobby"}', '{"room":"lobby"}', 'not json', '[1,2]', '{"action":"JOIN","room":"lobby"}']) {
      alice.send(frame);
      expect(await alice.nextMessage()).toBe(expected);
    }
  });

  it('answers invalid rooms and messages with an error, changing nothing', async () => {
    const room = await start();
    const alice = await room.join('alice');
    const roomError = error('room must be a name of 1 to 64 characters');
    const cases: Array<[object, object]> = [
      [{ action: 'join' }, roomError],
      [{ action: 'join', room: '   ' }, roomError],
      [{ action: 'join', room: 'x'.repeat(65) }, roomError],
      [{ action: 'join', room: 42 }, roomError],
      [{ action: 'leave', room: '' }, roomError],
      [{ action: 'sendAll', message: 'hi' }, roomError],
      [{ action: 'leave', room: 'lobby' }, error('not in lobby')],
    ];
    for (const [frame, reply] of cases) {
      alice.send(frame);
      expect(await alice.nextJson()).toEqual(reply);
    }
    expect(await room.rooms()).toEqual([]);

    alice.send({ action: 'join', room: 'x'.repeat(64) });
    expect(await alice.nextJson()).toEqual(joined('x'.repeat(64), 'alice'));
    expect(await alice.nextJson()).toEqual(members('x'.repeat(64), ['alice']));
    const messageError = error('message must be text of 1 to 2000 characters');
    for (const message of ['', 'y'.repeat(2001), 7, undefined]) {
      alice.send({ action: 'sendAll', room: 'x'.repeat(64), message });
      expect(await alice.nextJson()).toEqual(messageError);
    }
    alice.send({ action: 'sendAll', room: 'x'.repeat(64), message: 'y'.repeat(2000) });
    await expectChat(alice, 'x'.repeat(64), 'alice', 'y'.repeat(2000));
    expectNothingPending(alice);
  });

  it('names a connection without a usable name parameter, and trims and shortens the others', async () => {
    const room = await start();
    const guest = await room.join();
    const blank = await room.join('   ');
    await room.join(`  ${'n'.repeat(40)}  `);
    await room.join('  dave  ');
    const names = (await room.connections()).map((item) => item.name);
    expect(names).toHaveLength(4);
    expect(names.filter((name) => /^guest-\d{4}$/.test(name))).toHaveLength(2);
    expect(names).toContain('n'.repeat(32));
    expect(names).toContain('dave');

    guest.send({ action: 'join', room: 'lobby' });
    const { name } = await guest.nextJson<{ name: string }>();
    expect(name).toMatch(/^guest-\d{4}$/);
    expect(await guest.nextJson()).toEqual(members('lobby', [name]));
    blank.send({ action: 'join', room: 'lobby' });
    expect(await blank.nextJson()).toMatchObject({ type: 'joined', room: 'lobby', name: expect.stringMatching(/^guest-\d{4}$/) });
  });

  it('removes a stale member (GoneException) from both tables and still delivers to the others', async () => {
    const room = await start();
    const alice = await room.join('alice');
    const bob = await room.join('bob');
    for (const client of [alice, bob]) {
      client.send({ action: 'join', room: 'lobby' });
      await client.nextJson();
      await client.nextJson();
    }
    await alice.nextJson(); // bob's `joined`
    // A member whose $disconnect never ran: well-formed id, no such connection.
    const ghost = 'AAAAAAAAAAAAAAA=';
    const connectedAt = Date.now();
    await room.put('chat-connections', {
      connectionId: ghost,
      name: 'ghost',
      connectedAt,
      expiresAt: Math.floor(connectedAt / 1000) + TTL_AFTER_CONNECT_SECONDS,
    });
    await room.put('chat-rooms', { room: 'lobby', connectionId: ghost, name: 'ghost' });
    await room.put('chat-rooms', { room: 'games', connectionId: ghost, name: 'ghost' });
    expect((await room.rooms()).map((item) => item.name)).toEqual(['ghost', 'alice', 'bob', 'ghost']);

    alice.send({ action: 'sendAll', room: 'lobby', message: 'anyone?' });
    await expectChat(alice, 'lobby', 'alice', 'anyone?');
    await expectChat(bob, 'lobby', 'alice', 'anyone?');
    const ids = { alice: await room.idOf('alice'), bob: await room.idOf('bob') };
    await expect.poll(() => room.rooms()).toEqual([
      { room: 'lobby', connectionId: ids.alice, name: 'alice' },
      { room: 'lobby', connectionId: ids.bob, name: 'bob' },
    ]);
    // The handler deletes the memberships first, then the connection: the second may still be on
    // its way when the first is seen.
    await expect.poll(() => room.connections()).toEqual([
      { connectionId: ids.alice, name: 'alice' },
      { connectionId: ids.bob, name: 'bob' },
    ]);
    expectNothingPending(alice, bob);
  });

  it('cleans up after a client that vanishes without a close frame (1006)', async () => {
    const room = await start();
    const alice = await room.join('alice');
    const bob = await room.join('bob');
    const carol = await room.join('carol');
    alice.send({ action: 'join', room: 'lobby' });
    await alice.nextJson();
    await alice.nextJson();
    alice.send({ action: 'join', room: 'games' });
    await alice.nextJson();
    await alice.nextJson();
    for (const [client, name] of [[bob, 'lobby'], [carol, 'games']] as const) {
      client.send({ action: 'join', room: name });
      expect(await client.nextJson()).toEqual(joined(name, client === bob ? 'bob' : 'carol'));
      await client.nextJson();
      await alice.nextJson();
    }
    const ids = { bob: await room.idOf('bob'), carol: await room.idOf('carol') };

    alice.terminate();
    expect(await bob.nextJson()).toEqual(left('lobby', 'alice'));
    expect(await carol.nextJson()).toEqual(left('games', 'alice'));
    await expect.poll(() => room.connections()).toEqual([
      { connectionId: ids.bob, name: 'bob' },
      { connectionId: ids.carol, name: 'carol' },
    ]);
    expect(await room.rooms()).toEqual([
      { room: 'games', connectionId: ids.carol, name: 'carol' },
      { room: 'lobby', connectionId: ids.bob, name: 'bob' },
    ]);
    expectNothingPending(bob, carol);
  });

  it('uses the tables named by CONNECTIONS_TABLE and ROOMS_TABLE', async () => {
    const room = await start({
      environment: { CONNECTIONS_TABLE: 'my-connections', ROOMS_TABLE: 'my-rooms' },
      dynamodb: { tables: TABLES.map((table) => ({ ...table, name: table.name === 'chat-rooms' ? 'my-rooms' : 'my-connections' })) },
    });
    const alice = await room.join('alice');
    alice.send({ action: 'join', room: 'lobby' });
    expect(await alice.nextJson()).toEqual(joined('lobby', 'alice'));
    expect(await alice.nextJson()).toEqual(members('lobby', ['alice']));
    const id = await room.idOf('alice');
    expect(await room.rooms()).toEqual([{ room: 'lobby', connectionId: id, name: 'alice' }]);
  });
});
