import type { ServerResponse } from 'node:http';
import { parseStagePath } from './stage-path.js';

/**
 * Plain HTTP on the WebSocket URL answers 426 Upgrade Required (docs/aws-behaviour.md#handshake); any other
 * path is not part of the API: 403 `{"message":"Forbidden"}` as API Gateway answers unknown paths (not
 * documented by AWS, assumed from REST APIs: docs/aws-behaviour.md#handshake).
 */
/** True for the WebSocket URL's own path (`/{stage}`, `/{stage}/`, with or without a query). */
export function isStagePath(target: string, stage: string): boolean {
  return parseStagePath(target)?.stage === stage;
}

export function answerPlainRequest(target: string, stage: string, res: ServerResponse): void {
  const stagePath = parseStagePath(target);
  const [status, body] = stagePath?.stage === stage ? [426, '{"message":"Upgrade Required"}'] : [403, '{"message":"Forbidden"}'];
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), ...(status === 426 ? { Upgrade: 'websocket' } : {}) });
  res.end(body);
}
