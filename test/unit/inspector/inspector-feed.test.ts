import { describe, expect, it } from 'vitest';
import { InspectorFeed, MAX_LINES_PER_INVOCATION, type InspectorEvent } from '../../../src/inspector/inspector-feed.js';

const requestId = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const invocation = (n: number) => ({
  routeKey: '$default',
  functionName: 'fn',
  connectionId: 'c=',
  finishedAt: n,
  durationMs: 1,
  ok: true,
  timedOut: false,
  awsRequestId: requestId(n),
  event: { n },
  result: { statusCode: 200 },
});

describe('InspectorFeed', () => {
  it('keeps the latest invocations up to its capacity, numbered in the order they finished', () => {
    const feed = new InspectorFeed(3);
    for (let n = 1; n <= 5; n += 1) feed.addInvocation(invocation(n));
    expect(feed.invocations.map((record) => record.seq)).toEqual([3, 4, 5]);
    expect(feed.find(2)).toBe(undefined);
    expect(feed.find(4)?.event).toEqual({ n: 4 });
  });

  it('files log lines under their request id, also those that arrive after the invocation finished, up to a bound', () => {
    const feed = new InspectorFeed();
    feed.addLogLine(`START RequestId: ${requestId(1)} Version: $LATEST`);
    feed.addLogLine('a line without a request id');
    const record = feed.addInvocation(invocation(1));
    feed.addLogLine(`REPORT RequestId: ${requestId(1)}\tDuration: 1.00 ms`);
    expect(record.logs).toEqual([`START RequestId: ${requestId(1)} Version: $LATEST`, `REPORT RequestId: ${requestId(1)}\tDuration: 1.00 ms`]);
    for (let i = 0; i < MAX_LINES_PER_INVOCATION + 10; i += 1) feed.addLogLine(`${requestId(2)} line ${i}`);
    expect(feed.addInvocation(invocation(2)).logs).toHaveLength(MAX_LINES_PER_INVOCATION);
  });

  it('tells its subscribers about every event until they unsubscribe', () => {
    const feed = new InspectorFeed();
    const seen: InspectorEvent[] = [];
    const unsubscribe = feed.subscribe((event) => seen.push(event));
    feed.publish({ type: 'connection-closed', connectionId: 'c=', code: 1001, reason: 'Going away' });
    feed.addInvocation(invocation(1));
    unsubscribe();
    feed.addInvocation(invocation(2));
    expect(seen.map((event) => event.type)).toEqual(['connection-closed', 'invocation']);
  });
});
