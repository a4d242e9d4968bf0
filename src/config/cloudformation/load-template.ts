import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { AuthorizerOptions, FunctionOptions, RouteOptions } from '../options.js';
import type { LoadedSource, ProjectOptions } from '../project-options.js';
import { resolveIntrinsics, resolveString, type IntrinsicScope } from './intrinsics.js';
import { parseTemplateText } from './parse-template-text.js';
import { buildTemplateFunction } from './template-functions.js';
import { buildParameterValues } from './template-parameters.js';
import { buildRoutelessFunctions } from './template-routeless.js';
import { createTemplateReport, type TemplateReport } from './template-report.js';
import { FUNCTION_TYPES, readResources, type TemplateResource } from './template-resources.js';
import { createTemplateScope, type TemplateFacts } from './template-scope.js';
import { buildTemplateTables } from './template-tables.js';
import { checkTransforms, readGlobals } from './template-sections.js';
import { warnUnusedResources } from './warn-unused-resources.js';
import { selectWebSocketApi } from './select-web-socket-api.js';
import { isRecord } from '../../util/is-record.js';

export interface TemplateLoadOptions {
  readonly region: string;
  readonly accountId: string;
  readonly stackName: string;
  /** The emulated API id: `Ref` of the running API gives it, so URLs built in the template reach us. */
  readonly apiId: string;
  /** Logical id of the API to run when the template has several WebSocket APIs. */
  readonly api?: string;
  /** A stage name from the command line or config file; `Ref` of the running API's Stage gives it. */
  readonly stage?: string;
  readonly parameterOverrides?: Readonly<Record<string, string>>;
  /** How the file is named in messages. Default: its path relative to the working directory. */
  readonly label?: string;
  /**
   * Functions (by name, as `functions` keys them) whose code directory the config file or caller
   * gives: their `CodeUri`/`Code` is not read and their handler file is checked there instead.
   */
  readonly relocatedFunctions?: readonly string[];
}

/** Route keys AWS reserves for itself; authorizers only ever run on `$connect`. */
const CONNECT = '$connect';

/**
 * Reads a SAM or CloudFormation template and gives what the emulator needs to run its WebSocket
 * API: routes to functions, the functions (code directory, handler, timeout, memory, environment),
 * the authorizer, the stage and its variables, and the DynamoDB tables. Resources are the ones
 * AWS's own WebSocket samples use (docs/aws-behaviour.md#templates). Never throws for a template's mistakes: they come
 * back as `problems` (each naming the file and logical id), things skipped as `warnings`.
 */
