/**
 * What an execution environment can load beyond the function's own files, as on Lambda, where
 * `NODE_PATH` is `/opt/nodejs/nodeNN/node_modules:/opt/nodejs/node_modules:/var/runtime/node_modules`:
 * packages from the function's layers (unzipped into `/opt`), then the AWS SDK the runtime ships
 * (`aws-sdk` v2 up to nodejs16.x, `@aws-sdk/*` v3 from nodejs18.x).
 * https://docs.aws.amazon.com/lambda/latest/dg/packaging-layers.html#packaging-layers-paths
 * https://docs.aws.amazon.com/lambda/latest/dg/lambda-nodejs.html#nodejs-sdk-included
 */
import path from 'node:path';
import { isRuntimeSdkSpecifier, isSdkV2Specifier } from './runtime-sdk-names.js';
import type { FunctionDefinition } from './types.js';

/** The last Node.js major whose Lambda runtime ships `aws-sdk` v2 rather than v3. */
const LAST_SDK_V2_NODE_MAJOR = 16;
/** ES modules resolve packages from layers from nodejs18.x on (16 and older: CommonJS only). */
const FIRST_ESM_LAYERS_NODE_MAJOR = 18;

/** Module resolution of one execution environment beyond Node's own. */
export interface RuntimeModules {
  /** The SDK the runtime provides: `v3`, `v2`, or `both` (inline mode, where functions share a thread). */
  readonly sdk: 'v2' | 'v3' | 'both';
  /** Folders whose `node_modules` are searched after the function's own, in order (layers). */
  readonly searchDirs: readonly string[];
  /** Whether ES module imports search `searchDirs` too (Node.js 18+ runtimes). */
  readonly esmSearchesLayers: boolean;
  /** `/opt` path prefixes and the local folders that stand for them, tried in order. */
  readonly optMappings: ReadonlyArray<readonly [string, string]>;
}

/** The resolution a function's environment gets from its runtime and layers. */
export function buildRuntimeModules(fn: Pick<FunctionDefinition, 'runtimeMajor' | 'layers'>): RuntimeModules {
  const major = fn.runtimeMajor ?? Number(process.versions.node.split('.')[0]);
  // Later layers overwrite earlier ones where they unzip the same path, so the last one wins.
  const layers = [...(fn.layers ?? [])].reverse();
  const searchDirs = layers.flatMap((layer) => [path.join(layer.nodejsDir, `node${major}`), layer.nodejsDir]);
  const optMappings = layers.flatMap((layer): Array<readonly [string, string]> => [
    ['/opt/nodejs', layer.nodejsDir],
    ...(layer.optDir === undefined ? [] : [['/opt', layer.optDir] as const]),
  ]);
  return {
    sdk: major <= LAST_SDK_V2_NODE_MAJOR ? 'v2' : 'v3',
    searchDirs,
    esmSearchesLayers: major >= FIRST_ESM_LAYERS_NODE_MAJOR,
    optMappings,
  };
}

/** One resolution for several functions sharing a thread (inline mode): every layer, both SDKs. */
export function mergeRuntimeModules(all: readonly RuntimeModules[]): RuntimeModules {
  return {
    sdk: 'both',
    searchDirs: [...new Set(all.flatMap((item) => item.searchDirs))],
    esmSearchesLayers: true,
    optMappings: all.flatMap((item) => item.optMappings),
  };
}

/** The local paths an `/opt/...` specifier may stand for, in order (empty when it is not one). */
export function mapOptPath(specifier: string, mappings: RuntimeModules['optMappings']): string[] {
  if (!specifier.startsWith('/opt/')) return [];
  return mappings.flatMap(([prefix, dir]) => (specifier === prefix || specifier.startsWith(prefix + '/') ? [dir + specifier.slice(prefix.length)] : []));
}

/** Whether a bare specifier is a package the runtime provides to this environment. */
export function isProvidedSdk(specifier: string, sdk: RuntimeModules['sdk']): boolean {
  if (sdk === 'both') return isRuntimeSdkSpecifier(specifier) || isSdkV2Specifier(specifier);
  return sdk === 'v3' ? isRuntimeSdkSpecifier(specifier) : isSdkV2Specifier(specifier);
}

/** A bare package specifier (`pkg`, `@scope/pkg/sub`), not a path, URL or builtin. */
export function isBareSpecifier(specifier: string): boolean {
  return !/^(\.{0,2}\/|[a-zA-Z][a-zA-Z\d+.-]*:)/.test(specifier);
}
