import type { InvocationOutcome } from '../lambda/types.js';

/**
 * What a two-way route sends back to the client (docs/aws-behaviour.md#route-responses): the Lambda proxy
 * result's `body` as one frame; its `statusCode` is ignored (a 500 with a body still delivers the body). No
 * body, nothing sent. `isBase64Encoded: true` is decoded and sent as a binary frame (not documented by AWS,
 * assumed: docs/aws-behaviour.md#route-responses).
 */
export function buildRouteResponse(outcome: InvocationOutcome): { data: string | Buffer; binary: boolean } | undefined {
  if (!outcome.ok) return undefined;
  const result = outcome.result as { body?: unknown; isBase64Encoded?: unknown } | null | undefined;
  if (typeof result !== 'object' || result === null || typeof result.body !== 'string') return undefined;
  if (result.isBase64Encoded === true) return { data: Buffer.from(result.body, 'base64'), binary: true };
  return { data: result.body, binary: false };
}
