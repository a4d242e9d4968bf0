import { afterEach, describe, expect, it } from 'vitest';
import { acquireInlineScope, runInInlineScope, runOutsideInlineScope } from '../../../src/lambda/inline-scope.js';

const releases: Array<() => void> = [];
afterEach(() => {
  for (const release of releases.splice(0)) release();
});

describe('inline scope', () => {
  it("gives code inside an environment that environment's process.env, and everyone else the real one", async () => {
    const realEnv = process.env;
    releases.push(acquireInlineScope());
    const envA: Record<string, string> = { TABLE_NAME: 'a' };
    const envB: Record<string, string> = { TABLE_NAME: 'b' };
    const readLater = () => new Promise<string | undefined>((resolve) => setTimeout(() => resolve(process.env.TABLE_NAME), 5));
    const [a, b] = await Promise.all([
      runInInlineScope({ env: envA, requestId: undefined, log: undefined }, readLater),
      runInInlineScope({ env: envB, requestId: undefined, log: undefined }, readLater),
    ]);
    expect([a, b]).toEqual(['a', 'b']);
    expect(process.env.TABLE_NAME).toBe(realEnv.TABLE_NAME);
    expect(process.env.PATH).toBe(realEnv.PATH);
  });

  it('writes, deletes and lists keys of the current environment only', () => {
    releases.push(acquireInlineScope());
    const env: Record<string, string> = { A: '1' };
    runInInlineScope({ env, requestId: undefined, log: undefined }, () => {
      process.env.B = 2 as unknown as string;
      delete process.env.A;
      expect(Object.keys(process.env)).toEqual(['B']);
      expect('B' in process.env).toBe(true);
      expect({ ...process.env }).toEqual({ B: '2' });
    });
    expect(env).toEqual({ B: '2' });
    expect(process.env.B).toBeUndefined();
  });

  it('writes console output inside an environment to its log, with the request id', () => {
    releases.push(acquireInlineScope());
    const lines: string[] = [];
    runInInlineScope({ env: {}, requestId: 'req-9', log: (line) => lines.push(line) }, () => {
      console.warn('careful %d', 3);
      runOutsideInlineScope(() => expect(process.env.PATH).toBeDefined());
    });
    expect(lines).toEqual([expect.stringMatching(/Z\treq-9\tWARN\tcareful 3$/)]);
  });

  it('restores process.env and console when the last user releases it', () => {
    const realEnv = process.env;
    const realLog = console.log;
    const first = acquireInlineScope();
    const second = acquireInlineScope();
    expect(process.env).not.toBe(realEnv);
    first();
    first();
    expect(process.env).not.toBe(realEnv);
    second();
    expect(process.env).toBe(realEnv);
    expect(console.log).toBe(realLog);
  });
});
