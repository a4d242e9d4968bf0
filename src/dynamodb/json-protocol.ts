import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { crc32 } from 'node:zlib';

/** Service prefix of client errors in DynamoDB's JSON protocol (AWS JSON 1.0). */
export const VALIDATION_ERROR = 'com.amazon.coral.validate#ValidationException';
export const UNKNOWN_OPERATION_ERROR = 'com.amazon.coral.service#UnknownOperationException';

/** The operation a request names in `X-Amz-Target` (`DynamoDB_20120810.PutItem` → `PutItem`), or ''. */
export function readOperation(request: IncomingMessage): string {
  const target = request.headers['x-amz-target'];
  if (typeof target !== 'string') return '';
  const dot = target.indexOf('.');
  return dot === -1 ? '' : target.slice(dot + 1);
}

/** Reads a request body whole. */
export function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/**
 * Answers as DynamoDB does: JSON 1.0 body, a request id, and `x-amz-crc32` of the body (which
 * SDKs may verify).
 */
export function sendJson(response: ServerResponse, statusCode: number, body: object): void {
  const text = JSON.stringify(body);
  response.writeHead(statusCode, {
    'content-type': 'application/x-amz-json-1.0',
    'content-length': Buffer.byteLength(text),
    'x-amz-crc32': String(crc32(text)),
    'x-amzn-requestid': randomBytes(39).toString('base64').toUpperCase().replace(/[+/]/g, '0'),
  });
  response.end(text);
}

/** A client error (HTTP 400) with DynamoDB's `{ __type, message }` body. */
export function sendError(response: ServerResponse, type: string, message: string, statusCode = 400): void {
  sendJson(response, statusCode, { __type: type, message });
}

/** An answer computed by the emulator (not dynalite): HTTP status and JSON body. */
export interface DynamoDbAnswer {
  readonly statusCode: number;
  readonly body: Record<string, unknown>;
}

/** A client error (HTTP 400) as an answer, with DynamoDB's `{ __type, message }` body. */
export function errorAnswer(type: string, message: string, statusCode = 400): DynamoDbAnswer {
  return { statusCode, body: { __type: type, message } };
}
