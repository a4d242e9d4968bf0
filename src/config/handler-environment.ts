import type { ResolvedOptions } from './resolve-options.js';

/**
 * What every handler's environment gets from the emulator: fake credentials (the SDK signs every
 * request; the host's own credentials are never passed to handler code, and Lambda gives each
 * function its role's credentials the same way, through these variables), no EC2 metadata
 * probing, and the local `@connections` endpoint for SDK clients created without one. The user's
 * `environment` wins, so real credentials can still be given on purpose.
 */
export function buildHandlerEnvironment(options: ResolvedOptions, managementEndpoint: string): Record<string, string> {
  // Keys given on purpose must not be paired with our fake session token.
  const fakeCredentials: Record<string, string> = options.environment.AWS_ACCESS_KEY_ID
    ? {}
    : { AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', AWS_SESSION_TOKEN: 'apigw-ws-local' };
  return {
    ...fakeCredentials,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI: managementEndpoint,
    ...options.environment,
  };
}
