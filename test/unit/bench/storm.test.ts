import { describe, expect, it } from 'vitest';
// @ts-expect-error: the bench is plain JavaScript (run by node as it is), without types
import { createDisconnectCounter } from '../../../bench/lib/storm.mjs';

describe('createDisconnectCounter', () => {
  it('counts each $disconnect once: a plain REPORT as ok, the error line as failed', () => {
    const counter = createDisconnectCounter();
    const lines = [
      '[handlers-disconnect-handler] START RequestId: 11111111-1111-4111-8111-111111111111 Version: $LATEST',
      '[handlers-disconnect-handler] REPORT RequestId: 11111111-1111-4111-8111-111111111111\tDuration: 3.10 ms\tBilled Duration: 4 ms\tMemory Size: 128 MB\tMax Memory Used: 16 MB',
      // thrown: a REPORT with a Status, and the error line
      '[handlers-disconnect-handler] REPORT RequestId: 22222222-2222-4222-8222-222222222222\tDuration: 1.00 ms\tBilled Duration: 1 ms\tMemory Size: 128 MB\tMax Memory Used: 0 MB\tStatus: error\tError Type: Error',
      '[error] route $disconnect failed for connection AaI8jfAPAACCH1Q=: Error: boom',
      // never started (its deadline passed in the queue): the error line alone
      '[error] route $disconnect failed for connection AaI8jfAPAAECD_Y=: Sandbox.Timedout: RequestId: 33333333-3333-4333-8333-333333333333 Error: Task timed out after 10.00 seconds',
      // other functions and lines do not count
      '[handlers-connect-handler] REPORT RequestId: 44444444-4444-4444-8444-444444444444\tDuration: 2.00 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 16 MB',
      '[error] route sendAll failed for connection AaI8jfAPAAECD_Z=: Error: boom',
      '[info] DISCONNECT AaI8jfAPAAECD_Y= 1000 "bench done"',
    ];
    for (const line of lines) counter.onLine(line);
    expect(counter.counts).toEqual({ ok: 1, failed: 2 });
  });
});
