/**
 * Which functions a changed file belongs to: a file inside a function's code folder, one of its
 * layers, or beside its TypeScript entry (and tsconfig). Several functions often share one folder
 * (routes given as `handlers/x.handler` all run from the project folder): a change there reloads
 * them all, as a cold start would load every file again anyway.
 */
import path from 'node:path';
import type { FunctionDefinition } from '../lambda/types.js';

/** The folders whose files make up each function's code. */
export function codeFoldersOf(fn: FunctionDefinition): string[] {
  const folders = [fn.root];
  for (const layer of fn.layers ?? []) folders.push(layer.optDir ?? layer.nodejsDir);
  if (fn.build !== undefined) {
    folders.push(path.dirname(fn.build.entry));
    if (fn.build.tsconfig !== undefined) folders.push(path.dirname(fn.build.tsconfig));
  }
  return [...new Set(folders)];
}

/** The names of the functions whose code folders hold any of `files` (absolute paths). */
export function findTouchedFunctions(functions: readonly FunctionDefinition[], files: readonly string[]): string[] {
  return functions.filter((fn) => codeFoldersOf(fn).some((folder) => files.some((file) => isInside(file, folder)))).map((fn) => fn.name);
}

/** True when `file` is `folder` or below it. */
export function isInside(file: string, folder: string): boolean {
  const relative = path.relative(folder, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}
