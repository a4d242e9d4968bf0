import { createHash } from 'node:crypto';
import { isRecord } from '../../util/is-record.js';
import { resolveIntrinsics, UnresolvableError, type IntrinsicScope } from './intrinsics.js';
import type { TemplateReport } from './template-report.js';
import type { TemplateFacts } from './template-facts.js';

/** A resource as written in the template (properties not yet evaluated). */
export interface TemplateResource {
  readonly logicalId: string;
  readonly type: string;
  readonly properties: Readonly<Record<string, unknown>>;
  /** The resource's `Condition`: it exists only when that condition is true. */
  readonly condition?: string;
  /** The resource's `Metadata` (SAM's `BuildMethod`, CDK's `aws:asset:path`), not evaluated. */
  readonly metadata?: Readonly<Record<string, unknown>>;
}

export const FUNCTION_TYPES: ReadonlySet<string> = new Set(['AWS::Serverless::Function', 'AWS::Lambda::Function']);
export const TABLE_TYPES: ReadonlySet<string> = new Set(['AWS::DynamoDB::Table', 'AWS::Serverless::SimpleTable']);
export const LAYER_TYPES: ReadonlySet<string> = new Set(['AWS::Serverless::LayerVersion', 'AWS::Lambda::LayerVersion']);

/**
 * The local folder a CDK asset came from: `cdk synth` leaves the bundled code in the cloud
 * assembly and names it in the resource's Metadata (`aws:asset:path`, relative to the template's
 * folder, for the property `aws:asset:property`), which is how SAM CLI runs CDK apps locally:
 * https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/using-cdk-getting-started.html
 */
export function findAssetPath(resource: TemplateResource, property: string): string | undefined {
  const metadata = resource.metadata ?? {};
  const assetPath = metadata['aws:asset:path'];
  return typeof assetPath === 'string' && metadata['aws:asset:property'] === property ? assetPath : undefined;
}

/** A property evaluated to a string, or undefined when absent or not knowable. */
function optionalString(resource: TemplateResource, property: string, scope: IntrinsicScope): string | undefined {
  const value = resource.properties[property];
  if (value === undefined) return undefined;
  try {
    const resolved = resolveIntrinsics(value, scope);
    return typeof resolved === 'string' || typeof resolved === 'number' ? String(resolved) : undefined;
  } catch (error) {
    if (error instanceof UnresolvableError) return undefined;
    throw error;
  }
}

/** A name CloudFormation would generate: `{stack}-{logicalId}` (AWS adds a random suffix; a stable name is kinder to a local run). */
function generatedName(facts: TemplateFacts, logicalId: string): string {
  return `${facts.stackName}-${logicalId}`;
}

/** A stable made-up API id (10 characters a-z0-9) for an API that does not run here. */
function otherApiId(logicalId: string): string {
  return BigInt(`0x${createHash('sha256').update(logicalId).digest('hex').slice(0, 16)}`).toString(36).padStart(10, '0').slice(0, 10);
}

/** What `Ref` returns for a resource, by type (each type's "Return values" section). */
export function buildPhysicalId(resource: TemplateResource, scope: IntrinsicScope, facts: TemplateFacts): string {
  const named = (property: string) => optionalString(resource, property, scope);
  switch (resource.type) {
    case 'AWS::Serverless::Function':
    case 'AWS::Lambda::Function': {
      const name = named('FunctionName');
      return name !== undefined && /^[A-Za-z0-9_-]{1,64}$/.test(name) ? name : resource.logicalId;
    }
    case 'AWS::DynamoDB::Table':
    case 'AWS::Serverless::SimpleTable':
      return named('TableName') ?? generatedName(facts, resource.logicalId);
    case 'AWS::ApiGatewayV2::Api':
      return resource.logicalId === facts.apiLogicalId ? facts.apiId : otherApiId(resource.logicalId);
    case 'AWS::ApiGatewayV2::Stage': {
      const apiId = optionalString(resource, 'ApiId', scope);
      if (apiId === facts.apiId && facts.stageOverride !== undefined) return facts.stageOverride;
      return named('StageName') ?? resource.logicalId;
    }
    case 'AWS::Lambda::Alias': {
      // Ref of an alias is its ARN: the function's ARN and the alias name.
      const functionName = named('FunctionName') ?? resource.logicalId;
      const arn = functionName.startsWith('arn:') ? functionName : `arn:aws:lambda:${facts.region}:${facts.accountId}:function:${functionName}`;
      return `${arn}:${named('Name') ?? 'live'}`;
    }
    case 'AWS::IAM::Role':
      return named('RoleName') ?? generatedName(facts, resource.logicalId);
    case 'AWS::Serverless::LayerVersion':
    case 'AWS::Lambda::LayerVersion':
      // Ref of a layer version is its ARN, version included; a local run has one version.
      return `arn:aws:lambda:${facts.region}:${facts.accountId}:layer:${named('LayerName') ?? generatedName(facts, resource.logicalId)}:1`;
    case 'AWS::SQS::Queue':
      return `https://sqs.${facts.region}.amazonaws.com/${facts.accountId}/${named('QueueName') ?? generatedName(facts, resource.logicalId)}`;
    case 'AWS::SNS::Topic':
      return `arn:aws:sns:${facts.region}:${facts.accountId}:${named('TopicName') ?? generatedName(facts, resource.logicalId)}`;
    case 'AWS::S3::Bucket':
      return named('BucketName') ?? generatedName(facts, resource.logicalId).toLowerCase();
    default:
      // Integrations, routes, authorizers, deployments: their ids only ever flow back into this
      // template (`integrations/${Integ}`), so the logical id serves and keeps the wiring readable.
      return resource.logicalId;
  }
}

