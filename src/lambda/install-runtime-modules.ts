/**
 * Installs `runtime-modules.ts`'s resolution in this thread, before the handler's module loads:
 * an ESM resolve hook (`module.register`) and a fallback around CommonJS's `_resolveFilename`.
 * Resolution always runs as usual first, so a function that bundles its own copy of a package
 * keeps it; only what fails is looked up in the layers, then in our SDK copy.
 */
import Module, { createRequire, register } from 'node:module';
import path from 'node:path';
import { isBareSpecifier, isProvidedSdk, mapOptPath, type RuntimeModules } from './runtime-modules.js';
import { resolveWorkerEntry } from './worker-entry-url.js';

type ResolveFilename = (request: string, parent: unknown, isMain: boolean, options?: unknown) => string;

const INSTALLED = Symbol.for('apigw-ws-local.runtime-modules');

/** Installs the ESM hook and the CommonJS fallback in this thread (once; later calls do nothing). */
export function installRuntimeModules(modules: RuntimeModules): void {
  const flags = globalThis as { [INSTALLED]?: boolean };
  if (flags[INSTALLED]) return;
  flags[INSTALLED] = true;
  // Resolving from this file finds the SDK installed with apigw-ws-local.
  const fallbackParentUrl = import.meta.url;
  // Hooks run in Node's loader thread, so the hook must be compiled JavaScript (dist/ under vitest).
  register(new URL('./runtime-modules-hook.js', resolveWorkerEntry()), { data: { fallbackParentUrl, modules } });
  const ownRequire = createRequire(import.meta.url);
  const layerRequires = modules.searchDirs.map((dir) => createRequire(path.join(dir, 'noop.js')));
  const loader = Module as unknown as { _resolveFilename: ResolveFilename };
  const original = loader._resolveFilename;
  // Our own look-ups below go through `_resolveFilename` too: they must not search again.
  let searching = false;
  loader._resolveFilename = function (request, parent, isMain, options) {
    try {
      return original.call(this, request, parent, isMain, options);
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'MODULE_NOT_FOUND' || searching) throw error;
      searching = true;
      try {
        const found = resolveBeyond(request, modules, layerRequires, ownRequire);
        if (found === undefined) throw error;
        return found;
      } finally {
        searching = false;
      }
    }
  };
}

function resolveBeyond(request: string, modules: RuntimeModules, layerRequires: readonly NodeJS.Require[], ownRequire: NodeJS.Require): string | undefined {
  const attempts: Array<() => string> = [
    ...mapOptPath(request, modules.optMappings).map((candidate) => () => ownRequire.resolve(candidate)),
    ...(isBareSpecifier(request) ? layerRequires.map((layerRequire) => () => layerRequire.resolve(request)) : []),
    ...(isProvidedSdk(request, modules.sdk) ? [() => ownRequire.resolve(request)] : []),
  ];
  for (const attempt of attempts) {
    try {
      return attempt();
    } catch {
      // the next place
    }
  }
  return undefined;
}
