import type WebSocket from 'ws';

/**
 * How many pongs may wait to be written before a client counts as flooding us with pings. ws's own
 * default (`maxPendingAutoPongs`), which a client's pings reach on loopback within a few hundred.
 */
export const MAX_PENDING_PONGS = 60;

/**
 * Answers a client's pings with pongs (RFC 6455 section 5.5.2; docs/aws-behaviour.md#frames) and
 * calls `onFlood` once when more than MAX_PENDING_PONGS are unwritten. ws's automatic pongs would
 * instead drop the TCP connection without a close frame, which a client sees as 1006 and cannot
 * tell from a network failure; the caller closes with a code that says why.
 */
export function answerPings(socket: WebSocket, onFlood: () => void): void {
  let pendingPongs = 0;
  let flooded = false;
  socket.on('ping', (data: Buffer) => {
    if (flooded || socket.readyState !== socket.OPEN) return;
    if (pendingPongs >= MAX_PENDING_PONGS) {
      flooded = true;
      return onFlood();
    }
    pendingPongs += 1;
    socket.pong(data, false, () => {
      pendingPongs -= 1;
    });
  });
}
