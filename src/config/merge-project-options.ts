import type { DynamoDbConfig, RouteOptions } from './options.js';
import type { ProjectFunctionOptions, ProjectOptions } from './project-options.js';
import type { TableOptions } from '../dynamodb/index.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Lays `over` on `base`: the precedence "command line over config file over template". An
 * option `over` leaves undefined keeps `base`'s. Maps merge by key (a config file can add one
 * route or one variable without repeating the rest); functions merge by name, their environments
 * by variable; tables by name; `dynamodb: false` turns DynamoDB off, `authorizer: false` the
 * authorizer (an authorizer object replaces the one below it whole).
 */
export function mergeProjectOptions(base: ProjectOptions, over: ProjectOptions): ProjectOptions {
  const merged: Mutable<ProjectOptions> = { ...base };
  const target = merged as Record<string, unknown>;
  for (const [key, value] of Object.entries(over)) {
    if (value === undefined) continue;
    switch (key) {
      case 'routes':
        merged.routes = mergeRoutes(
          base.routes ?? {},
          value as NonNullable<ProjectOptions['routes']>,
          new Set([...Object.keys(base.functions ?? {}), ...Object.keys(over.functions ?? {})]),
        );
        break;
      case 'environment':
      case 'stageVariables':
      case 'parameterOverrides':
        target[key] = { ...(base[key] ?? {}), ...(value as object) };
        break;
      case 'functions':
        merged.functions = mergeFunctions(base.functions ?? {}, value as Record<string, ProjectFunctionOptions>);
        break;
      case 'dynamodb':
        merged.dynamodb = mergeDynamoDb(base.dynamodb, value as false | DynamoDbConfig);
        break;
      default:
        target[key] = value;
    }
  }
  return merged;
}

/** A route object laid on a route object merges (`--route-response KEY` on a template's route); anything else replaces. */
function mergeRoutes(
  base: NonNullable<ProjectOptions['routes']>,
  over: NonNullable<ProjectOptions['routes']>,
  functionNames: ReadonlySet<string>,
): Record<string, string | RouteOptions> {
  const merged: Record<string, string | RouteOptions> = { ...base };
  for (const [key, route] of Object.entries(over)) {
    const previous = base[key];
    const amends = typeof route === 'object' && route.handler === undefined && route.function === undefined && previous !== undefined;
    // A string route is a function's name when such a function is declared, else a handler (as resolveOptions reads it).
    const previousObject: RouteOptions | undefined =
      typeof previous === 'string' ? (functionNames.has(previous) ? { function: previous } : { handler: previous }) : previous;
    merged[key] = amends ? { ...previousObject, ...definedOnly(route) } : route;
  }
  return merged;
}

function mergeFunctions(
  base: Readonly<Record<string, ProjectFunctionOptions>>,
  over: Readonly<Record<string, ProjectFunctionOptions>>,
): Record<string, ProjectFunctionOptions> {
  const merged: Record<string, ProjectFunctionOptions> = { ...base };
  for (const [name, fn] of Object.entries(over)) {
    const previous = base[name];
    merged[name] =
      previous === undefined ? fn : { ...previous, ...definedOnly(fn), environment: { ...(previous.environment ?? {}), ...(fn.environment ?? {}) } };
  }
  return merged;
}

function mergeDynamoDb(base: false | DynamoDbConfig | undefined, over: false | DynamoDbConfig): false | DynamoDbConfig {
  if (over === false) return false;
  const previous = base === false || base === undefined ? {} : base;
  const tables = new Map<string, TableOptions>();
  for (const table of [...(previous.tables ?? []), ...(over.tables ?? [])]) tables.set(table.name, table);
  return { ...previous, ...definedOnly(over), tables: [...tables.values()] };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as Partial<T>;
}
