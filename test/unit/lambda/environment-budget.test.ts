import { describe, expect, it } from 'vitest';
import { EnvironmentBudget } from '../../../src/lambda/environment-budget.js';

const evictable = (name: string, evicted: string[], spare = false) => ({ evict: () => evicted.push(name), isSpare: () => spare });

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

  it('evicts a spare environment (its function keeps another) before a function\'s last one', () => {
    const evicted: string[] = [];
    const budget = new EnvironmentBudget(3);
    budget.tryTake();
    budget.tryTake();
    budget.tryTake();
    budget.markIdle(evictable('last of f', evicted));
    budget.markIdle(evictable('spare of g', evicted, true));
    budget.markIdle(evictable('last of h', evicted));
    expect(budget.tryTake()).toBe(true);
    expect(evicted).toEqual(['spare of g']);
    // No spare left: the least recently used goes.
    expect(budget.tryTake()).toBe(true);
    expect(evicted).toEqual(['spare of g', 'last of f']);
  });

  it('makes room for a waiting pool with a spare idle environment rather than the one just idle', () => {
    const evicted: string[] = [];
    const granted: string[] = [];
    const budget = new EnvironmentBudget(2);
    budget.tryTake();
    budget.tryTake();
    budget.markIdle(evictable('spare', evicted, true));
    budget.wait({ grant: () => granted.push('waiting pool') });
    budget.markIdle(evictable('last of its function', evicted));
    expect(evicted).toEqual(['spare']);
    expect(granted).toEqual(['waiting pool']);
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