/** What `Fn::GetAtt` returns, for the attributes a WebSocket app's template uses; undefined for others. */
export function buildAttribute(resource: TemplateResource, physicalId: string, attribute: string, facts: TemplateFacts): string | undefined {
  const { region, accountId } = facts;
  switch (resource.type) {
    case 'AWS::Serverless::Function':
    case 'AWS::Lambda::Function':
      return attribute === 'Arn' ? `arn:aws:lambda:${region}:${accountId}:function:${physicalId}` : undefined;
    case 'AWS::DynamoDB::Table':
    case 'AWS::Serverless::SimpleTable': {
      const arn = `arn:aws:dynamodb:${region}:${accountId}:table/${physicalId}`;
      if (attribute === 'Arn') return arn;
      return attribute === 'StreamArn' ? `${arn}/stream/1970-01-01T00:00:00.000` : undefined;
    }
    case 'AWS::ApiGatewayV2::Api':
      if (attribute === 'ApiId') return physicalId;
      if (attribute === 'ApiEndpoint') {
        const scheme = resource.properties.ProtocolType === 'WEBSOCKET' ? 'wss' : 'https';
        return `${scheme}://${physicalId}.execute-api.${region}.amazonaws.com`;
      }
      return undefined;
    case 'AWS::IAM::Role':
      if (attribute === 'Arn') return `arn:aws:iam::${accountId}:role/${physicalId}`;
      return attribute === 'RoleId' ? `AROA${physicalId.toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 17)}` : undefined;
    case 'AWS::SQS::Queue': {
      const name = physicalId.slice(physicalId.lastIndexOf('/') + 1);
      if (attribute === 'Arn') return `arn:aws:sqs:${region}:${accountId}:${name}`;
      if (attribute === 'QueueName') return name;
      return attribute === 'QueueUrl' ? physicalId : undefined;
    }
    case 'AWS::SNS::Topic':
      if (attribute === 'TopicArn') return physicalId;
      return attribute === 'TopicName' ? physicalId.slice(physicalId.lastIndexOf(':') + 1) : undefined;
    case 'AWS::S3::Bucket':
      if (attribute === 'Arn') return `arn:aws:s3:::${physicalId}`;
      if (attribute === 'DomainName') return `${physicalId}.s3.amazonaws.com`;
      if (attribute === 'RegionalDomainName') return `${physicalId}.s3.${region}.amazonaws.com`;
      return attribute === 'WebsiteURL' ? `http://${physicalId}.s3-website-${region}.amazonaws.com` : undefined;
    default:
      return undefined;
  }
}

/** The template's Resources, with the resources SAM generates that templates refer to. */
export function readResources(section: Record<string, unknown>, report: TemplateReport): Map<string, TemplateResource> {
  const resources = new Map<string, TemplateResource>();
  for (const [logicalId, resource] of Object.entries(section)) {
    if (!isRecord(resource) || typeof resource.Type !== 'string') {
      report.problem(logicalId, 'a resource needs a Type');
      continue;
    }
    const condition = typeof resource.Condition === 'string' ? { condition: resource.Condition } : {};
    const metadata = isRecord(resource.Metadata) ? { metadata: resource.Metadata } : {};
    resources.set(logicalId, {
      logicalId,
      type: resource.Type,
      properties: isRecord(resource.Properties) ? resource.Properties : {},
      ...condition,
      ...metadata,
    });
    // SAM makes a role for each function that has none; templates refer to it as `${Function}Role`.
    if (resource.Type === 'AWS::Serverless::Function' && !(isRecord(resource.Properties) && resource.Properties.Role !== undefined)) {
      resources.set(`${logicalId}Role`, { logicalId: `${logicalId}Role`, type: 'AWS::IAM::Role', properties: {}, ...condition });
    }
    // AutoPublishAlias: SAM makes `${Function}Alias${Name}`, which `!Ref Function.Alias` also names.
    const alias = isRecord(resource.Properties) ? resource.Properties.AutoPublishAlias : undefined;
    if (resource.Type === 'AWS::Serverless::Function' && typeof alias === 'string') {
      const aliasResource = {
        logicalId: `${logicalId}Alias${alias}`,
        type: 'AWS::Lambda::Alias',
        properties: { FunctionName: { Ref: logicalId }, Name: alias },
        ...condition,
      };
      resources.set(aliasResource.logicalId, aliasResource);
      resources.set(`${logicalId}.Alias`, aliasResource);
    }
  }
  return resources;
}
