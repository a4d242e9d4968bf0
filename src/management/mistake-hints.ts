/**
 * Hints for the `@connections` mistakes people make deploying a WebSocket app on AWS: posting from
 * `$connect` and adding `/@connections` to the endpoint (docs/aws-behaviour.md#common-mistakes). The answer
 * stays AWS's; the hint is one log line saying what to change.
 */
export interface ManagementCallFacts {
  readonly method: string;
  /** Raw request path, as sent. */
  readonly path: string;
  readonly status: number;
  /** True while the connection's `$connect` is still running. */
  readonly isConnecting: (connectionId: string) => boolean;
}

export function findManagementHint(call: ManagementCallFacts): string | undefined {
  const path = call.path.split('?')[0] ?? '';
  if (call.status === 404 && /\/(?:@|%40)connections\/(?:@|%40)connections(?:\/|$)/i.test(path)) {
    return 'the SDK appends /@connections/{id} itself: give it the endpoint https://{domainName}/{stage} without /@connections';
  }
  if (call.status === 410) {
    const last = path.slice(path.lastIndexOf('/') + 1);
    let connectionId: string;
    try {
      connectionId = decodeURIComponent(last);
    } catch {
      return undefined;
    }
    if (call.isConnecting(connectionId)) {
      return `${call.method} @connections/${connectionId} during its own $connect: the connection exists only after $connect returns 2xx, so AWS answers 410 GoneException too (send the first message after the client connects, or from another function)`;
    }
  }
  return undefined;
}
