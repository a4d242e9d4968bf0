import { describe, expect, it } from 'vitest';
import { ReadWriteLock, type Release } from '../../../src/util/read-write-lock.js';

describe('ReadWriteLock', () => {
  /** Acquires and records the grant order; returns the release once granted. */
  function request(lock: ReadWriteLock, exclusive: boolean, name: string, granted: string[]) {
    let release: Release | undefined;
    lock.acquire(exclusive, (given) => {
      granted.push(name);
      release = given;
    });
    return () => release!();
  }

  it('grants a free lock in the same call, and shares it between readers', () => {
    const lock = new ReadWriteLock();
    const granted: string[] = [];
    request(lock, false, 'read 1', granted);
    request(lock, false, 'read 2', granted);
    expect(granted).toEqual(['read 1', 'read 2']);
  });

  it('gives a writer the lock alone, first come first served, and never starves it', () => {
    const lock = new ReadWriteLock();
    const granted: string[] = [];
    const read1 = request(lock, false, 'read 1', granted);
    const write1 = request(lock, true, 'write 1', granted);
    const read2 = request(lock, false, 'read 2', granted);
    const read3 = request(lock, false, 'read 3', granted);
    const write2 = request(lock, true, 'write 2', granted);
    expect(granted).toEqual(['read 1']);
    read1();
    expect(granted).toEqual(['read 1', 'write 1']);
    write1();
    expect(granted).toEqual(['read 1', 'write 1', 'read 2', 'read 3']);
    read2();
    read2(); // a second release is harmless
    expect(granted).toEqual(['read 1', 'write 1', 'read 2', 'read 3']);
    read3();
    expect(granted).toEqual(['read 1', 'write 1', 'read 2', 'read 3', 'write 2']);
    write2();
    request(lock, true, 'write 3', granted);
    expect(granted.at(-1)).toBe('write 3');
  });

  it('runs tasks holding the lock and releases it when they settle, also on failure', async () => {
    const lock = new ReadWriteLock();
    const order: string[] = [];
    const failing = lock.run(true, async () => {
      order.push('first starts');
      await Promise.resolve();
      order.push('first ends');
      throw new Error('boom');
    });
    const second = lock.run(true, async () => {
      order.push('second runs');
      return 2;
    });
    await expect(failing).rejects.toThrow(new Error('boom'));
    await expect(second).resolves.toBe(2);
    expect(order).toEqual(['first starts', 'first ends', 'second runs']);
  });
});
