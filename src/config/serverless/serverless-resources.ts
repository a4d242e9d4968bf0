import type { TableOptions } from '../../dynamodb/index.js';
import type { IntrinsicScope } from '../cloudformation/intrinsics.js';
import type { TemplateReport } from '../cloudformation/template-report.js';
import { FUNCTION_TYPES, TABLE_TYPES, type TemplateResource } from '../cloudformation/template-resources.js';
import { createTemplateScope, type TemplateFacts } from '../cloudformation/template-scope.js';
import { buildTemplateTable } from '../cloudformation/template-tables.js';
import { buildFunctionLogicalId, WEBSOCKETS_API_LOGICAL_ID, WEBSOCKETS_STAGE_LOGICAL_ID } from './serverless-naming.js';
import { formatPath, type ConfigPath, type VariableResolver } from './serverless-variables.js';
import { VariableError } from './variable-error.js';
import { isRecord } from '../../util/is-record.js';

/** Types that change nothing about a local run; any other type not emulated is named in one warning. */
const QUIET_TYPES: ReadonlySet<string> = new Set([
  'AWS::IAM::Role', 'AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::Lambda::Permission', 'AWS::Lambda::Version',
  'AWS::Logs::LogGroup', 'AWS::Logs::SubscriptionFilter', 'AWS::CloudWatch::Alarm', 'AWS::SSM::Parameter',
]);

export interface StackInput {
  readonly resolver: VariableResolver;
  readonly report: TemplateReport;
  /** Region, account, stack name (`{service}-{stage}`), the API id (`Ref: WebsocketsApi`) and the stage. */
  readonly facts: TemplateFacts;
  /** Every function key with its deployed name, for `${Key}LambdaFunction`. */
  readonly functionNames: ReadonlyMap<string, string>;
}

/** The CloudFormation side of a serverless.yml: what intrinsics see, and the tables to create. */
export interface ServerlessStack {
  readonly scope: IntrinsicScope;
  /** `resources.Resources` tables; other resource types are named in one warning. */
  buildTables(): TableOptions[];
}

/**
 * The stack the Framework would deploy, as far as values in serverless.yml can refer to it: the
 * resources it generates (the WebSocket API, its stage, a `${Key}LambdaFunction` per function) and
 * the user's `resources.Resources`, which the Framework merges into the same template
 * (https://www.serverless.com/framework/docs/providers/aws/guide/resources).
 */
export function createServerlessStack(input: StackInput): ServerlessStack {
  const { resolver, report, facts } = input;
  const sections = readSections(resolver, report);
  const generated = buildGeneratedResources(facts, input.functionNames);
  const all = new Map(generated.map((resource) => [resource.logicalId, resource] as const));
  const paths = new Map<string, ConfigPath>();
  const conditionOf = new Map<string, string>();
  for (const path of sections.resourcePaths) {
    const logicalId = String(path[path.length - 1]);
    // The Framework merges a user's entry over a generated one of the same id (to tweak it); the generated one stands for both here.
    if (all.has(logicalId)) continue;
    const resource = readResource(logicalId, path, resolver, report);
    if (resource) {
      all.set(logicalId, resource.resource);
      paths.set(logicalId, path);
      if (resource.condition !== undefined) conditionOf.set(logicalId, resource.condition);
    }
  }
  const parameters = new Map<string, string>();
  const preliminary = createTemplateScope(facts, parameters, new Set(), sections.conditions, sections.mappings, all);
  const resources = new Map<string, TemplateResource>();
  for (const [logicalId, resource] of all) {
    const condition = conditionOf.get(logicalId);
    if (condition !== undefined && report.attempt(formatPath(paths.get(logicalId)!), () => preliminary.condition(condition)) !== true) continue;
    resources.set(logicalId, resource);
  }
  const scope = createTemplateScope(facts, parameters, new Set(), sections.conditions, sections.mappings, resources);
  return {
    scope,
    buildTables() {
      const tables: TableOptions[] = [];
      const unused = new Map<string, string[]>();
      for (const [logicalId, resource] of resources) {
        if (!paths.has(logicalId)) continue;
        if (TABLE_TYPES.has(resource.type)) {
          const table = buildTemplateTable(resource, scope.refResource(logicalId)!, scope, report);
          if (table) tables.push(table);
        } else if (!QUIET_TYPES.has(resource.type) && !FUNCTION_TYPES.has(resource.type)) {
          unused.set(resource.type, [...(unused.get(resource.type) ?? []), logicalId]);
        }
      }
      if (unused.size > 0) {
        const list = [...unused].map(([type, ids]) => `${ids.join(', ')} (${type})`).join('; ');
        report.warn('resources.Resources', `not emulated, so handlers cannot reach them locally: ${list}`);
      }
      return tables;
    },
  };
}

