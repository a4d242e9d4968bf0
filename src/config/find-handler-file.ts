import { existsSync } from 'node:fs';
import path from 'node:path';

/** Why a Lambda handler string cannot be loaded from `dir`, or undefined when its file is there. */
export type HandlerFileProblem =
  | { readonly kind: 'shape' }
  /** No .js/.mjs/.cjs, but a TypeScript file (`shown` is the module path relative to the working directory). */
  | { readonly kind: 'typescript'; readonly shown: string; readonly extension: string }
  | { readonly kind: 'missing'; readonly shown: string };

/**
 * Checks a handler string (`path/to/file.export`) against the files in `dir` as the Node.js
 * runtime would resolve it: Lambda checks at invoke time; a project loader checks before the port
 * opens, so the user learns with the file named.
 */
export function findHandlerFileProblem(dir: string, handler: string): HandlerFileProblem | undefined {
  const dot = handler.lastIndexOf('.');
  // The export is after the last dot; a dot in a directory name leaves a "/" after it.
  if (dot <= 0 || dot === handler.length - 1 || handler.slice(dot).includes('/')) return { kind: 'shape' };
  const modulePath = path.resolve(dir, handler.slice(0, dot));
  if (['.js', '.mjs', '.cjs'].some((ext) => existsSync(modulePath + ext))) return undefined;
  const shown = path.relative(process.cwd(), modulePath) || '.';
  const extension = ['.ts', '.mts', '.cts'].find((ext) => existsSync(modulePath + ext));
  return extension === undefined ? { kind: 'missing', shown } : { kind: 'typescript', shown, extension };
}
