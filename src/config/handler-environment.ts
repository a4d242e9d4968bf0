import type { DynamoDbHandle } from '../dynamodb/index.js';
import type { ResolvedOptions } from './resolve-options.js';

/**
 * What every handler's environment gets from the emulator: fake credentials (the SDK signs every
 * request; the host's own credentials are never passed to handler code, and Lambda gives each
 * function its role's credentials the same way, through these variables), no EC2 metadata
 * probing, and the local `@connections` endpoint for SDK clients created without one. The user's
 * `environment` wins, so real credentials can still be given on purpose.
 */
export function buildHandlerEnvironment(options: ResolvedOptions, managementEndpoint: string, dynamodbEndpoint?: string): Record<string, string> {
  // Keys given on purpose must not be paired with our fake session token.
  const credentials = buildFakeCredentials(options);
  const fakeCredentials: Record<string, string> = credentials
    ? { AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey, AWS_SESSION_TOKEN: credentials.sessionToken }
    : {};
  return {
    ...fakeCredentials,
    ...(dynamodbEndpoint === undefined ? {} : { AWS_ENDPOINT_URL_DYNAMODB: dynamodbEndpoint }),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI: managementEndpoint,
    ...options.environment,
  };
}

/** The fake credentials handlers get, or undefined when the user gave real ones in `environment`. */
export function buildFakeCredentials(options: Pick<ResolvedOptions, 'environment' | 'credentials'>) {
  if (options.environment.AWS_ACCESS_KEY_ID) return undefined;
  return { ...(options.credentials ?? DEFAULT_CREDENTIALS), sessionToken: 'apigw-ws-local' };
}

/** The fake credentials handlers get by default (AWS's documentation example keys). */
export const DEFAULT_CREDENTIALS = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' } as const;

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * The embedded DynamoDB's authorities (its endpoint, and AWS's for an SDK that ignores the
 * endpoint variable), which the SDK we provide to Lambda workers reaches over a port.
 */
export function buildDynamoDbPorts(region: string, dynamodb: DynamoDbHandle | undefined) {
  if (dynamodb?.connectInProcess === undefined) return [];
  return [{ authorities: [new URL(dynamodb.endpoint).host, `dynamodb.${region}.amazonaws.com:443`], connect: dynamodb.connectInProcess }];
}

/**
 * `dynamodb.{region}.amazonaws.com:443` to a local DynamoDB, for SDK copies that ignore
 * `AWS_ENDPOINT_URL_DYNAMODB` (older v3, v2). Only a plain-HTTP loopback endpoint is a redirect
 * target; a remote or TLS endpoint is left to the SDK.
 */
export function buildDynamoDbRedirect(region: string, endpoint: string | undefined): Array<readonly [string, { host: string; port: number }]> {
  if (endpoint === undefined) return [];
  const url = new URL(endpoint);
  if (url.protocol !== 'http:' || !LOOPBACK_HOSTS.has(url.hostname)) return [];
  const host = url.hostname === '[::1]' ? '::1' : url.hostname;
  return [[`dynamodb.${region}.amazonaws.com:443`, { host, port: Number(url.port || 80) }]];
}
