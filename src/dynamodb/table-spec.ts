import { findKeyNameProblem, isTableName, KEY_TYPES, type KeyAttribute, type KeyType, type TableDefinition } from './table-definition.js';

/** The grammar, shown in every error so the fix is on screen. */
export const TABLE_SPEC_FORMAT =
  'expected NAME:HASHKEY[:RANGEKEY], a key optionally typed =S, =N or =B (default S), ' +
  'e.g. "connections:connectionId", "rooms:room:connectionId" or "scores:game:score=N"';

/**
 * Parses the command-line form of a table: `NAME:HASHKEY[:RANGEKEY]`, where each key may end in
 * `=S`, `=N` or `=B` (case-insensitive; default S). Examples: `connections:connectionId`,
 * `rooms:room:connectionId`, `scores:game:score=N`.
 *
 * Global secondary indexes and a TTL attribute have no short form: give them in the config file.
 * Key names cannot contain `:`, `=` or whitespace here (DynamoDB would allow them).
 *
 * @throws Error whose message names the spec, the problem and the expected form.
 */
export function parseTableSpec(spec: string): TableDefinition {
  const fail = (problem: string): never => {
    throw new Error(`invalid table spec ${JSON.stringify(spec)}: ${problem}`);
  };
  if (/\s/.test(spec)) fail(`remove the whitespace; ${TABLE_SPEC_FORMAT}`);
  const parts = spec.split(':');
  if (parts.length < 2) fail(`no hash key; ${TABLE_SPEC_FORMAT}`);
  if (parts.length > 3) fail(`${parts.length} parts separated by ":", at most 3; ${TABLE_SPEC_FORMAT}`);
  const [name = '', hash = '', range] = parts;
  if (!isTableName(name)) fail(`table name "${name}" must be 3 to 255 characters of a-z, A-Z, 0-9, "_", "-" or "."`);
  const hashKey = parseKey(hash, 'hash key', fail);
  const rangeKey = range === undefined ? undefined : parseKey(range, 'range key', fail);
  if (rangeKey && rangeKey.name === hashKey.name) fail(`the range key "${rangeKey.name}" is also the hash key; use two different attributes`);
  return { name, hashKey, ...(rangeKey ? { rangeKey } : {}), globalSecondaryIndexes: [] };
}

function parseKey(text: string, role: string, fail: (problem: string) => never): KeyAttribute {
  const [name = '', type, extra] = text.split('=');
  if (extra !== undefined) fail(`the ${role} "${text}" has more than one "="; ${TABLE_SPEC_FORMAT}`);
  const nameProblem = findKeyNameProblem(name);
  if (nameProblem) fail(`the ${role} name ${nameProblem}; ${TABLE_SPEC_FORMAT}`);
  if (type === undefined) return { name, type: 'S' };
  const upper = type.toUpperCase();
  if (!KEY_TYPES.includes(upper as KeyType)) fail(`the ${role} type "${type}" is not S, N or B (e.g. "${name}=N")`);
  return { name, type: upper as KeyType };
}
