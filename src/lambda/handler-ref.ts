/**
 * Lambda handler strings (`path/to/file.export`) and the file they name, resolved exactly as the
 * Node.js runtime does (runtime interface client, `UserFunction.js`):
 * https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html
 *
 * - The module name is the part of the LAST path segment before its FIRST dot; the rest is the
 *   export, possibly nested (`handlers/chat.routes.onMessage` is export `routes.onMessage` of
 *   `handlers/chat`). So a file named `chat.v2.js` cannot be a Lambda handler, on AWS or here.
 * - Files are tried in the runtime's order: the extensionless path (CommonJS); `.js` as CommonJS
 *   unless the nearest package.json says `"type": "module"`; then `.js` as ESM (if it does),
 *   `.mjs`, `.cjs`; last, `require.resolve(module)` from the root (a package in node_modules).
 *
 * This does synchronous file-system look-ups: it runs once per execution environment (cold start)
 * and during option validation, never per invocation.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { LambdaRuntimeError } from './runtime-errors.js';

/** A parsed handler string. */
export interface HandlerRef {
  /** The handler string as given, e.g. `handlers/chat.onMessage`. */
  readonly handler: string;
  /** The module path without extension, relative to the root: `handlers/chat`. */
  readonly modulePath: string;
  /** The module name alone: `chat`. */
  readonly moduleName: string;
  /** The export, dot-separated when nested: `onMessage`. */
  readonly exportPath: string;
}

/** How the runtime loads a resolved file. */
export type ModuleLoader = 'require' | 'import';

/** The file a handler string names, and how Lambda would load it. */
export interface HandlerFile {
  readonly path: string;
  readonly loader: ModuleLoader;
}

/**
 * Splits a handler string. Throws `Runtime.MalformedHandlerName` as Lambda does for `..` in the
 * handler and for a last segment without a dot ("Bad handler").
 */
export function parseHandlerRef(handler: string): HandlerRef {
  if (handler.includes('..')) {
    throw new LambdaRuntimeError(
      'MalformedHandlerName',
      `'${handler}' is not a valid handler name. Use absolute paths when specifying root directories in handler names.`,
    );
  }
  const last = basename(handler);
  const dot = last.indexOf('.');
  if (dot <= 0 || dot === last.length - 1) throw new LambdaRuntimeError('MalformedHandlerName', 'Bad handler');
  const moduleDir = handler.slice(0, handler.length - last.length);
  const moduleName = last.slice(0, dot);
  return { handler, modulePath: moduleDir + moduleName, moduleName, exportPath: last.slice(dot + 1) };
}

/** True when the nearest package.json above `folder` (stopping at node_modules) has `"type": "module"`. */
export function isInModulePackage(folder: string): boolean {
  for (let current = folder; ; current = dirname(current)) {
    if (basename(current) === 'node_modules') return false;
    const manifest = join(current, 'package.json');
    if (existsSync(manifest)) {
      try {
        return (JSON.parse(readFileSync(manifest, 'utf8')) as { type?: unknown }).type === 'module';
      } catch {
        return false; // Lambda warns and ignores an unreadable package.json.
      }
    }
    if (dirname(current) === current) return false;
  }
}

/** Finds the file Lambda would load for `ref` under `root`, or `undefined` when there is none. */
export function resolveHandlerFile(root: string, ref: HandlerRef): HandlerFile | undefined {
  const base = resolve(root, ref.modulePath);
  if (existsSync(base)) return { path: base, loader: 'require' };
  const typeModule = isInModulePackage(dirname(base));
  if (existsSync(base + '.js')) return { path: base + '.js', loader: typeModule ? 'import' : 'require' };
  if (existsSync(base + '.mjs')) return { path: base + '.mjs', loader: 'import' };
  if (existsSync(base + '.cjs')) return { path: base + '.cjs', loader: 'require' };
  try {
    const moduleDir = resolve(root, dirname(ref.modulePath));
    const path = createRequire(join(root, 'noop.js')).resolve(ref.moduleName, { paths: [root, moduleDir] });
    return { path, loader: 'require' };
  } catch {
    return undefined;
  }
}