export function loadTemplate(file: string, options: TemplateLoadOptions): LoadedSource {
  const absolute = path.resolve(file);
  const label = options.label ?? (path.relative(process.cwd(), absolute) || absolute);
  const report = createTemplateReport(label);
  const empty = (): LoadedSource => ({ file: absolute, options: {}, warnings: report.warnings, problems: report.problems });
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (error) {
    return { file: absolute, options: {}, warnings: [], problems: [`${label}: cannot read the template: ${(error as Error).message}`] };
  }
  const parsed = parseTemplateText(text, label);
  if (!parsed.ok) return { file: absolute, options: {}, warnings: [], problems: [...parsed.problems] };
  const template = parsed.value;
  if (!isRecord(template) || !isRecord(template.Resources)) {
    return { file: absolute, options: {}, warnings: [], problems: [`${label}: not a CloudFormation template: it has no Resources section`] };
  }
  checkTransforms(template.Transform, report);
  const templateDir = path.dirname(absolute);
  const declaredParameters = new Set(isRecord(template.Parameters) ? Object.keys(template.Parameters) : []);
  // Rules and Parameters do not count: CDK's BootstrapVersion is read by its Rules only.
  const referenced = JSON.stringify([template.Resources, template.Conditions, template.Outputs, template.Globals]);
  const isReferenced = (name: string) => referenced.includes(`{"Ref":${JSON.stringify(name)}}`) || referenced.includes(`\${${name}}`);
  const parameters = buildParameterValues(template.Parameters, options.parameterOverrides ?? {}, report, isReferenced);
  const allResources = readResources(template.Resources, report);

  // Which WebSocket API runs here decides how `Ref` of an API resolves, so pick it before the scope exists.
  const webSocketApis = [...allResources.values()]
    .filter((resource) => resource.type === 'AWS::ApiGatewayV2::Api' && resource.properties.ProtocolType === 'WEBSOCKET');
  const api = selectWebSocketApi(webSocketApis, options.api, report);
  const facts: TemplateFacts = {
    region: options.region,
    accountId: options.accountId,
    stackName: options.stackName,
    apiId: options.apiId,
    apiLogicalId: api?.logicalId,
    stageOverride: options.stage,
  };
  const conditions = isRecord(template.Conditions) ? template.Conditions : {};
  const mappings = isRecord(template.Mappings) ? template.Mappings : {};
  // A resource whose Condition is false does not exist, so the scope is built from those that do.
  const preliminary = createTemplateScope(facts, parameters, declaredParameters, conditions, mappings, allResources);
  const resources = new Map<string, TemplateResource>();
  for (const [logicalId, resource] of allResources) {
    const condition = resource.condition;
    if (condition !== undefined && report.attempt(logicalId, () => preliminary.condition(condition)) !== true) continue;
    resources.set(logicalId, resource);
  }
  const scope = createTemplateScope(facts, parameters, declaredParameters, conditions, mappings, resources);
  if (!api || !resources.has(api.logicalId)) return empty();

  const relocated = new Set(options.relocatedFunctions ?? []);
  const loader = createApiLoader({
    api, resources, scope, report, templateDir, globals: readGlobals(template.Globals), stageOverride: options.stage, relocated });
  const projectOptions = loader.load();
  warnUnusedResources(resources, loader.used, report);
  return { file: absolute, options: { ...projectOptions, root: templateDir, apiId: options.apiId }, warnings: report.warnings, problems: report.problems };
}

interface ApiLoaderInput {
  readonly api: TemplateResource;
  readonly resources: ReadonlyMap<string, TemplateResource>;
  readonly scope: IntrinsicScope;
  readonly report: TemplateReport;
  readonly templateDir: string;
  readonly globals: Readonly<Record<string, unknown>>;
  readonly stageOverride: string | undefined;
  readonly relocated: ReadonlySet<string>;
}

