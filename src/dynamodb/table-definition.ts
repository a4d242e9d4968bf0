/**
 * The tables the emulator creates before it accepts its first connection: the part of
 * CreateTable a WebSocket app needs (keys, global secondary indexes, a TTL attribute).
 * Naming rules are DynamoDB's:
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html
 */

import { isRecord } from '../util/is-record.js';

/** A key attribute's type: string, number or binary. */
export type KeyType = 'S' | 'N' | 'B';

export interface KeyAttribute {
  readonly name: string;
  readonly type: KeyType;
}

/** A key attribute as written in options: a bare name (type S) or `{ name, type }` (type defaults to S). */
export type KeyAttributeOptions = string | { readonly name: string; readonly type?: KeyType };

/** What an index copies: every attribute, only the keys, or the keys plus the listed attributes (INCLUDE). */
export type Projection = 'ALL' | 'KEYS_ONLY' | readonly string[];

export interface GlobalSecondaryIndexOptions {
  readonly name: string;
  readonly hashKey: KeyAttributeOptions;
  readonly rangeKey?: KeyAttributeOptions;
  /**
   * `'ALL'` (default), `'KEYS_ONLY'` or the attributes to include. Typed as `string` too so that
   * definitions read from JSON fit; other strings are reported when the options are checked.
   */
  readonly projection?: Projection | string;
}

export interface TableOptions {
  /** 3 to 255 characters of a-z, A-Z, 0-9, `_`, `-`, `.`. */
  readonly name: string;
  /** The partition key. */
  readonly hashKey: KeyAttributeOptions;
  /** The sort key, if any. */
  readonly rangeKey?: KeyAttributeOptions;
  readonly globalSecondaryIndexes?: readonly GlobalSecondaryIndexOptions[];
  /** Attribute holding each item's expiry time in epoch seconds; enables TTL on the table. */
  readonly ttlAttribute?: string;
}

export interface GlobalSecondaryIndex {
  readonly name: string;
  readonly hashKey: KeyAttribute;
  readonly rangeKey?: KeyAttribute;
  readonly projection: Projection;
}

/** A table after validation: every default filled in. */
export interface TableDefinition {
  readonly name: string;
  readonly hashKey: KeyAttribute;
  readonly rangeKey?: KeyAttribute;
  readonly globalSecondaryIndexes: readonly GlobalSecondaryIndex[];
  readonly ttlAttribute?: string;
}

/** DynamoDB's default quota of global secondary indexes per table. */
export const MAX_GLOBAL_SECONDARY_INDEXES = 20;
export const KEY_TYPES: readonly KeyType[] = ['S', 'N', 'B'];
const NAME_PATTERN = /^[A-Za-z0-9_.-]{3,255}$/;
const NAME_RULE = '3 to 255 characters of a-z, A-Z, 0-9, "_", "-" or "."';
const MAX_KEY_NAME_BYTES = 255;

export function isTableName(name: string): boolean {
  return NAME_PATTERN.test(name);
}

/** Why `name` cannot be a key attribute name, or undefined when it can. */
export function findKeyNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'is empty';
  if (Buffer.byteLength(name) > MAX_KEY_NAME_BYTES) return `is longer than ${MAX_KEY_NAME_BYTES} bytes`;
  return undefined;
}

type Problems = string[];
const show = (value: unknown): string => JSON.stringify(value) ?? String(value);

/**
 * Validates table options and fills in defaults. Returns every problem as `where: what, fix`
 * lines, so a config loader can merge them into one error.
 */
export function resolveTables(input: unknown, where = 'tables'): { tables: TableDefinition[]; problems: string[] } {
  const problems: Problems = [];
  const tables: TableDefinition[] = [];
  if (input === undefined) return { tables, problems };
  if (!Array.isArray(input)) {
    problems.push(`${where}: expected an array of tables, e.g. [{ name: 'connections', hashKey: 'connectionId' }]`);
    return { tables, problems };
  }
  const seen = new Map<string, string>();
  input.forEach((value: unknown, index) => {
    const at = `${where}[${index}]`;
    const table = resolveTable(problems, at, value);
    if (!table) return;
    const first = seen.get(table.name);
    if (first !== undefined) problems.push(`${at}.name: table "${table.name}" is defined twice (also at ${first})`);
    seen.set(table.name, at);
    tables.push(table);
  });
  return { tables, problems };
}

