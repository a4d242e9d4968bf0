import type { TemplateReport } from './template-report.js';
import type { TemplateResource } from './template-resources.js';

/** The WebSocket API that runs: the one the template has, or the one `--api` names among several. */
export function selectWebSocketApi(apis: readonly TemplateResource[], wanted: string | undefined, report: TemplateReport): TemplateResource | undefined {
  if (wanted !== undefined) {
    const found = apis.find((api) => api.logicalId === wanted);
    if (!found) report.problem(`--api ${wanted}`, `no WebSocket API (AWS::ApiGatewayV2::Api with ProtocolType WEBSOCKET) has that logical id; the template has: ${apis.map((api) => api.logicalId).join(', ') || 'none'}`);
    return found;
  }
  if (apis.length === 0) {
    report.problem('Resources', 'no WebSocket API: the template has no AWS::ApiGatewayV2::Api with ProtocolType: WEBSOCKET');
    return undefined;
  }
  if (apis.length > 1) {
    report.problem('Resources', `${apis.length} WebSocket APIs (${apis.map((api) => api.logicalId).join(', ')}): choose one with --api LOGICAL_ID (or "api" in apigw-ws.config.json)`);
    return undefined;
  }
  return apis[0];
}
