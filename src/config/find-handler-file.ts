import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseHandlerRef } from '../lambda/handler-ref.js';

/** Why a Lambda handler string cannot be loaded from `dir`, or undefined when its file is there. */
export type HandlerFileProblem =
  | { readonly kind: 'shape' }
  /** No file for the module (`shown` is the module path relative to the working directory). */
  | { readonly kind: 'missing'; readonly shown: string };

/** Extensions a handler's module may have: what Lambda loads, then TypeScript, which is built first. */
export const HANDLER_EXTENSIONS = ['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts'] as const;

/**
 * Checks a handler string (`path/to/file.export`) against the files in `dir`, splitting it as the
 * Node.js runtime does (see handler-ref.ts): Lambda checks at invoke time; a project loader checks
 * before the port opens, so the user learns with the file named. A TypeScript file counts: the
 * emulator builds it before it runs.
 */
export function findHandlerFileProblem(dir: string, handler: string): HandlerFileProblem | undefined {
  let modulePath: string;
  try {
    modulePath = parseHandlerRef(handler).modulePath;
  } catch {
    return { kind: 'shape' };
  }
  const absolute = path.resolve(dir, modulePath);
  if (HANDLER_EXTENSIONS.some((ext) => existsSync(absolute + ext))) return undefined;
  return { kind: 'missing', shown: path.relative(process.cwd(), absolute) || '.' };
}
