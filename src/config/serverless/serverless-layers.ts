import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { buildLayerLogicalId } from './serverless-naming.js';
import type { ServerlessReport } from './serverless-report.js';
import { formatPath, type ConfigPath, type VariableResolver } from './serverless-variables.js';
import { isRecord } from '../../util/is-record.js';

/** The layers of serverless.yml's functions, as folders standing for `/opt`. */
export interface LayerCatalog {
  /**
   * The function's layers (`functions.KEY.layers`, else `provider.layers`, as the Framework picks
   * them), each the absolute folder of a layer of the top-level `layers`. `name` is the function's
   * deployed name, for messages.
   */
  forFunction(key: string, name: string): string[];
  /** A function left out after all (it cannot run here): flush() does not name it. */
  forget(name: string): void;
  /** One warning per layer that is not built here (an ARN), naming the functions that use it. */
  flush(): void;
}

/**
 * Layers as the Framework builds them (https://www.serverless.com/framework/docs/providers/aws/guide/layers):
 * the `path` folder of a layer is zipped as the layer's root, which Lambda unzips into `/opt`, so
 * `path/nodejs/node_modules` is `/opt/nodejs/node_modules`; a function names it with
 * `{ Ref: NameLambdaLayer }`. A published layer (an ARN) is not downloaded.
 */
export function createLayerCatalog(resolver: VariableResolver, report: ServerlessReport, serviceDir: string): LayerCatalog {
  const folders = new Map<string, string | undefined>();
  const external = new Map<string, { where: string; functions: string[] }>();

  const folderOf = (layerName: string): string | undefined => {
    if (folders.has(layerName)) return folders.get(layerName);
    const folder = readFolder(layerName);
    folders.set(layerName, folder);
    return folder;
  };

  const readFolder = (layerName: string): string | undefined => {
    const where = `layers.${layerName}`;
    const given = report.attempt(`${where}.path`, () => resolver.resolve(['layers', layerName, 'path']), 'warning', '; the layer is left out');
    if (typeof given !== 'string' || given === '') {
      if (given === undefined || given === null) report.warn(where, 'has no path: the layer is left out; give the folder it is built from, e.g. path: layers/common');
      return undefined;
    }
    const folder = path.resolve(serviceDir, given);
    if (!existsSync(folder) || !statSync(folder).isDirectory()) {
      report.warn(`${where}.path`, `${given} is not a folder (paths are relative to the service directory): the layer is left out`);
      return undefined;
    }
    if (!existsSync(path.join(folder, 'nodejs'))) {
      // https://docs.aws.amazon.com/lambda/latest/dg/packaging-layers.html#packaging-layers-paths
      report.warn(`${where}.path`, `${given} has no nodejs folder, so the modules in it will not resolve (Lambda looks in /opt/nodejs/node_modules): put them in ${path.posix.join(given, 'nodejs/node_modules')}`);
    }
    return folder;
  };

  const ownLayers = (): Map<string, string> => {
    const declared = report.attempt('layers', () => resolver.resolveShallow(['layers']));
    const byId = new Map<string, string>();
    if (isRecord(declared)) for (const layerName of Object.keys(declared)) byId.set(buildLayerLogicalId(layerName), layerName);
    return byId;
  };

  const readList = (key: string): { list: unknown[]; at: ConfigPath } | undefined => {
    for (const at of [['functions', key, 'layers'], ['provider', 'layers']] as const) {
      const list = report.attempt(formatPath(at), () => resolver.resolve(at) ?? null, 'warning', '; the layers are left out');
      if (list === undefined) return undefined;
      if (list === null) continue;
      if (Array.isArray(list)) return { list, at };
      report.warn(formatPath(at), 'must be a list of layers, e.g. - { Ref: CommonLambdaLayer }; the layers are left out');
      return undefined;
    }
    return undefined;
  };

  return {
    forFunction(key, name) {
      const found = readList(key);
      if (found === undefined) return [];
      const byId = found.list.length > 0 ? ownLayers() : new Map<string, string>();
      const result: string[] = [];
      found.list.forEach((item, index) => {
        const ref = isRecord(item) && typeof item.Ref === 'string' ? item.Ref : undefined;
        const layerName = ref === undefined ? undefined : byId.get(ref);
        if (layerName !== undefined) {
          const folder = folderOf(layerName);
          if (folder !== undefined && !result.includes(folder)) result.push(folder);
          return;
        }
        const shown = typeof item === 'string' ? item : ref !== undefined ? `Ref ${ref}` : JSON.stringify(item);
        const entry = external.get(shown) ?? { where: formatPath([...found.at, index]), functions: [] };
        if (!entry.functions.includes(name)) entry.functions.push(name);
        external.set(shown, entry);
      });
      return result;
    },
    forget(name) {
      for (const entry of external.values()) entry.functions = entry.functions.filter((known) => known !== name);
    },
    flush() {
      for (const [shown, { where, functions }] of external) {
        if (functions.length === 0) continue;
        const what = shown.startsWith('arn:') ? 'a published layer, not downloaded here' : "not a layer of this service's layers";
        report.warn(
          where,
          `${shown} is ${what}, so its modules will not resolve locally (functions ${functions.join(', ')}): install them in the service's directory, or list the function's layer folders, with this one's, in apigw-ws.config.json functions.<name>.layers (the list replaces serverless.yml's)`,
        );
      }
    },
  };
}
