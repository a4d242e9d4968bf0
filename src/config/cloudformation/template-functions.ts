import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseHandlerRef } from '../../lambda/handler-ref.js';
import { findBuildEntry } from '../find-build-entry.js';
import { findHandlerFileProblem } from '../find-handler-file.js';
import { describeReservedKey, LAMBDA_RESERVED_ENVIRONMENT_KEYS } from '../lambda-reserved-keys.js';
import { parseNodeRuntime } from '../node-runtime.js';
import type { FunctionBuildOptions, FunctionOptions } from '../options.js';
import { resolveIntrinsics, resolveString, UnresolvableError, type IntrinsicScope } from './intrinsics.js';
import { readEsbuildMetadata } from './template-build.js';
import { buildTemplateLayers } from './template-layers.js';
import type { FunctionRef, TemplateReport } from './template-report.js';
import { findAssetPath, type TemplateResource } from './template-resources.js';
import { isRecord } from '../../util/is-record.js';

export interface FunctionContext {
  readonly scope: IntrinsicScope;
  readonly report: TemplateReport;
  /** The template's directory: `CodeUri` and `Code` paths are relative to it. */
  readonly templateDir: string;
  /** SAM's `Globals.Function` (only for `AWS::Serverless::Function`). */
  readonly globals: Readonly<Record<string, unknown>>;
  /** Shown in messages: what needs this function, e.g. `route $connect`. */
  readonly usedBy: string;
  /** The config file or caller gives the code directory: `CodeUri`/`Code` is not read, and `resolveOptions` checks the handler file there. */
  readonly relocated?: boolean;
  /** Every resource, for the layers a function names. */
  readonly resources: ReadonlyMap<string, TemplateResource>;
  /** Resources in use (layers are added), so they are not named as "not emulated". */
  readonly used: Set<string>;
}

/**
 * A Lambda function resource as the emulator runs it. SAM's `Globals.Function` apply first, the
 * function's own properties win, and environment variables merge (SAM's documented rule:
 * https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-specification-template-anatomy-globals.html).
 */
export function buildTemplateFunction(resource: TemplateResource, name: string, context: FunctionContext): FunctionOptions | undefined {
  const { scope, report, usedBy } = context;
  const where = resource.logicalId;
  const fn = { logicalId: where, name };
  const isSam = resource.type === 'AWS::Serverless::Function';
  const globals = isSam ? context.globals : {};
  const property = (key: string): unknown => resource.properties[key] ?? globals[key];
  if (property('PackageType') === 'Image' || property('ImageUri') !== undefined) {
    report.problem(where, `a container image function cannot run here (${usedBy} uses it): apigw-ws-local runs Node.js code from a directory`);
    return undefined;
  }
  const runtime = readRuntime(property('Runtime'), fn, context);
  if (runtime === false) return undefined;
  const handler = report.attempt(where, () => resolveString(property('Handler'), scope, 'Handler'));
  if (handler === undefined) return undefined;
  // Relocated code (the config file's codeDir) is checked by resolveOptions in its new folder, unbuilt.
  const codeDir = context.relocated ? undefined : findCodeDir(resource, isSam ? property('CodeUri') : resource.properties.Code, context);
  if (!context.relocated && codeDir === undefined) return undefined;
  const esbuild = context.relocated ? undefined : readEsbuildMetadata(resource, fn, report);
  if (esbuild === false) return undefined;
  const checked = codeDir === undefined ? {} : checkHandlerFile(codeDir, handler, esbuild, where, context);
  if (checked === undefined) return undefined;
  const timeout = report.attempt(where, () => resolveIntrinsics(property('Timeout'), scope));
  const memory = report.attempt(where, () => resolveIntrinsics(property('MemorySize'), scope));
  // SAM adds a function's own Layers after those of Globals.Function (lists are additive):
  // https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-specification-template-anatomy-globals.html
  const layerList = [...asArray(globals.Layers), ...asArray(resource.properties.Layers)];
  const layers = layerList.length === 0 ? [] : buildTemplateLayers(fn, `${where} Layers`, layerList, context);
  if (layers === undefined) return undefined;
  return {
    handler,
    ...(codeDir === undefined ? {} : { codeDir }),
    ...(runtime === undefined ? {} : { runtime }),
    ...(timeout === undefined ? {} : { timeoutMs: Math.round(Number(timeout) * 1000) }),
    ...(memory === undefined ? {} : { memorySizeMb: Number(memory) }),
    environment: buildEnvironment(resource, globals, context, name),
    ...(layers.length === 0 ? {} : { layers }),
    ...(checked.build === undefined || Object.keys(checked.build).length === 0 ? {} : { build: checked.build }),
  };
}

/** The runtime identifier (undefined when the template gives none), or false when it is not Node.js (reported). */
function readRuntime(value: unknown, fn: FunctionRef, context: FunctionContext): string | undefined | false {
  if (value === undefined) return undefined;
  const runtime = context.report.attempt(fn.logicalId, () => resolveString(value, context.scope, 'Runtime'));
  if (runtime === undefined) return false;
  const major = parseNodeRuntime(runtime);
  if (major === undefined) {
    context.report.problem(fn.logicalId, `Runtime ${runtime} cannot run here (${context.usedBy} uses it): apigw-ws-local runs Node.js functions only`);
    return false;
  }
  if (String(major) !== process.versions.node.split('.')[0])
    context.report.warnFunction(fn, `Runtime ${runtime} runs on this machine's Node.js ${process.versions.node}`);
  return runtime;
}

