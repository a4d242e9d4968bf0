import { Agent, request } from 'node:http';
import { DynamoDbServiceError, type DynamoDbCaller } from './dynamodb-caller.js';

const TARGET_PREFIX = 'DynamoDB_20120810.';

/**
 * A DynamoDB caller speaking the JSON protocol over plain HTTP, for the embedded dynalite only:
 * dynalite checks that an `Authorization` header of the SigV4 shape is present, never the
 * signature, so the request is not signed and the AWS SDK (about 20 MiB of RSS) is not loaded.
 * `extraHeaders` go on every request (the interceptor's internal marker).
 */
export function createLocalCaller(endpoint: string, region: string, extraHeaders: Readonly<Record<string, string>> = {}, maxSockets = 4): DynamoDbCaller {
  const url = new URL(endpoint);
  const agent = new Agent({ keepAlive: true, maxSockets });
  return {
    call<T>(operation: string, input: object) {
      const body = JSON.stringify(input);
      const amzDate = new Date().toISOString().replace(/[-:]|\.\d{3}/g, '');
      const headers = {
        'content-type': 'application/x-amz-json-1.0',
        'content-length': Buffer.byteLength(body),
        'x-amz-target': TARGET_PREFIX + operation,
        'x-amz-date': amzDate,
        authorization: `AWS4-HMAC-SHA256 Credential=AKIDLOCAL/${amzDate.slice(0, 8)}/${region}/dynamodb/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=unsigned`,
        'user-agent': 'apigw-ws-local',
        ...extraHeaders,
      };
      return new Promise<T>((resolve, reject) => {
        const outgoing = request({ hostname: url.hostname, port: url.port, path: '/', method: 'POST', agent, headers }, (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: Record<string, unknown>;
            try {
              parsed = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
            } catch {
              reject(new DynamoDbServiceError('SerializationException', `${operation}: unreadable response (HTTP ${response.statusCode}): ${text.slice(0, 200)}`, response.statusCode ?? 0));
              return;
            }
            if (response.statusCode === 200) resolve(parsed as T);
            else
              reject(
                new DynamoDbServiceError(String(parsed.__type ?? 'UnknownError'), String(parsed.message ?? parsed.Message ?? ''), response.statusCode ?? 0),
              );
          });
        });
        outgoing.on('error', reject);
        outgoing.end(body);
      });
    },
    close: () => agent.destroy(),
  };
}
