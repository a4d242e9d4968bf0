// The scenarios the project is measured by (issue #12), full and quick sizes. Pure data.

/**
 * @typedef {{ label: string, pattern: 'echo', clients: number, messages: number, payloadBytes: number }
 *   | { label: string, pattern: 'broadcast', clients: number, rounds: number }
 *   | { label: string, pattern: 'connect', workers: number, perWorker: number }} Scenario
 */

/**
 * @param {boolean} quick
 * @returns {Scenario[]}
 */
export function buildMatrix(quick) {
  const size = (full, short) => (quick ? short : full);
  return [
    { label: 'echo c=1', pattern: 'echo', clients: 1, messages: size(1000, 100), payloadBytes: 64 },
    { label: 'echo c=10', pattern: 'echo', clients: 10, messages: size(500, 50), payloadBytes: 64 },
    { label: 'echo c=100', pattern: 'echo', clients: 100, messages: size(50, 5), payloadBytes: 64 },
    { label: 'echo c=10 4KiB', pattern: 'echo', clients: 10, messages: size(300, 30), payloadBytes: 4096 },
    { label: 'broadcast n=10', pattern: 'broadcast', clients: 10, rounds: size(50, 10) },
    { label: 'broadcast n=100', pattern: 'broadcast', clients: 100, rounds: size(20, 5) },
    { label: 'broadcast n=1000', pattern: 'broadcast', clients: 1000, rounds: size(10, 3) },
    { label: 'connect w=1', pattern: 'connect', workers: 1, perWorker: size(300, 30) },
    { label: 'connect w=10', pattern: 'connect', workers: 10, perWorker: size(100, 10) },
  ];
}

/** Connections the disconnect storm opens (issue #12: 10,000). */
export function stormSize(quick) {
  return quick ? 1000 : 10_000;
}
