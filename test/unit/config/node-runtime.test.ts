import { describe, expect, it } from 'vitest';
import { parseNodeRuntime } from '../../../src/config/node-runtime.js';

describe('parseNodeRuntime', () => {
  it.each([
    ['nodejs', 0],
    ['nodejs4.3', 4],
    ['nodejs4.3-edge', 4],
    ['nodejs6.10', 6],
    ['nodejs8.10', 8],
    ['nodejs10.x', 10],
    ['nodejs16.x', 16],
    ['nodejs20.x', 20],
    ['nodejs24.x', 24],
    ['python3.12', undefined],
    ['nodejs20', 20],
    ['node20.x', undefined],
    ['provided.al2023', undefined],
  ])('%s → %s', (runtime, major) => {
    expect(parseNodeRuntime(runtime)).toBe(major);
  });
});
