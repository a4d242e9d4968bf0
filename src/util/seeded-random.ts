import type { RandomBytes } from './ids.js';

/**
 * Random bytes from a seed (mulberry32), for tests that snapshot events: the same seed gives the
 * same connection, request and message ids, API id and trace ids on every run. Not for secrets.
 */
export function createSeededRandomBytes(seed: number): RandomBytes {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) & 0xff;
  };
  return (size) => {
    const bytes = Buffer.alloc(size);
    for (let i = 0; i < size; i++) bytes[i] = next();
    return bytes;
  };
}
