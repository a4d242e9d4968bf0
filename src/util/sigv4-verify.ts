/**
 * Checks an AWS Signature Version 4 on a request, for `--verify-signatures`: the real SDK signs
 * every `@connections` request for the service `execute-api`, so correct code passes and a request
 * signed with other credentials (or not at all) gets API Gateway's 403.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export interface SigningCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export interface SignedRequest {
  readonly method: string;
  /** Raw request target as sent (percent-encoded path, optional query). */
  readonly path: string;
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  readonly body: Buffer;
}

/** API Gateway's messages for the three ways a signature check fails (403 ForbiddenException). */
export const SIGNATURE_MESSAGES = {
  missing: 'Missing Authentication Token',
  unknownKey: 'The security token included in the request is invalid.',
  mismatch:
    'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
} as const;

const AUTHORIZATION = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/;

/** Undefined when the signature is valid for `credentials`, else the message to answer with. */
export function verifySignature(request: SignedRequest, credentials: SigningCredentials): string | undefined {
  const headers = lowerCaseHeaders(request.headers);
  const match = AUTHORIZATION.exec(headers.authorization ?? '');
  if (!match) return SIGNATURE_MESSAGES.missing;
  const [, accessKeyId, date, region, service, signedHeaderList, signature] = match as unknown as string[];
  if (accessKeyId !== credentials.accessKeyId) return SIGNATURE_MESSAGES.unknownKey;
  const amzDate = headers['x-amz-date'] ?? '';
  const signedHeaders = (signedHeaderList as string).split(';');
  const canonicalRequest = [
    request.method.toUpperCase(),
    buildCanonicalPath(request.path),
    buildCanonicalQuery(request.path),
    signedHeaders.map((name) => `${name}:${(headers[name] ?? '').trim().replace(/\s+/g, ' ')}\n`).join(''),
    signedHeaderList,
    headers['x-amz-content-sha256'] ?? sha256Hex(request.body),
  ].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  let key: Buffer = hmac(`AWS4${credentials.secretAccessKey}`, date as string);
  for (const part of [region as string, service as string, 'aws4_request']) key = hmac(key, part);
  const expected = Buffer.from(hmac(key, stringToSign).toString('hex'));
  const given = Buffer.from(signature as string);
  return expected.length === given.length && timingSafeEqual(expected, given) ? undefined : SIGNATURE_MESSAGES.mismatch;
}

/** SigV4 for services other than S3 encodes each path segment once more (the SDK's uriEscapePath). */
function buildCanonicalPath(target: string): string {
  const path = target.split('?')[0] ?? '/';
  return path
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');
}

function buildCanonicalQuery(target: string): string {
  const at = target.indexOf('?');
  if (at === -1) return '';
  return [...new URLSearchParams(target.slice(at + 1))]
    .map(([key, value]) => [encodeRfc3986(key), encodeRfc3986(value)] as const)
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
}

function encodeRfc3986(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function lowerCaseHeaders(headers: SignedRequest['headers']): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) result[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : (value as string);
  }
  return result;
}

function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}