/** The running API's routes, integrations, functions, authorizer and stage, in one pass. */
function createApiLoader(input: ApiLoaderInput) {
  const { api, resources, scope, report } = input;
  const used = new Set<string>([api.logicalId]);
  const functions: Record<string, FunctionOptions> = {};
  const apiId = scope.refResource(api.logicalId)!;
  const belongsToApi = (resource: TemplateResource) => report.attempt(resource.logicalId, () => resolveIntrinsics(resource.properties.ApiId, scope)) === apiId;
  const ofType = (type: string) => [...resources.values()].filter((resource) => resource.type === type && belongsToApi(resource));

  /** The function an integration or authorizer URI names: `arn:...:lambda:path/2015-03-31/functions/{arn}/invocations` or a bare function ARN. */
  const functionFromUri = (where: string, uri: unknown, usedBy: string): string | undefined => {
    const text = report.attempt(where, () => resolveString(uri, scope, 'the URI'));
    if (text === undefined) return undefined;
    const arn = /\/functions\/(.+)\/invocations$/.exec(text)?.[1] ?? text;
    const name = /^arn:aws[a-z-]*:lambda:[^:]*:[^:]*:function:([^:/]+)(?::[^:/]+)?$/.exec(arn)?.[1];
    const target = [...resources.values()].find((resource) => FUNCTION_TYPES.has(resource.type) && scope.refResource(resource.logicalId) === name);
    if (name === undefined || !target) {
      report.problem(where, `${text} names no function in this template (expected \${Function.Arn} of an AWS::Serverless::Function or AWS::Lambda::Function)`);
      return undefined;
    }
    used.add(target.logicalId);
    const functionName = scope.refResource(target.logicalId)!;
    if (!(functionName in functions)) {
      const built = buildTemplateFunction(target, functionName, {
        scope, report, templateDir: input.templateDir, globals: input.globals, usedBy, resources, used, relocated: input.relocated.has(functionName) });
      if (!built) return undefined;
      functions[functionName] = built;
    }
    return functionName;
  };

  const loadRoutes = () => {
    const routes: Record<string, RouteOptions> = {};
    const routeResponses = new Set<string>();
    for (const response of ofType('AWS::ApiGatewayV2::RouteResponse')) {
      used.add(response.logicalId);
      const key = report.attempt(response.logicalId, () => resolveString(response.properties.RouteResponseKey, scope, 'RouteResponseKey'));
      const routeId = report.attempt(response.logicalId, () => resolveString(response.properties.RouteId, scope, 'RouteId'));
      if (key !== '$default') {
        if (key !== undefined) report.warn(response.logicalId, `RouteResponseKey ${key}: only $default is supported for WebSocket APIs, so AWS sends nothing back either`);
        continue;
      }
      if (routeId !== undefined) routeResponses.add(routeId);
    }
    let authorizer: AuthorizerOptions | undefined;
    let iamAuthorization = false;
    for (const route of ofType('AWS::ApiGatewayV2::Route')) {
      used.add(route.logicalId);
      const where = route.logicalId;
      const key = report.attempt(where, () => resolveString(route.properties.RouteKey, scope, 'RouteKey'));
      if (key === undefined) continue;
      if (routes[key] !== undefined) {
        report.problem(where, `a second route for RouteKey ${key}`);
        continue;
      }
      const integrationName = loadIntegrationTarget(where, route.properties.Target, key);
      if (integrationName === undefined) continue;
      const integration = integrationName.integration;
      const functionName = functionFromUri(integration.logicalId, integration.properties.IntegrationUri, `route ${key}`);
      if (functionName === undefined) continue;
      const timeout = report.attempt(integration.logicalId, () => resolveIntrinsics(integration.properties.TimeoutInMillis, scope));
      const selection = report.attempt(where, () => resolveIntrinsics(route.properties.RouteResponseSelectionExpression, scope));
      const hasResponse = routeResponses.has(route.logicalId);
      if ((selection === '$default') !== hasResponse) {
        report.warn(where, hasResponse
          ? `route ${key} has a RouteResponse but no RouteResponseSelectionExpression: $default, so it is one-way (as on AWS)`
          : `route ${key} has RouteResponseSelectionExpression but no AWS::ApiGatewayV2::RouteResponse with RouteResponseKey $default, so it is one-way (as on AWS)`);
      }
      routes[key] = {
        function: functionName,
        ...(selection === '$default' && hasResponse ? { routeResponse: true } : {}),
        ...(timeout === undefined ? {} : { integrationTimeoutMs: Number(timeout) }),
      };
      const authorization = report.attempt(where, () => resolveIntrinsics(route.properties.AuthorizationType ?? 'NONE', scope));
      if (authorization !== 'NONE' && key !== CONNECT) {
        report.warn(where, `AuthorizationType ${String(authorization)} on route ${key}: WebSocket APIs authorize only $connect, so it is ignored`);
      } else if (authorization === 'AWS_IAM') {
        iamAuthorization = true;
      } else if (authorization === 'CUSTOM') {
        authorizer = loadAuthorizer(where, route.properties.AuthorizerId);
      }
      if (route.properties.ApiKeyRequired === true) report.warn(where, `ApiKeyRequired on route ${key}: API keys are not checked locally`);
      if (route.properties.RequestModels !== undefined) report.warn(where, `RequestModels on route ${key}: request validation is not emulated, every message reaches the function`);
    }
    return { routes, authorizer, iamAuthorization };
  };

  const loadIntegrationTarget = (where: string, target: unknown, key: string): { integration: TemplateResource } | undefined => {
    if (target === undefined) {
      report.warn(where, `route ${key} has no Target: it is left out (on AWS it has no integration to call)`);
      return undefined;
    }
    const text = report.attempt(where, () => resolveString(target, scope, 'Target'));
    if (text === undefined) return undefined;
    const id = /^integrations\/(.+)$/.exec(text)?.[1];
    const integration = id === undefined ? undefined : resources.get(id);
    if (!integration || integration.type !== 'AWS::ApiGatewayV2::Integration') {
      report.problem(where, `Target ${JSON.stringify(text)} is not integrations/{an AWS::ApiGatewayV2::Integration in this template}`);
      return undefined;
    }
    used.add(integration.logicalId);
    const type = report.attempt(integration.logicalId, () => resolveIntrinsics(integration.properties.IntegrationType, scope));
    if (type === 'AWS') {
      report.warn(integration.logicalId, `IntegrationType AWS (route ${key}): run as AWS_PROXY; request and response templates are not applied`);
    } else if (type !== 'AWS_PROXY') {
      report.warn(integration.logicalId, `IntegrationType ${String(type)} (route ${key}) is not emulated: only Lambda integrations (AWS_PROXY) run, so route ${key} is left out`);
      return undefined;
    }
    return { integration };
  };

  const loadAuthorizer = (where: string, authorizerId: unknown): AuthorizerOptions | undefined => {
    const id = report.attempt(where, () => resolveString(authorizerId, scope, 'AuthorizerId'));
    const resource = id === undefined ? undefined : resources.get(id);
    if (!resource || resource.type !== 'AWS::ApiGatewayV2::Authorizer') {
      report.problem(where, `AuthorizationType CUSTOM needs AuthorizerId: !Ref of an AWS::ApiGatewayV2::Authorizer in this template`);
      return undefined;
    }
    used.add(resource.logicalId);
    const type = report.attempt(resource.logicalId, () => resolveIntrinsics(resource.properties.AuthorizerType, scope));
    if (type !== 'REQUEST') {
      report.problem(resource.logicalId, `AuthorizerType ${String(type)}: WebSocket APIs have REQUEST authorizers only`);
      return undefined;
    }
    const functionName = functionFromUri(resource.logicalId, resource.properties.AuthorizerUri, 'the authorizer');
    const sources = report.attempt(resource.logicalId, () => resolveIntrinsics(resource.properties.IdentitySource ?? [], scope));
    if (functionName === undefined) return undefined;
    return { function: functionName, identitySources: Array.isArray(sources) ? sources.map(String) : [] };
  };

  const loadStage = (): { stage?: string; stageVariables?: Record<string, string> } => {
    const stages = ofType('AWS::ApiGatewayV2::Stage');
    for (const stage of stages) used.add(stage.logicalId);
    // With several stages, the one named by --stage runs, else the first.
    const nameOf = (stage: TemplateResource) => report.attempt(stage.logicalId, () => resolveString(stage.properties.StageName, scope, 'StageName'));
    const chosen = stages.find((stage) => input.stageOverride !== undefined && nameOf(stage) === input.stageOverride) ?? stages[0];
    if (!chosen) return {};
    const name = scope.refResource(chosen.logicalId)!;
    const variables = report.attempt(chosen.logicalId, () => resolveIntrinsics(chosen.properties.StageVariables ?? {}, scope));
    const stageVariables = isRecord(variables) ? Object.fromEntries(Object.entries(variables).map(([key, value]) => [key, String(value)])) : {};
    return { stage: name, ...(Object.keys(stageVariables).length === 0 ? {} : { stageVariables }) };
  };

  return {
    used,
    load(): ProjectOptions {
      const selection = report.attempt(api.logicalId, () => resolveIntrinsics(api.properties.RouteSelectionExpression, scope));
      const { routes, authorizer, iamAuthorization } = loadRoutes();
      const tables = buildTemplateTables(resources, scope, report, used);
      if (Object.keys(routes).length === 0 && report.problems.length === 0) {
        report.problem(api.logicalId, 'the WebSocket API has no routes with a Lambda integration');
      }
      buildRoutelessFunctions(functions, {
        scope,
        report,
        templateDir: input.templateDir,
        globals: input.globals,
        resources,
        used,
        relocated: input.relocated,
      });
      return {
        routes,
        functions,
        ...(authorizer ? { authorizer } : {}),
        ...(iamAuthorization ? { iamAuthorization } : {}),
        ...(typeof selection === 'string' ? { routeSelectionExpression: selection } : {}),
        ...loadStage(),
        dynamodb: { tables },
      };
    },
  };
}