function resolveTable(problems: Problems, at: string, value: unknown): TableDefinition | undefined {
  if (!isRecord(value)) {
    problems.push(`${at}: expected an object like { name: 'connections', hashKey: 'connectionId' }, got ${show(value)}`);
    return undefined;
  }
  const before = problems.length;
  const name = value.name;
  if (typeof name !== 'string' || !isTableName(name)) problems.push(`${at}.name: ${show(name)} is not a table name: ${NAME_RULE}`);
  const types = new Map<string, { type: KeyType; where: string }>();
  const hashKey = resolveKey(problems, `${at}.hashKey`, value.hashKey, types, true);
  const rangeKey = resolveKey(problems, `${at}.rangeKey`, value.rangeKey, types, false);
  if (hashKey && rangeKey && hashKey.name === rangeKey.name) {
    problems.push(`${at}.rangeKey: "${rangeKey.name}" is the hash key too; a range key is a different attribute`);
  }
  const globalSecondaryIndexes = resolveIndexes(problems, `${at}.globalSecondaryIndexes`, value.globalSecondaryIndexes, types);
  const ttlAttribute = value.ttlAttribute;
  if (ttlAttribute !== undefined && (typeof ttlAttribute !== 'string' || findKeyNameProblem(ttlAttribute))) {
    problems.push(`${at}.ttlAttribute: ${show(ttlAttribute)} is not an attribute name: 1 to 255 bytes, e.g. 'ttl'`);
  }
  if (problems.length > before || !hashKey) return undefined;
  return {
    name: name as string,
    hashKey,
    ...(rangeKey ? { rangeKey } : {}),
    globalSecondaryIndexes,
    ...(ttlAttribute !== undefined ? { ttlAttribute: ttlAttribute as string } : {}),
  };
}

function resolveIndexes(problems: Problems, at: string, value: unknown, types: Map<string, { type: KeyType; where: string }>): GlobalSecondaryIndex[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.push(`${at}: expected an array like [{ name: 'byRoom', hashKey: 'room' }]`);
    return [];
  }
  if (value.length > MAX_GLOBAL_SECONDARY_INDEXES) {
    problems.push(`${at}: ${value.length} indexes, DynamoDB allows ${MAX_GLOBAL_SECONDARY_INDEXES} per table (default quota)`);
  }
  const indexes: GlobalSecondaryIndex[] = [];
  const seen = new Set<string>();
  value.forEach((index: unknown, position) => {
    const here = `${at}[${position}]`;
    if (!isRecord(index)) {
      problems.push(`${here}: expected an object like { name: 'byRoom', hashKey: 'room' }, got ${show(index)}`);
      return;
    }
    const name = index.name;
    if (typeof name !== 'string' || !isTableName(name)) problems.push(`${here}.name: ${show(name)} is not an index name: ${NAME_RULE}`);
    else if (seen.has(name)) problems.push(`${here}.name: index "${name}" is defined twice in this table`);
    else seen.add(name);
    const hashKey = resolveKey(problems, `${here}.hashKey`, index.hashKey, types, true);
    const rangeKey = resolveKey(problems, `${here}.rangeKey`, index.rangeKey, types, false);
    if (hashKey && rangeKey && hashKey.name === rangeKey.name) {
      problems.push(`${here}.rangeKey: "${rangeKey.name}" is the index's hash key too; a range key is a different attribute`);
    }
    const projection = resolveProjection(problems, `${here}.projection`, index.projection);
    if (typeof name === 'string' && hashKey) indexes.push({ name, hashKey, ...(rangeKey ? { rangeKey } : {}), projection });
  });
  return indexes;
}

function resolveProjection(problems: Problems, at: string, value: unknown): Projection {
  if (value === undefined || value === 'ALL' || value === 'KEYS_ONLY') return value ?? 'ALL';
  if (Array.isArray(value) && value.length > 0 && value.every((name) => typeof name === 'string' && name.length > 0)) return value as string[];
  problems.push(`${at}: ${show(value)} is not 'ALL', 'KEYS_ONLY' or a non-empty array of attribute names (INCLUDE)`);
  return 'ALL';
}

function resolveKey(
  problems: Problems,
  at: string,
  value: unknown,
  types: Map<string, { type: KeyType; where: string }>,
  required: boolean,
): KeyAttribute | undefined {
  if (value === undefined) {
    if (required) problems.push(`${at}: missing; give the partition key attribute, e.g. 'connectionId' or { name: 'score', type: 'N' }`);
    return undefined;
  }
  const name = typeof value === 'string' ? value : isRecord(value) ? value.name : undefined;
  const type = isRecord(value) && value.type !== undefined ? value.type : 'S';
  const nameProblem = typeof name === 'string' ? findKeyNameProblem(name) : 'is not a string';
  if (nameProblem) {
    problems.push(`${at}: attribute name ${show(name)} ${nameProblem}; write 'name' or { name: 'name', type: 'S' }`);
    return undefined;
  }
  if (!KEY_TYPES.includes(type as KeyType)) {
    problems.push(`${at}.type: ${show(type)} is not one of ${KEY_TYPES.join(', ')}`);
    return undefined;
  }
  const key = { name: name as string, type: type as KeyType };
  const known = types.get(key.name);
  if (known && known.type !== key.type) {
    problems.push(`${at}: "${key.name}" is ${key.type} here but ${known.type} at ${known.where}; an attribute has one type per table`);
  }
  if (!known) types.set(key.name, { type: key.type, where: at });
  return key;
}
