/**
 * Loads a handler module and picks the handler function from it, raising the errors the Lambda
 * Node.js runtime raises (`Runtime.ImportModuleError`, `Runtime.UserCodeSyntaxError`,
 * `Runtime.HandlerNotFound`, `Runtime.MalformedHandlerName`).
 * https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseHandlerRef, resolveHandlerFile, type HandlerFile, type HandlerRef } from './handler-ref.js';
import { LambdaRuntimeError } from './runtime-errors.js';

/** A Lambda handler as the runtime calls it. */
export type HandlerFunction = (event: unknown, context: object, callback: (error?: unknown, result?: unknown) => void) => unknown;

/** A loaded handler and where it came from. */
export interface LoadedHandler {
  readonly ref: HandlerRef;
  readonly file: HandlerFile;
  readonly handler: HandlerFunction;
}

const nodeRequire = createRequire(import.meta.url);
/** This package's compiled lambda folder (dist/lambda). */
const OWN_DIR = path.dirname(fileURLToPath(import.meta.url));

/**
 * Loads a module the way Lambda does: `require` for CommonJS, `import()` for ESM.
 *
 * `instanceKey` asks for a module instance of its own (used in inline mode, where several
 * execution environments share one thread): ESM is imported with a `?lambda-env=` query, which
 * Node and vitest both treat as a distinct module; CommonJS is required with the cache entry set
 * aside, so the file is evaluated again. Modules the handler itself imports stay shared.
 */
export async function loadModule(file: HandlerFile, instanceKey?: string): Promise<unknown> {
  try {
    if (file.loader === 'import') {
      const url = pathToFileURL(file.path).href + (instanceKey === undefined ? '' : `?lambda-env=${instanceKey}`);
      return (await import(/* @vite-ignore */ url)) as unknown;
    }
    if (instanceKey === undefined) return nodeRequire(file.path) as unknown;
    const cached = nodeRequire.cache[file.path];
    delete nodeRequire.cache[file.path];
    try {
      return nodeRequire(file.path) as unknown;
    } finally {
      if (cached === undefined) delete nodeRequire.cache[file.path];
      else nodeRequire.cache[file.path] = cached;
    }
  } catch (error) {
    throw classifyLoadError(error);
  }
}

/** Maps a load failure to the runtime's error, as `UserFunction.js` does. */
function classifyLoadError(error: unknown): unknown {
  if (error instanceof SyntaxError) return new LambdaRuntimeError('UserCodeSyntaxError', String(error));
  const code = (error as { code?: unknown } | null)?.code;
  // ESM reports ERR_MODULE_NOT_FOUND; the Node.js 20 runtime reports both as ImportModuleError.
  if (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') {
    // Errors from Node's loader thread (module hooks) arrive without Node's `Error [CODE]` name.
    // The require stack ends in our loader, where Lambda's names its own runtime: leave ours out.
    const text = String(error).split('\n').filter((line) => !line.startsWith(`- ${OWN_DIR}`)).join('\n');
    const named = code === 'ERR_MODULE_NOT_FOUND' && text.startsWith('Error: ') ? `Error [${code}]: ${text.slice(7)}` : text;
    return new LambdaRuntimeError('ImportModuleError', named);
  }
  return error;
}

/** Follows a dotted export path (`routes.onMessage`) through a module, as the runtime does. */
export function pickExport(moduleValue: unknown, exportPath: string): unknown {
  let current = moduleValue;
  for (const key of exportPath.split('.')) {
    if (current === null || current === undefined) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** Where a function's code is when it is not found by resolving the handler string (a TypeScript build). */
export interface PreparedCode {
  /** The built module to load instead of resolving the handler. */
  readonly moduleFile?: HandlerFile;
  /** Why the build failed: loading fails as Lambda fails a module with a syntax error. */
  readonly buildError?: string;
}

/** Resolves, loads and returns the handler function; throws the runtime's errors. */
export async function loadHandler(root: string, handler: string, instanceKey?: string, prepared: PreparedCode = {}): Promise<LoadedHandler> {
  const ref = parseHandlerRef(handler);
  if (prepared.buildError !== undefined) throw new LambdaRuntimeError('UserCodeSyntaxError', prepared.buildError);
  const file = prepared.moduleFile ?? resolveHandlerFile(root, ref);
  if (file === undefined) {
    throw new LambdaRuntimeError('ImportModuleError', `Error: Cannot find module '${ref.moduleName}'`);
  }
  const candidate = pickExport(await loadModule(file, instanceKey), ref.exportPath);
  if (!candidate) throw new LambdaRuntimeError('HandlerNotFound', `${handler} is undefined or not exported`);
  if (typeof candidate !== 'function') throw new LambdaRuntimeError('HandlerNotFound', `${handler} is not a function`);
  return { ref, file, handler: candidate as HandlerFunction };
}

