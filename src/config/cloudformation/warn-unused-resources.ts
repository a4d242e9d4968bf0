import type { TemplateReport } from './template-report.js';
import { FUNCTION_TYPES, LAYER_TYPES, type TemplateResource } from './template-resources.js';

/**
 * Resource types that change nothing about a local run: permissions, IAM, deployments, logging,
 * versions. Skipped without a word; any other type the loader does not use is named in one warning.
 */
const QUIET_TYPES = new Set([
  'AWS::Lambda::Permission', 'AWS::Lambda::Version', 'AWS::Lambda::Alias', 'AWS::Lambda::EventInvokeConfig',
  'AWS::ApiGatewayV2::Deployment', 'AWS::ApiGatewayV2::Model', 'AWS::ApiGatewayV2::ApiMapping', 'AWS::ApiGatewayV2::DomainName',
  'AWS::ApiGatewayV2::IntegrationResponse',
  'AWS::IAM::Role', 'AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::InstanceProfile',
  'AWS::Logs::LogGroup', 'AWS::Logs::SubscriptionFilter', 'AWS::CloudWatch::Alarm', 'AWS::CloudWatch::Dashboard',
  'AWS::ApiGateway::Account', 'AWS::CloudFormation::WaitConditionHandle', 'AWS::SSM::Parameter',
  // What `cdk synth` adds to every stack: usage metadata, and custom resources that act at deploy time.
  'AWS::CDK::Metadata', 'AWS::CloudFormation::CustomResource', 'AWS::Lambda::LayerVersionPermission',
]);

/** Custom resources (`Custom::*`) run their code while a stack deploys; a handler never reaches them. */
function isQuiet(type: string): boolean {
  return QUIET_TYPES.has(type) || type.startsWith('Custom::');
}

/** One warning for every resource type that could matter but is not emulated (S3 buckets, queues...). */
export function warnUnusedResources(resources: ReadonlyMap<string, TemplateResource>, used: ReadonlySet<string>, report: TemplateReport): void {
  const byType = new Map<string, string[]>();
  for (const resource of resources.values()) {
    // Functions and layers go with the routes that use them; unused ones change nothing locally.
    if (used.has(resource.logicalId) || isQuiet(resource.type) || FUNCTION_TYPES.has(resource.type) || LAYER_TYPES.has(resource.type)) continue;
    // Routes, integrations and stages of other APIs go with their API, which is named instead.
    if (resource.type.startsWith('AWS::ApiGatewayV2::') && resource.type !== 'AWS::ApiGatewayV2::Api') continue;
    byType.set(resource.type, [...(byType.get(resource.type) ?? []), resource.logicalId]);
  }
  if (byType.size === 0) return;
  const list = [...byType].map(([type, ids]) => `${ids.join(', ')} (${type})`).join('; ');
  report.warn('Resources', `not emulated, so handlers cannot reach them locally: ${list}`);
}
