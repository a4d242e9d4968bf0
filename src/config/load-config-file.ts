import { readFile, stat } from 'node:fs/promises';
import { statSync } from 'node:fs';
import path from 'node:path';
import { checkConfigTypes } from './check-config-types.js';
import { importConfigModule, type ConfigFileContent } from './import-config-module.js';
import { locateJsonError } from './locate-json-error.js';
import type { LoadedSource, ProjectOptions } from './project-options.js';

export { CONFIG_FILE_KEYS } from './check-config-types.js';

/** The names `findConfigFile` looks for, in order of preference. */
export const CONFIG_FILE_NAMES = ['apigw-ws.config.json', 'apigw-ws.config.mjs'] as const;

/** Extensions loaded with `import()`; `.js` and `.cjs` only when named explicitly (`--config`). */
const MODULE_EXTENSIONS = ['.mjs', '.js', '.cjs'];

/**
 * The project's config file in `dir` (absolute path), or undefined when there is none. When both
 * `apigw-ws.config.json` and `apigw-ws.config.mjs` exist the `.json` one is used and the `.mjs`
 * one is ignored (not an error: the order of `CONFIG_FILE_NAMES` decides).
 */
export function findConfigFile(dir: string): string | undefined {
  for (const name of CONFIG_FILE_NAMES) {
    const file = path.resolve(dir, name);
    if (statSync(file, { throwIfNoEntry: false })?.isFile()) return file;
  }
  return undefined;
}

/**
 * Reads a config file: `.json`, or a module (`.mjs`, or `.js`/`.cjs` given explicitly) whose
 * default export is the options object, a promise of it, or a function (called with no
 * arguments, possibly async) returning either. Checks every key and type at once; ranges are left
 * to `resolveOptions`. Never throws for a user's mistake: a missing file, a syntax error (with
 * `file:line:column` when Node can tell) or a wrong option each become a problem
 * starting with the file's path relative to `process.cwd()`. When there are problems, `options`
 * is `{}`.
 *
 * Paths are made independent of the working directory: `root` (default: the file's directory),
 * `template`, `serverless` and `dynamodb.persistDir` become absolute, resolved from the file's
 * directory. Handler strings, `codeDir` and `staticDir` stay relative to `root`, which the library
 * resolves them from. A top-level `$schema` (for editors) is dropped.
 */
export async function loadConfigFile(file: string): Promise<LoadedSource> {
  const absolute = path.resolve(file);
  const name = path.relative(process.cwd(), absolute) || absolute;
  const failed = (problems: readonly string[]): LoadedSource => ({ file: absolute, options: {}, warnings: [], problems });
  const stats = await stat(absolute).catch(() => undefined);
  if (!stats) return failed([`${name}: no such file`]);
  if (!stats.isFile()) return failed([`${name}: is not a file`]);
  const extension = path.extname(absolute).toLowerCase();
  let read: ConfigFileContent;
  if (extension === '.json') read = await readJsonFile(absolute, name);
  else if (MODULE_EXTENSIONS.includes(extension)) read = await importConfigModule(absolute, name);
  else return failed([`${name}: a config file is .json or .mjs (or .js, .cjs), not ${extension || 'a file without extension'}`]);
  if ('problems' in read) return failed(read.problems);
  const problems = checkConfigTypes(read.value).map((problem) => `${name}: ${problem}`);
  if (problems.length > 0) return failed(problems);
  return { file: absolute, options: rebasePaths(read.value as ProjectOptions, path.dirname(absolute)), warnings: [], problems: [] };
}

async function readJsonFile(file: string, name: string): Promise<ConfigFileContent> {
  let text: string;
  try {
    // Editors on Windows may start the file with a byte order mark, which JSON.parse refuses.
    text = (await readFile(file, 'utf8')).replace(/^\uFEFF/, '');
  } catch (error) {
    return { problems: [`${name}: cannot read it: ${(error as Error).message}`] };
  }
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (error) {
    const location = locateJsonError(text, (error as Error).message);
    return { problems: [`${name}:${location.line}:${location.column}: JSON syntax error: ${location.reason}`] };
  }
}

function rebasePaths(options: ProjectOptions & { readonly $schema?: string }, dir: string): ProjectOptions {
  const { $schema: _schema, ...rest } = options;
  const defined = Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined)) as ProjectOptions;
  const fromFile = (relative: string): string => path.resolve(dir, relative);
  const { template, serverless, dynamodb } = defined;
  return {
    ...defined,
    root: fromFile(defined.root ?? '.'),
    ...(template !== undefined ? { template: fromFile(template) } : {}),
    ...(serverless !== undefined ? { serverless: fromFile(serverless) } : {}),
    ...(dynamodb && dynamodb.persistDir !== undefined ? { dynamodb: { ...dynamodb, persistDir: fromFile(dynamodb.persistDir) } } : {}),
  };
}
