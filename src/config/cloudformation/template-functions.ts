import path from 'node:path';
import { findHandlerFileProblem } from '../find-handler-file.js';
import { describeReservedKey, LAMBDA_RESERVED_ENVIRONMENT_KEYS } from '../lambda-reserved-keys.js';
import type { FunctionOptions } from '../options.js';
import { resolveIntrinsics, resolveString, type IntrinsicScope } from './intrinsics.js';
import type { TemplateReport } from './template-report.js';
import type { TemplateResource } from './template-resources.js';
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
}

/**
 * A Lambda function resource as the emulator runs it. SAM's `Globals.Function` apply first, the
 * function's own properties win, and environment variables merge (SAM's documented rule:
 * https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-specification-template-anatomy-globals.html).
 */
export function buildTemplateFunction(resource: TemplateResource, name: string, context: FunctionContext): FunctionOptions | undefined {
  const { scope, report, usedBy } = context;
  const where = resource.logicalId;
  const isSam = resource.type === 'AWS::Serverless::Function';
  const globals = isSam ? context.globals : {};
  const property = (key: string): unknown => resource.properties[key] ?? globals[key];
  if (property('PackageType') === 'Image' || property('ImageUri') !== undefined) {
    report.problem(where, `a container image function cannot run here (${usedBy} uses it): apigw-ws-local runs Node.js code from a directory`);
    return undefined;
  }
  const runtime = report.attempt(where, () => resolveString(property('Runtime') ?? 'nodejs20.x', scope, 'Runtime'));
  if (runtime === undefined) return undefined;
  const nodeMajor = /^nodejs(\d+)\.x$/.exec(runtime)?.[1];
  if (nodeMajor === undefined) {
    report.problem(where, `Runtime ${runtime} cannot run here (${usedBy} uses it): apigw-ws-local runs Node.js functions only`);
    return undefined;
  }
  const hostMajor = process.versions.node.split('.')[0];
  if (nodeMajor !== hostMajor) report.warn(where, `Runtime ${runtime} runs on this machine's Node.js ${process.versions.node}`);
  const handler = report.attempt(where, () => resolveString(property('Handler'), scope, 'Handler'));
  if (handler === undefined) return undefined;
  const codeDir = context.relocated ? undefined : findCodeDir(resource, isSam ? property('CodeUri') : resource.properties.Code, context);
  if (!context.relocated && (codeDir === undefined || !checkHandlerFile(codeDir, handler, where, context))) return undefined;
  const timeout = report.attempt(where, () => resolveIntrinsics(property('Timeout'), scope));
  const memory = report.attempt(where, () => resolveIntrinsics(property('MemorySize'), scope));
  const layers = property('Layers');
  if (Array.isArray(layers) && layers.length > 0) {
    report.warn(where, 'Layers are not loaded: modules a layer provides (/opt/nodejs/node_modules) will not resolve; install them in the function\'s directory');
  }
  return {
    handler,
    ...(codeDir === undefined ? {} : { codeDir }),
    ...(timeout === undefined ? {} : { timeoutMs: Math.round(Number(timeout) * 1000) }),
    ...(memory === undefined ? {} : { memorySizeMb: Number(memory) }),
    environment: buildEnvironment(resource, globals, context, name),
  };
}

function findCodeDir(resource: TemplateResource, code: unknown, context: FunctionContext): string | undefined {
  const { report, scope, templateDir } = context;
  const where = resource.logicalId;
  const isSam = resource.type === 'AWS::Serverless::Function';
  if (isSam && resource.properties.InlineCode !== undefined) {
    report.problem(where, `InlineCode is not supported (${context.usedBy} uses it): move the code to a file and give CodeUri`);
    return undefined;
  }
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

function checkHandlerFile(codeDir: string, handler: string, where: string, context: FunctionContext): boolean {
  const problem = findHandlerFileProblem(codeDir, handler);
  if (problem === undefined) return true;
  context.report.problem(
    where,
    problem.kind === 'shape'
      ? `Handler ${JSON.stringify(handler)} is not FILE.EXPORT, e.g. app.handler`
      : `Handler ${handler}: no ${problem.shown}.js, .mjs, .cjs or .ts`,
  );
  return false;
}

function buildEnvironment(resource: TemplateResource, globals: Readonly<Record<string, unknown>>, context: FunctionContext, name: string): Record<string, string> {
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
    // function runs without it, and the user can supply it. A Globals variable is reported once, not per function.
    const fromGlobals = !Object.hasOwn(own, key);
    const resolved = context.report.attempt(
      fromGlobals ? `Globals.Function Environment ${key}` : `${resource.logicalId} Environment ${key}`,
      () => resolveString(value, context.scope, key),
      'warning',
      `; the variable is left out: give it with --env ${key}=VALUE${fromGlobals ? '' : ` (it applies to every function) or in apigw-ws.config.json functions.${name}.environment`}`,
    );
    if (resolved !== undefined) result[key] = resolved;
  }
  return result;
}