function asArray(value: unknown): unknown[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function findCodeDir(resource: TemplateResource, code: unknown, context: FunctionContext): string | undefined {
  const { report, scope, templateDir } = context;
  const where = resource.logicalId;
  const isSam = resource.type === 'AWS::Serverless::Function';
  if (isSam && resource.properties.InlineCode !== undefined) {
    report.problem(where, `InlineCode is not supported (${context.usedBy} uses it): move the code to a file and give CodeUri`);
    return undefined;
  }
  const asset = findAssetPath(resource, 'Code');
  if (asset !== undefined) return path.resolve(templateDir, asset);
  // SAM CLI treats a missing CodeUri as the template's directory.
  if (code === undefined) return templateDir;
  const resolved = report.attempt(where, () => resolveIntrinsics(code, scope));
  if (typeof resolved === 'string' && !/^s3:\/\//.test(resolved)) {
    const dir = path.resolve(templateDir, resolved);
    if (/\.(zip|jar)$/i.test(resolved)) {
      report.problem(where, `${isSam ? 'CodeUri' : 'Code'} ${resolved} is an archive: give the directory of the code`);
      return undefined;
    }
    return dir;
  }
  if (isRecord(resolved) && resolved.ZipFile !== undefined) {
    report.problem(where, `Code.ZipFile (inline code) is not supported (${context.usedBy} uses it): move the code to a file and give its directory as Code`);
    return undefined;
  }
  if (resolved !== undefined) {
    report.problem(where, `code in S3 cannot run here (${context.usedBy} uses it): give the local directory as ${isSam ? 'CodeUri' : 'Code'}, or run the template from before \`sam package\`/\`aws cloudformation package\``);
  }
  return undefined;
}

/**
 * Checks the handler's file before anything starts. With esbuild metadata the file is the entry
 * point that builds the handler's module; `sam build`'s output keeps that metadata beside code that
 * is JavaScript already, which runs as it is. Returns the build settings to use, or undefined (reported).
 */
function checkHandlerFile(
  codeDir: string,
  handler: string,
  esbuild: FunctionBuildOptions | undefined,
  where: string,
  context: FunctionContext,
): { build?: FunctionBuildOptions } | undefined {
  const problem = findHandlerFileProblem(codeDir, handler);
  if (problem?.kind === 'shape') {
    context.report.problem(where, `Handler ${JSON.stringify(handler)} is not FILE.EXPORT, e.g. app.handler`);
    return undefined;
  }
  if (esbuild === undefined) {
    if (problem === undefined) return {};
    context.report.problem(where, `Handler ${handler}: no ${problem.shown}.js, .mjs, .cjs or .ts`);
    return undefined;
  }
  const { modulePath } = parseHandlerRef(handler);
  const entry = findBuildEntry(codeDir, modulePath, esbuild.entryPoints);
  const ownJs = ['.js', '.mjs', '.cjs'].map((ext) => path.resolve(codeDir, modulePath) + ext).find((file) => existsSync(file));
  if (entry !== undefined && entry !== ownJs) return { build: esbuild };
  if (ownJs !== undefined) return {};
  const shown = path.relative(process.cwd(), path.resolve(codeDir, modulePath)) || '.';
  context.report.problem(
    where,
    esbuild.entryPoints === undefined || esbuild.entryPoints.length === 0
      ? `Handler ${handler}: no ${shown}.ts, .js, .mjs or .cjs to build`
      : `Handler ${handler}: none of Metadata.BuildProperties.EntryPoints (${esbuild.entryPoints.join(', ')}) is built to ${modulePath}.js (esbuild writes each entry point at its path below their common folder), or its file is missing`,
  );
  return undefined;
}

function buildEnvironment(
  resource: TemplateResource,
  globals: Readonly<Record<string, unknown>>,
  context: FunctionContext,
  name: string,
): Record<string, string> {
  const variablesOf = (holder: unknown): Record<string, unknown> => {
    const environment = isRecord(holder) ? holder : {};
    return isRecord(environment.Variables) ? environment.Variables : {};
  };
  const own = variablesOf(resource.properties.Environment);
  const merged = { ...variablesOf(globals.Environment), ...own };
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(merged)) {
    if (LAMBDA_RESERVED_ENVIRONMENT_KEYS.has(key)) {
      context.report.problem(Object.hasOwn(own, key) ? `${resource.logicalId} Environment` : 'Globals.Function Environment', describeReservedKey(key));
      continue;
    }
    // One variable that cannot be known (an import from another stack) should not stop the rest: the
    // function runs without it, and the user can supply it. A Globals variable is reported once, not per
    // function; the same own variable in several functions is one line naming them.
    if (!Object.hasOwn(own, key)) {
      const resolved = context.report.attempt(
        `Globals.Function Environment ${key}`,
        () => resolveString(value, context.scope, key),
        'warning',
        `; the variable is left out: give it with --env ${key}=VALUE`,
      );
      if (resolved !== undefined) result[key] = resolved;
      continue;
    }
    let resolved: string | undefined;
    try {
      resolved = resolveString(value, context.scope, key);
    } catch (error) {
      if (!(error instanceof UnresolvableError)) throw error;
      context.report.warnFunction(
        { logicalId: resource.logicalId, name },
        `Environment ${key}: ${error.message}`,
        (names) =>
          `; the variable is left out: give it with --env ${key}=VALUE (it applies to every function) or in apigw-ws.config.json ${names.map((known) => `functions.${known}.environment`).join(', ')}`,
      );
    }
    if (resolved !== undefined) result[key] = resolved;
  }
  return result;
}
