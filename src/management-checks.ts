import type { FaultInjector } from './faults.js';
import { buildWireError } from './management/errors.js';
import type { ManagementApi } from './management/management-api.js';
import { verifySignature, type SigningCredentials } from './util/sigv4-verify.js';

/**
 * The management API behind the checks API Gateway makes first: the SigV4 signature (when asked
 * for), then throttling (when a test injects it).
 */
export function withManagementChecks(api: ManagementApi, faults: FaultInjector, verifyWith: SigningCredentials | undefined): ManagementApi {
  return {
    maxPayloadBytes: api.maxPayloadBytes,
    matches: (path) => api.matches(path),
    handle: (request) => {
      const problem = verifyWith && verifySignature({ ...request, headers: request.headers ?? {} }, verifyWith);
      if (problem) return buildWireError('ForbiddenException', problem, crypto.randomUUID());
      if (faults.isThrottled()) return buildWireError('LimitExceededException', 'Too Many Requests', crypto.randomUUID());
      return api.handle(request);
    },
  };
}
