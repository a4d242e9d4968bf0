// $disconnect: forget the connection and tell each room it was in that it left. Runs for every
// way a connection ends (close frame, lost network, idle timeout, 2-hour limit), but AWS does
// not guarantee it runs to the end: the TTL on the connection item and the GoneException cleanup
// in lib.mjs catch what it misses.
import { broadcast, listMembers, OK, removeConnection } from './lib.mjs';

export const handler = async (event) => {
  const memberships = await removeConnection(event.requestContext.connectionId);
  // Rooms in parallel; each broadcast already tolerates stale members.
  await Promise.all(
    memberships.map(async ({ room, name }) => broadcast(event, await listMembers(room), { type: 'left', room, name })),
  );
  return OK;
};
