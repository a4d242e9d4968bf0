/**
 * Makes `import`/`require` of the AWS SDK v3 work in handler code that does not install it, as the
 * Lambda runtime does (see sdk-resolve-hook.ts). Installed once per execution environment thread,
 * before the handler's module loads.
 */
import Module, { createRequire, register } from 'node:module';
import { isRuntimeSdkSpecifier } from './runtime-sdk-names.js';
import { resolveWorkerEntry } from './worker-entry-url.js';

type ResolveFilename = (request: string, parent: unknown, isMain: boolean, options?: unknown) => string;

const INSTALLED = Symbol.for('apigw-ws-local.runtime-sdk');

/** Installs the ESM hook and the CommonJS fallback in this thread (once; later calls do nothing). */
export function installRuntimeSdk(): void {
  const flags = globalThis as { [INSTALLED]?: boolean };
  if (flags[INSTALLED]) return;
  flags[INSTALLED] = true;
  // Resolving from this file finds the SDK installed with apigw-ws-local.
  const fallbackParentUrl = import.meta.url;
  // Hooks run in Node's loader thread, so the hook must be compiled JavaScript (dist/ under vitest).
  register(new URL('./sdk-resolve-hook.js', resolveWorkerEntry()), { data: { fallbackParentUrl } });
  const ownRequire = createRequire(import.meta.url);
  const loader = Module as unknown as { _resolveFilename: ResolveFilename };
  const original = loader._resolveFilename;
  loader._resolveFilename = function (request, parent, isMain, options) {
    try {
      return original.call(this, request, parent, isMain, options);
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'MODULE_NOT_FOUND' || !isRuntimeSdkSpecifier(request)) throw error;
      try {
        return ownRequire.resolve(request);
      } catch {
        throw error;
      }
    }
  };
}
