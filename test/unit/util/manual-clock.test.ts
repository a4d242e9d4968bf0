import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../../src/util/manual-clock.js';

describe('createManualClock', () => {
  it('runs due timers in order, including ones set by a running timer within the window', async () => {
    const clock = createManualClock(1000);
    const ran: string[] = [];
    clock.setTimeout(() => ran.push(`b@${clock.now()}`), 20);
    clock.setTimeout(() => {
      ran.push(`a@${clock.now()}`);
      clock.setTimeout(() => ran.push(`c@${clock.now()}`), 5);
    }, 10);
    const cancelled = clock.setTimeout(() => ran.push('never'), 15);
    cancelled.cancel();
    expect(clock.pendingTimers).toBe(2);
    await clock.advance(19);
    expect(ran).toEqual(['a@1010', 'c@1015']);
    expect(clock.now()).toBe(1019);
    await clock.advance(1);
    expect(ran).toEqual(['a@1010', 'c@1015', 'b@1020']);
    expect(clock.pendingTimers).toBe(0);
  });
});
