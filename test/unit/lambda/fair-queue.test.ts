import { describe, expect, it } from 'vitest';
import { FairQueue } from '../../../src/lambda/fair-queue.js';

describe('FairQueue', () => {
  it('takes one item from each lane in turn, oldest first within a lane', () => {
    const queue = new FairQueue<string>();
    for (const item of ['a1', 'a2', 'a3']) queue.push('A', item);
    queue.push('B', 'b1');
    queue.push('C', 'c1');
    queue.push('B', 'b2');
    expect(queue.size).toBe(6);
    expect(queue.drain()).toEqual(['a1', 'b1', 'c1', 'a2', 'b2', 'a3']);
    expect(queue.size).toBe(0);
    expect(queue.shift()).toBeUndefined();
  });

  it('removes an item that gave up and forgets a lane left empty', () => {
    const queue = new FairQueue<string>();
    queue.push('A', 'a1');
    queue.push('B', 'b1');
    queue.push('A', 'a2');
    expect(queue.remove('B', 'b1')).toBe(true);
    expect(queue.remove('B', 'b1')).toBe(false);
    expect(queue.remove('C', 'c1')).toBe(false);
    expect(queue.drain()).toEqual(['a1', 'a2']);
  });

  it('keeps a long lane in order across compaction', () => {
    const queue = new FairQueue<number>();
    for (let n = 0; n < 3000; n++) queue.push('A', n);
    const served: number[] = [];
    for (let n = 0; n < 2500; n++) served.push(queue.shift() as number);
    queue.push('A', 3000);
    served.push(...queue.drain());
    expect(served).toEqual(Array.from({ length: 3001 }, (_, n) => n));
  });
});
