/** One function of the options: its code folder, handler file, runtime, layers and build, checked. */
import path from 'node:path';
import { parseHandlerRef } from '../lambda/handler-ref.js';
import type { FunctionDefinition } from '../lambda/types.js';
import * as D from './defaults.js';
import { findHandlerFileProblem } from './find-handler-file.js';
import { parseNodeRuntime } from './node-runtime.js';
import type { FunctionOptions } from './options.js';
import type { ProblemList } from './problems.js';
import { checkEnvironment } from './resolve-option-values.js';
import { resolveBuild, resolveLayers } from './resolve-function-code.js';

export function resolveFunction(problems: ProblemList, where: string, name: string, fn: FunctionOptions, root: string, functionTimeoutMs: number)
  : FunctionDefinition | undefined {
  if (typeof fn?.handler !== 'string') {
    problems.add(where, 'a function needs a handler ("path/to/file.export")');
    return undefined;
  }
  if (fn.codeDir !== undefined && (typeof fn.codeDir !== 'string' || fn.codeDir === '')) {
    problems.add(`${where}.codeDir`, 'give the directory of the function\'s code, relative to root');
  }
  const codeDir = typeof fn.codeDir === 'string' && fn.codeDir !== '' ? path.resolve(root, fn.codeDir) : root;
  const problem = checkHandlerFile(codeDir, fn.handler);
  // SAM's esbuild entry points name the file; the handler names the built module (find-build-entry.ts).
  const byEntryPoints = fn.build?.entryPoints !== undefined;
  // A missing file is named by start() together with every missing export (validate-handler.ts).
  if (problem?.missing && !byEntryPoints) problems.defer(where, problem.message);
  else if (problem && !problem.missing) problems.add(where, problem.message);
  const runtimeMajor = fn.runtime === undefined ? undefined : parseNodeRuntime(fn.runtime);
  if (fn.runtime !== undefined && runtimeMajor === undefined) {
    problems.add(`${where}.runtime`, `${JSON.stringify(fn.runtime)} is not a Node.js runtime (nodejs20.x, nodejs14.x, nodejs8.10...): apigw-ws-local runs Node.js functions only`);
  }
  const layers = resolveLayers(problems, `${where}.layers`, root, fn.layers);
  const build = problem === undefined || (problem.missing && byEntryPoints) ? resolveBuild(problems, where, codeDir, fn) : undefined;
  return {
    name,
    handler: fn.handler,
    root: codeDir,
    timeoutMs: problems.integer(`${where}.timeoutMs`, fn.timeoutMs, functionTimeoutMs, 1, D.MAX_FUNCTION_TIMEOUT_MS),
    memorySizeMb: problems.integer(`${where}.memorySizeMb`, fn.memorySizeMb, D.MEMORY_SIZE_MB, 128, 10240),
    environment: checkEnvironment(problems, `${where}.environment`, fn.environment),
    ...(fn.runtime === undefined ? {} : { runtime: fn.runtime }),
    ...(runtimeMajor === undefined ? {} : { runtimeMajor }),
    ...(layers.length === 0 ? {} : { layers }),
    ...(build === undefined ? {} : { build }),
  };
}

/** The handler string's shape, that it stays inside the root, and that its file exists. */
function checkHandlerFile(root: string, handler: string): { readonly message: string; readonly missing: boolean } | undefined {
  // The module path as Lambda splits it (handler-ref.ts), before its ".." check, to say where it points.
  const last = path.basename(handler);
  const modulePath = handler.slice(0, handler.length - last.length) + last.split('.')[0];
  const relative = path.relative(root, path.resolve(root, modulePath));
  if (relative.startsWith('..') || path.isAbsolute(relative)) {
    return { message: `"${handler}" points outside the project root ${root}: handler paths must stay inside it`, missing: false };
  }
  try {
    parseHandlerRef(handler);
  } catch {
    return { message: `"${handler}" is not a Lambda handler: use "path/to/file.export", e.g. "handlers/chat.handler"`, missing: false };
  }
  if (findHandlerFileProblem(root, handler) === undefined) return undefined;
  return { message: `"${handler}": no file ${modulePath}.js, .mjs, .cjs or .ts in ${root}`, missing: true };
}

/** A Lambda-style function name derived from a handler string: `handlers/chat.connect` → `handlers-chat-connect`. */
export function buildFunctionName(handler: string): string {
  return handler.replace(/^\.\//, '').replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 64) || 'function';
}

