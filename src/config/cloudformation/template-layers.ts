import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseNodeRuntime } from '../node-runtime.js';
import type { LayerOptions } from '../options.js';
import { resolveIntrinsics, type IntrinsicScope } from './intrinsics.js';
import type { FunctionRef, TemplateReport } from './template-report.js';
import { findAssetPath, LAYER_TYPES, type TemplateResource } from './template-resources.js';

export interface LayerContext {
  readonly scope: IntrinsicScope;
  readonly report: TemplateReport;
  readonly templateDir: string;
  readonly resources: ReadonlyMap<string, TemplateResource>;
  /** Layers in use, so they are not named as "not emulated". */
  readonly used: Set<string>;
}

/**
 * A function's `Layers` as folders the emulator puts where Lambda unzips them (`/opt`). `Ref` of a
 * layer version is its ARN; an ARN of a layer in this template is that layer's local folder
 * (SAM's `ContentUri`, Lambda's `Content` before packaging, or a CDK asset). Layout:
 * https://docs.aws.amazon.com/lambda/latest/dg/packaging-layers.html#packaging-layers-paths
 * Returns undefined when `Layers` is not a list of ARNs (reported).
 */
export function buildTemplateLayers(fn: FunctionRef, where: string, value: unknown, context: LayerContext): LayerOptions[] | undefined {
  const { report, scope, resources } = context;
  // A layer ARN that cannot be known (an output of another stack) leaves the function without its layers, not without a start.
  const list = report.attempt(where, () => resolveIntrinsics(value, scope), 'warning', '; the layers are left out, so their modules will not resolve locally');
  if (list === undefined) return [];
  if (!Array.isArray(list) || !list.every((item) => typeof item === 'string')) {
    report.problem(where, 'Layers must be a list of layer version ARNs, e.g. [!Ref SharedLayer]');
    return undefined;
  }
  const layers: LayerOptions[] = [];
  for (const arn of list as string[]) {
    const layer = [...resources.values()].find((resource) => LAYER_TYPES.has(resource.type) && scope.refResource(resource.logicalId) === arn);
    if (!layer) {
      // The config file's list replaces the template's, so the fix names every folder, not only this one.
      report.warnFunction(fn, `layer ${arn} is not in this template, so its modules will not resolve locally`, (names) =>
        `: install them in ${names.length === 1 ? "the function's folder" : "each function's folder"}, or list the layer folders (this one's too) in apigw-ws.config.json ${names.map((name) => `functions.${name}.layers`).join(', ')}`);
      continue;
    }
    context.used.add(layer.logicalId);
    const built = buildLayer(layer, context);
    if (built !== undefined) layers.push(built);
  }
  return layers;
}

function buildLayer(layer: TemplateResource, context: LayerContext): LayerOptions | undefined {
  const { report, templateDir } = context;
  const where = layer.logicalId;
  const property = layer.type === 'AWS::Serverless::LayerVersion' ? 'ContentUri' : 'Content';
  const asset = findAssetPath(layer, 'Content');
  const content = asset ?? report.attempt(where, () => resolveIntrinsics(layer.properties[property], context.scope));
  if (content === undefined) {
    if (layer.properties[property] === undefined) report.problem(where, `a layer needs ${property}: the folder that holds nodejs/node_modules`);
    return undefined;
  }
  if (typeof content !== 'string' || /^s3:\/\//.test(content)) {
    report.warn(where, `${property} is in S3, so the layer's modules will not resolve locally: give its local folder as ${property}, or run the template from before \`sam package\``);
    return undefined;
  }
  if (/\.(zip|jar)$/i.test(content)) {
    report.warn(where, `${property} ${content} is an archive, so the layer's modules will not resolve locally: give the folder it was made from`);
    return undefined;
  }
  const dir = path.resolve(templateDir, content);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    report.problem(where, `${property} ${content}: no folder ${path.relative(process.cwd(), dir) || dir}`);
    return undefined;
  }
  if (existsSync(path.join(dir, 'nodejs'))) return dir;
  // sam build copies a nodejsNN.x layer's source (package.json, node_modules) into nodejs/:
  // https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/building-layers.html
  const buildMethod = layer.metadata?.BuildMethod;
  if (typeof buildMethod === 'string' && parseNodeRuntime(buildMethod) !== undefined) return { dir, mountedAt: '/opt/nodejs' };
  report.warn(where, `${property} ${content} has no nodejs/ folder, so its modules will not resolve (Lambda looks in /opt/nodejs/node_modules): move them to nodejs/node_modules, or add Metadata: BuildMethod: nodejs20.x to build it with sam build`);
  return dir;
}
