import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseNodeRuntime } from '../node-runtime.js';
import type { FunctionOptions } from '../options.js';
import { createDeferredReport } from './deferred-report.js';
import { resolveIntrinsics, resolveQuietly } from './intrinsics.js';
import { buildTemplateFunction, type FunctionContext } from './template-functions.js';
import { FUNCTION_TYPES, findAssetPath, type TemplateResource } from './template-resources.js';
import { formatLeftOut, LEFT_OUT_WHERE } from '../routeless.js';

/**
 * Every other function of the template, so that it can be invoked as on Lambda (a broadcaster, a
 * queue consumer, a helper a test calls). One that cannot run here (another runtime, code that is
 * not there) is left out: no route needs it, so it must not stop the start; one warning names them
 * all. Functions that only serve a custom resource (CDK's log retention) run at deploy time and are
 * skipped without a word.
 */
export function buildRoutelessFunctions(
  functions: Record<string, FunctionOptions>,
  context: Omit<FunctionContext, 'usedBy' | 'relocated'> & { readonly relocated: ReadonlySet<string> },
): void {
  const { resources, scope, report } = context;
  const providers = findCustomResourceProviders(resources);
  const leftOut: { id: string; reason: string }[] = [];
  for (const resource of resources.values()) {
    if (!FUNCTION_TYPES.has(resource.type) || context.used.has(resource.logicalId) || providers.has(resource.logicalId)) continue;
    const name = scope.refResource(resource.logicalId);
    if (name === undefined || name in functions) continue;
    const relocated = context.relocated.has(name);
    const reason = findSkipReason(resource, relocated, context);
    if (reason !== undefined) {
      leftOut.push({ id: resource.logicalId, reason });
      continue;
    }
    const deferred = createDeferredReport(report, () => ({}));
    // Layers it names count as used only when it is kept.
    const used = new Set(context.used);
    const built = buildTemplateFunction(resource, name, { ...context, report: deferred.report, used, usedBy: 'no route', relocated });
    if (built === undefined || deferred.problems.length > 0) {
      leftOut.push({ id: resource.logicalId, reason: deferred.problems[0] ?? 'it cannot be read' });
      continue;
    }
    deferred.commit();
    for (const id of used) context.used.add(id);
    functions[name] = built;
  }
  if (leftOut.length > 0) report.warn(LEFT_OUT_WHERE, formatLeftOut(leftOut));
}

/** The short reason a function cannot run here, for what is found before building it; undefined when none is. */
function findSkipReason(
  resource: TemplateResource,
  relocated: boolean,
  context: Pick<FunctionContext, 'scope' | 'globals' | 'templateDir'>,
): string | undefined {
  const isSam = resource.type === 'AWS::Serverless::Function';
  const property = (key: string): unknown => resource.properties[key] ?? (isSam ? context.globals[key] : undefined);
  if (property('PackageType') === 'Image' || property('ImageUri') !== undefined) return 'PackageType Image';
  const runtime = resolveQuietly(() => resolveIntrinsics(property('Runtime'), context.scope));
  if (typeof runtime === 'string' && parseNodeRuntime(runtime) === undefined) return `runtime ${runtime}`;
  if (relocated || findAssetPath(resource, 'Code') !== undefined) return undefined;
  const key = isSam ? 'CodeUri' : 'Code';
  const code = resolveQuietly(() => resolveIntrinsics(isSam ? property('CodeUri') : resource.properties.Code, context.scope));
  if (typeof code === 'string' && !/^s3:\/\//.test(code) && !existsSync(path.resolve(context.templateDir, code))) return `${key} ${code} not found`;
  return undefined;
}

/** Functions a custom resource's ServiceToken names (`!GetAtt Provider.Arn`): CloudFormation calls them while it deploys. */
function findCustomResourceProviders(resources: ReadonlyMap<string, TemplateResource>): Set<string> {
  const tokens = [...resources.values()]
    .filter((resource) => resource.type.startsWith('Custom::') || resource.type === 'AWS::CloudFormation::CustomResource')
    .map((resource) => JSON.stringify(resource.properties.ServiceToken ?? null));
  const providers = new Set<string>();
  for (const resource of resources.values()) {
    if (!FUNCTION_TYPES.has(resource.type)) continue;
    const id = resource.logicalId;
    if (tokens.some((token) => token.includes(JSON.stringify(id)) || token.includes(`\${${id}.Arn}`) || token.includes(`"${id}.Arn"`))) providers.add(id);
  }
  return providers;
}
