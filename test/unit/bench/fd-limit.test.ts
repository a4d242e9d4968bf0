import { describe, expect, it } from 'vitest';
// @ts-expect-error: the bench is plain JavaScript (run by node as it is), without types
import { fitStorm } from '../../../bench/lib/fd-limit.mjs';

describe('fitStorm', () => {
  it('keeps the storm when the open-files limit has room for it and 1,024 more', () => {
    expect(fitStorm(10_000, { soft: 11_024, hard: 11_024 })).toBe(10_000);
    expect(fitStorm(10_000, undefined)).toBe(10_000);
  });

  it('shrinks it to what fits under a lower limit, never below 0', () => {
    expect(fitStorm(10_000, { soft: 11_023, hard: 11_023 })).toBe(9_999);
    expect(fitStorm(10_000, { soft: 4_096, hard: 4_096 })).toBe(3_072);
    expect(fitStorm(10_000, { soft: 512, hard: 512 })).toBe(0);
  });
});
