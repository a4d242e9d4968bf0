import type { DynamoDbConfig, FunctionOptions } from './options.js';
import type { ProjectOptions } from './project-options.js';
import type { TableOptions } from '../dynamodb/index.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Lays `over` on `base`: the precedence "command line over config file over template". An
 * option `over` leaves undefined keeps `base`'s. Maps merge by key (a config file can add one
 * route or one variable without repeating the rest); functions merge by name, their environments
 * by variable; tables by name; `dynamodb: false` turns DynamoDB off.
 */
export function mergeProjectOptions(base: ProjectOptions, over: ProjectOptions): ProjectOptions {
  const merged: Mutable<ProjectOptions> = { ...base };
  const target = merged as Record<string, unknown>;
  for (const [key, value] of Object.entries(over)) {
    if (value === undefined) continue;
    switch (key) {
      case 'routes':
      case 'environment':
      case 'stageVariables':
      case 'parameterOverrides':
        target[key] = { ...(base[key] ?? {}), ...(value as object) };
        break;
      case 'functions':
        merged.functions = mergeFunctions(base.functions ?? {}, value as Record<string, FunctionOptions>);
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

function mergeFunctions(base: Readonly<Record<string, FunctionOptions>>, over: Readonly<Record<string, FunctionOptions>>): Record<string, FunctionOptions> {
  const merged: Record<string, FunctionOptions> = { ...base };
  for (const [name, fn] of Object.entries(over)) {
    const previous = base[name];
    merged[name] = previous === undefined ? fn : { ...previous, ...definedOnly(fn), environment: { ...(previous.environment ?? {}), ...(fn.environment ?? {}) } };
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
