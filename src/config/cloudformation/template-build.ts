import type { FunctionBuildOptions } from '../options.js';
import type { FunctionRef, TemplateReport } from './template-report.js';
import type { TemplateResource } from './template-resources.js';
import { isRecord } from '../../util/is-record.js';

/**
 * BuildProperties that change what the built code does. They are not applied locally, so the user
 * hears of it; the rest (Minify, Sourcemap, MainFields, OutExtension...) change nothing a handler sees.
 */
const UNAPPLIED_PROPERTIES = ['Banner', 'Footer', 'Define', 'Inject', 'Loader'];

/**
 * A function's esbuild settings from SAM's `Metadata: { BuildMethod: esbuild, BuildProperties }`:
 * https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/serverless-sam-cli-using-build-typescript.html
 * Returns undefined without esbuild metadata, false when the settings cannot be used (a problem is reported).
 */
export function readEsbuildMetadata(resource: TemplateResource, fn: FunctionRef, report: TemplateReport): FunctionBuildOptions | undefined | false {
  const metadata = resource.metadata ?? {};
  if (typeof metadata.BuildMethod !== 'string' || metadata.BuildMethod.toLowerCase() !== 'esbuild') return undefined;
  const where = `${resource.logicalId} Metadata.BuildProperties`;
  const properties = isRecord(metadata.BuildProperties) ? metadata.BuildProperties : {};
  const entryPoints = stringList(properties.EntryPoints);
  const external = stringList(properties.External);
  if (entryPoints === false || external === false) {
    report.problem(where, `${entryPoints === false ? 'EntryPoints' : 'External'} must be a list of strings`);
    return false;
  }
  const format = properties.Format === undefined ? undefined : String(properties.Format).toLowerCase();
  if (format !== undefined && format !== 'esm' && format !== 'cjs') {
    report.problem(where, `Format ${String(properties.Format)}: Lambda loads esm or cjs`);
    return false;
  }
  const unapplied = UNAPPLIED_PROPERTIES.filter((key) => properties[key] !== undefined);
  if (unapplied.length > 0) {
    report.warnFunction(fn, `Metadata.BuildProperties ${unapplied.join(', ')} not applied locally: the handler is built with EntryPoints, Format, Target and External only`);
  }
  return {
    ...(entryPoints === undefined ? {} : { entryPoints }),
    ...(format === undefined ? {} : { format }),
    ...(properties.Target === undefined ? {} : { target: String(properties.Target) }),
    ...(external === undefined ? {} : { external }),
  };
}

function stringList(value: unknown): string[] | undefined | false {
  if (value === undefined) return undefined;
  // SAM also takes one string where a list is expected.
  if (typeof value === 'string') return [value];
  return Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : false;
}
