import { existsSync } from 'node:fs';
import path from 'node:path';
import { isInModulePackage, parseHandlerRef } from '../lambda/handler-ref.js';
import type { ResolvedBuild, ResolvedLayer } from '../lambda/types.js';
import { findBuildEntry } from './find-build-entry.js';
import type { FunctionOptions, LayerOptions } from './options.js';
import type { ProblemList } from './problems.js';

const TYPESCRIPT = /\.(ts|mts|cts|tsx)$/;

/** Layer folders as the runtime searches them; a missing folder is a problem. */
export function resolveLayers(problems: ProblemList, where: string, root: string, layers: readonly LayerOptions[] | undefined): ResolvedLayer[] {
  return (layers ?? []).flatMap((layer, index): ResolvedLayer[] => {
    const dir = typeof layer === 'string' ? layer : layer?.dir;
    if (typeof dir !== 'string' || dir === '') {
      problems.add(`${where}[${index}]`, 'give the layer\'s directory (it stands for /opt), or { dir, mountedAt: "/opt/nodejs" }');
      return [];
    }
    const absolute = path.resolve(root, dir);
    if (!existsSync(absolute)) {
      problems.add(`${where}[${index}]`, `no directory ${absolute}: give the folder of the layer's content (the one holding nodejs/node_modules)`);
      return [];
    }
    return typeof layer !== 'string' && layer.mountedAt === '/opt/nodejs' ? [{ nodejsDir: absolute }] : [{ optDir: absolute, nodejsDir: path.join(absolute, 'nodejs') }];
  });
}

/**
 * The TypeScript build of a function, when its handler's file is TypeScript (Lambda's own order
 * first: a `.js` beside a `.ts` is what runs) or its `build.entryPoints` name the entry.
 */
export function resolveBuild(problems: ProblemList, where: string, codeDir: string, fn: FunctionOptions): ResolvedBuild | undefined {
  const options = fn.build ?? {};
  const modulePath = parseHandlerRef(fn.handler).modulePath;
  const compiled = ['.js', '.mjs', '.cjs'].some((ext) => existsSync(path.resolve(codeDir, modulePath + ext)));
  if (compiled && options.entryPoints === undefined) return undefined;
  const entry = findBuildEntry(codeDir, modulePath, options.entryPoints);
  if (entry === undefined) {
    problems.add(`${where}.build.entryPoints`, `no entry point builds module ${modulePath} of handler ${fn.handler} (entry points: ${(options.entryPoints ?? []).join(', ')}); esbuild writes each entry as its path relative to the entries' common folder`);
    return undefined;
  }
  if (!TYPESCRIPT.test(entry) && options.entryPoints === undefined) return undefined;
  const format = options.format ?? (entry.endsWith('.mts') ? 'esm' : entry.endsWith('.cts') ? 'cjs' : isInModulePackage(path.dirname(entry)) ? 'esm' : 'cjs');
  return {
    entry,
    format,
    target: options.target,
    external: options.external ?? [],
    tsconfig: options.tsconfig === undefined ? undefined : path.resolve(codeDir, options.tsconfig),
  };
}
