import { existsSync } from 'node:fs';
import path from 'node:path';
import { resolveDynamoDbOptions, type ResolvedDynamoDbOptions } from '../dynamodb/index.js';
import { isEmulatorError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import type { Clock } from '../util/clock.js';
import type { EmulatorOptions } from './options.js';
import type { ProblemList } from './problems.js';

/** Stage variable names and values, by API Gateway's rules (letters, digits, `_`; values of URL-safe characters, at most 2048). */
export function checkStageVariables(problems: ProblemList, variables: Readonly<Record<string, string>> | undefined): Readonly<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(variables ?? {})) {
    if (!/^[A-Za-z0-9_]{1,64}$/.test(key)) problems.add(`stageVariables.${key}`, 'stage variable names are 1 to 64 letters, digits or "_"');
    else if (typeof value !== 'string' || value.length > 2048)
      problems.add(`stageVariables.${key}`, 'stage variable values are strings of at most 2048 characters');
    else result[key] = value;
  }
  return Object.freeze(result);
}

export function checkEnvironment(
  problems: ProblemList,
  where: string,
  environment: Readonly<Record<string, string>> | undefined,
): Readonly<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(environment ?? {})) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key))
      problems.add(`${where}.${key}`, 'environment variable names are letters, digits and "_", not starting with a digit');
    else if (typeof value !== 'string') problems.add(`${where}.${key}`, 'environment variable values are strings');
    else result[key] = value;
  }
  return Object.freeze(result);
}

/** The DynamoDB settings, with their problems added to the list under `dynamodb.`. */
export function resolveDynamoDb(
  problems: ProblemList,
  options: EmulatorOptions,
  region: string,
  logger: Logger,
  clock: Clock,
): false | ResolvedDynamoDbOptions {
  if (options.dynamodb === false) return false;
  try {
    return resolveDynamoDbOptions({ ...options.dynamodb, region, logger, clock });
  } catch (error) {
    if (!isEmulatorError(error)) throw error;
    for (const problem of error.problems) problems.add('dynamodb', problem);
    return false;
  }
}

export function resolveStaticDir(problems: ProblemList, root: string, staticDir: string | undefined): string | undefined {
  if (staticDir === undefined) return undefined;
  const absolute = path.resolve(root, staticDir);
  if (!existsSync(path.join(absolute, 'index.html'))) problems.add('staticDir', `${absolute} has no index.html: give the directory of the web page`);
  return absolute;
}

export function resolveCredentials(problems: ProblemList, credentials: EmulatorOptions['credentials']): EmulatorOptions['credentials'] {
  if (credentials === undefined) return undefined;
  if (
    typeof credentials?.accessKeyId !== 'string' ||
    credentials.accessKeyId === '' ||
    typeof credentials.secretAccessKey !== 'string' ||
    credentials.secretAccessKey === ''
  ) {
    problems.add('credentials', 'give both accessKeyId and secretAccessKey, e.g. --credentials AKIDLOCAL:secret');
    return undefined;
  }
  return { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey };
}
