import type { TemplateReport } from '../cloudformation/template-report.js';
import type { FunctionBuildOptions } from '../options.js';
import type { VariableResolver } from './serverless-variables.js';
import { isRecord } from '../../util/is-record.js';

/**
 * Plugins that compile TypeScript (or bundle) before deploying: a TypeScript handler runs here as
 * it is (the emulator transpiles it), so they need no warning.
 */
const TYPESCRIPT_PLUGINS: ReadonlySet<string> = new Set(['serverless-esbuild', 'serverless-webpack', 'serverless-plugin-typescript', 'serverless-bundle']);

/**
 * Reads `plugins`: warns about the ones whose work is not done here, and gives the TypeScript
 * build settings of serverless-esbuild or serverless-plugin-typescript, for functions whose handler
 * is TypeScript (undefined when there are none).
 */
export function readPlugins(resolver: VariableResolver, report: TemplateReport): FunctionBuildOptions | undefined {
  const plugins = report.attempt('plugins', () => resolver.resolve(['plugins']), 'warning');
  // `plugins: [...]`, or `plugins: { localPath, modules: [...] }`.
  const names = (Array.isArray(plugins) ? plugins : isRecord(plugins) && Array.isArray(plugins.modules) ? plugins.modules : []).map(String);
  const others = names.filter((name) => !TYPESCRIPT_PLUGINS.has(name));
  if (others.length > 0) {
    const offline = others.includes('serverless-offline') ? ' (serverless-offline is not needed with it)' : '';
    report.warn('plugins', `not run: ${others.join(', ')}; apigw-ws-local reads serverless.yml as written${offline}`);
  }
  if (names.includes('serverless-esbuild')) return readEsbuild(resolver, report);
  if (names.includes('serverless-plugin-typescript')) return readPluginTypescript(resolver, report);
  return undefined;
}

/**
 * serverless-esbuild's `custom.esbuild` (https://www.serverless.com/plugins/serverless-esbuild):
 * `format`, `target`, `external` and `exclude` (both kept out of the bundle), `tsconfig`;
 * `outputFileExtension: .mjs` means ES modules.
 */
function readEsbuild(resolver: VariableResolver, report: TemplateReport): FunctionBuildOptions | undefined {
  const settings = report.attempt('custom.esbuild', () => resolver.resolve(['custom', 'esbuild']));
  if (!isRecord(settings)) return undefined;
  const build: { -readonly [K in keyof FunctionBuildOptions]: FunctionBuildOptions[K] } = {};
  const { format, target, tsconfig, outputFileExtension, config } = settings;
  if (format === 'esm' || format === 'cjs') build.format = format;
  else if (format !== undefined) report.warn('custom.esbuild.format', `${JSON.stringify(format)} is not a module format Lambda loads (esm or cjs); the handlers are built with the default`);
  if (format === undefined && outputFileExtension === '.mjs') build.format = 'esm';
  if (typeof target === 'string' && target !== '') build.target = target;
  if (typeof tsconfig === 'string' && tsconfig !== '') build.tsconfig = tsconfig;
  const external = [...stringsOf(settings.external), ...stringsOf(settings.exclude)].filter((name) => name !== '*');
  if (external.length > 0) build.external = [...new Set(external)];
  if (config !== undefined) {
    report.warn('custom.esbuild.config', `${String(config)} is not run (it is JavaScript): the handlers are built with the settings of custom.esbuild`);
  }
  return Object.keys(build).length > 0 ? build : undefined;
}

/** serverless-plugin-typescript's `custom.serverlessPluginTypescript.tsConfigFileLocation` (https://www.serverless.com/plugins/serverless-plugin-typescript). */
function readPluginTypescript(resolver: VariableResolver, report: TemplateReport): FunctionBuildOptions | undefined {
  const path = ['custom', 'serverlessPluginTypescript', 'tsConfigFileLocation'];
  const tsconfig = report.attempt(path.join('.'), () => resolver.resolve(path));
  return typeof tsconfig === 'string' && tsconfig !== '' ? { tsconfig } : undefined;
}

function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