interface Sections {
  /** `resources.Resources.ID` (or `resources[i].Resources.ID` in the list form) of every user resource. */
  readonly resourcePaths: readonly ConfigPath[];
  readonly conditions: Readonly<Record<string, unknown>>;
  readonly mappings: Readonly<Record<string, unknown>>;
}

/** `resources` is a map, or a list of maps merged in order (the docs' "Multiple Configuration Files"). */
function readSections(resolver: VariableResolver, report: TemplateReport): Sections {
  const resourcePaths: ConfigPath[] = [];
  const conditions: Record<string, unknown> = {};
  const mappings: Record<string, unknown> = {};
  const section = report.attempt('resources', () => resolver.resolveShallow(['resources']));
  const parts: ConfigPath[] = Array.isArray(section) ? section.map((_item, index) => ['resources', index]) : isRecord(section) ? [['resources']] : [];
  for (const part of parts) {
    const where = formatPath([...part, 'Resources']);
    const declared = report.attempt(where, () => resolver.resolveShallow([...part, 'Resources']));
    if (isRecord(declared)) resourcePaths.push(...Object.keys(declared).map((logicalId) => [...part, 'Resources', logicalId]));
    Object.assign(conditions, readMap(resolver, report, [...part, 'Conditions']));
    Object.assign(mappings, readMap(resolver, report, [...part, 'Mappings']));
  }
  return { resourcePaths, conditions, mappings };
}

function readMap(resolver: VariableResolver, report: TemplateReport, path: ConfigPath): Record<string, unknown> {
  const value = report.attempt(formatPath(path), () => resolver.resolve(path));
  return isRecord(value) ? value : {};
}

/**
 * A user resource with its variables resolved. A table's values matter (its name and keys), so a
 * variable that cannot be resolved there is a problem; other types keep their text, since only a
 * `Ref` to them from an environment variable could ever read it.
 */
function readResource(
  logicalId: string,
  path: ConfigPath,
  resolver: VariableResolver,
  report: TemplateReport,
): { resource: TemplateResource; condition?: string } | undefined {
  const where = formatPath(path);
  // `?? null`: undefined then only means the attempt failed (and was reported).
  const type = report.attempt(where, () => resolver.resolve([...path, 'Type']) ?? null);
  if (type === undefined) return undefined;
  if (typeof type !== 'string') {
    report.problem(where, 'a resource needs a Type');
    return undefined;
  }
  let properties: unknown;
  if (TABLE_TYPES.has(type)) {
    properties = report.attempt(where, () => resolver.resolve([...path, 'Properties']));
    if (properties === undefined) return undefined;
  } else {
    try {
      properties = resolver.resolve([...path, 'Properties']);
    } catch (error) {
      if (!(error instanceof VariableError)) throw error;
      const shallow = resolver.resolveShallow(path);
      properties = isRecord(shallow) ? shallow.Properties : undefined;
    }
  }
  const condition = report.attempt(where, () => resolver.resolve([...path, 'Condition']));
  const resource: TemplateResource = { logicalId, type, properties: isRecord(properties) ? properties : {} };
  return typeof condition === 'string' ? { resource, condition } : { resource };
}

/** What the Framework adds to the template for a websocket service, in the shapes `Ref` and `Fn::GetAtt` read. */
function buildGeneratedResources(facts: TemplateFacts, functionNames: ReadonlyMap<string, string>): TemplateResource[] {
  return [
    { logicalId: WEBSOCKETS_API_LOGICAL_ID, type: 'AWS::ApiGatewayV2::Api', properties: { ProtocolType: 'WEBSOCKET' } },
    {
      logicalId: WEBSOCKETS_STAGE_LOGICAL_ID,
      type: 'AWS::ApiGatewayV2::Stage',
      properties: { ApiId: { Ref: WEBSOCKETS_API_LOGICAL_ID }, StageName: facts.stageOverride },
    },
    ...[...functionNames].map(([key, name]): TemplateResource => ({
      logicalId: buildFunctionLogicalId(key),
      type: 'AWS::Lambda::Function',
      properties: { FunctionName: name },
    })),
  ];
}
