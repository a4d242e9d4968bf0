import { describe, expect, it } from 'vitest';
import { EnvironmentBudget } from '../../../src/lambda/environment-budget.js';

const evictable = (name: string, evicted: string[]) => ({ evict: () => evicted.push(name) });

describe('EnvironmentBudget', () => {
  it('hands out slots up to the cap', () => {
    const budget = new EnvironmentBudget(2);
    expect([budget.tryTake(), budget.tryTake(), budget.tryTake()]).toEqual([true, true, false]);
    expect(budget.live).toBe(2);
    budget.release();
    expect(budget.live).toBe(1);
  });

  it('evicts the least recently idle environment to make room', () => {
    const evicted: string[] = [];
    const budget = new EnvironmentBudget(2);
    budget.tryTake();
    budget.tryTake();
    const a = evictable('a', evicted);
    const b = evictable('b', evicted);
    budget.markIdle(a);
    budget.markIdle(b);
    budget.forget(a);
    budget.markIdle(a); // used again, so b is now the oldest idle one
    expect(budget.tryTake()).toBe(true);
    expect(evicted).toEqual(['b']);
    expect(budget.live).toBe(2);
  });

  it('gives a released slot, or a newly idle environment, to a waiting pool', () => {
    const evicted: string[] = [];
    const granted: string[] = [];
    const budget = new EnvironmentBudget(1);
    budget.tryTake();
    budget.wait({ grant: () => granted.push('first') });
    budget.wait({ grant: () => granted.push('second') });
    budget.release();
    expect(granted).toEqual(['first']);
    budget.markIdle(evictable('idle', evicted));
    expect(granted).toEqual(['first', 'second']);
    expect(evicted).toEqual(['idle']);
    expect(budget.live).toBe(1);
  });

  it('forgets a cancelled waiter', () => {
    const granted: string[] = [];
    const budget = new EnvironmentBudget(1);
    budget.tryTake();
    const waiter = { grant: () => granted.push('w') };
    budget.wait(waiter);
    budget.cancelWait(waiter);
    budget.release();
    expect(granted).toEqual([]);
    expect(budget.live).toBe(0);
  });
});
