import { crc32 } from 'node:zlib';
import { isRecord } from '../util/is-record.js';

/**
 * Shape checks of TransactWriteItems and TransactGetItems requests, worded as DynamoDB words its
 * request validation (`1 validation error detected: ...`). Limits:
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html and
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactGetItems.html
 */
export const MAX_TRANSACT_ITEMS = 100;
/** `ClientRequestToken`: 1 to 36 characters. */
export const MAX_CLIENT_REQUEST_TOKEN_LENGTH = 36;

export type WriteKind = 'Put' | 'Update' | 'Delete' | 'ConditionCheck';
const WRITE_KINDS: readonly WriteKind[] = ['ConditionCheck', 'Put', 'Delete', 'Update'];

export interface WriteAction {
  readonly kind: WriteKind;
  readonly tableName: string;
  /** The action's own structure (`Put: {...}`), as sent. */
  readonly spec: Record<string, unknown>;
}

export interface GetAction {
  readonly tableName: string;
  readonly spec: Record<string, unknown>;
}

export interface TransactWriteRequest {
  readonly actions: WriteAction[];
  readonly clientRequestToken: string | undefined;
}

/** The expression each action cannot do without (the API reference marks it "Required: Yes"). */
const REQUIRED_EXPRESSION: Partial<Record<WriteKind, string[]>> = { ConditionCheck: ['ConditionExpression'], Update: ['UpdateExpression'] };

type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const oneError = (detail: string) => `1 validation error detected: ${detail}`;
const nullAt = (path: string) => oneError(`Value null at '${path}' failed to satisfy constraint: Member must not be null`);
const lowerFirst = (name: string) => name[0]!.toLowerCase() + name.slice(1);

export function parseTransactWrite(input: Record<string, unknown>): Parsed<TransactWriteRequest> {
  const items = checkItemList(input.TransactItems, 'TransactWriteItem');
  if (!items.ok) return items;
  const token = input.ClientRequestToken;
  if (token !== undefined && (typeof token !== 'string' || token.length < 1 || token.length > MAX_CLIENT_REQUEST_TOKEN_LENGTH)) {
    const bound = typeof token === 'string' && token.length < 1 ? 'greater than or equal to 1' : `less than or equal to ${MAX_CLIENT_REQUEST_TOKEN_LENGTH}`;
    return { ok: false, message: oneError(`Value '${String(token)}' at 'clientRequestToken' failed to satisfy constraint: Member must have length ${bound}`) };
  }
  const actions: WriteAction[] = [];
  for (const [index, item] of items.value.entries()) {
    const kinds = isRecord(item) ? WRITE_KINDS.filter((kind) => item[kind] !== undefined && item[kind] !== null) : [];
    // DynamoDB's wording as other emulators report it; not checked against AWS.
    if (kinds.length !== 1) return { ok: false, message: 'TransactItems can only contain one of Check, Put, Update or Delete' };
    const kind = kinds[0]!;
    const spec = (item as Record<string, unknown>)[kind];
    const path = `transactItems.${index + 1}.member.${lowerFirst(kind)}`;
    if (!isRecord(spec)) return { ok: false, message: nullAt(path) };
    const required = ['TableName', kind === 'Put' ? 'Item' : 'Key', ...(REQUIRED_EXPRESSION[kind] ?? [])];
    const missing = required.find((member) => spec[member] === undefined || spec[member] === null);
    if (missing !== undefined) return { ok: false, message: nullAt(`${path}.${lowerFirst(missing)}`) };
    if (typeof spec.TableName !== 'string') return { ok: false, message: nullAt(`${path}.tableName`) };
    actions.push({ kind, tableName: spec.TableName, spec });
  }
  return { ok: true, value: { actions, clientRequestToken: token } };
}

export function parseTransactGet(input: Record<string, unknown>): Parsed<GetAction[]> {
  const items = checkItemList(input.TransactItems, 'TransactGetItem');
  if (!items.ok) return items;
  const actions: GetAction[] = [];
  for (const [index, item] of items.value.entries()) {
    const path = `transactItems.${index + 1}.member.get`;
    const spec = isRecord(item) ? item.Get : undefined;
    if (!isRecord(spec)) return { ok: false, message: nullAt(path) };
    if (typeof spec.TableName !== 'string') return { ok: false, message: nullAt(`${path}.tableName`) };
    if (!isRecord(spec.Key)) return { ok: false, message: nullAt(`${path}.key`) };
    actions.push({ tableName: spec.TableName, spec });
  }
  return { ok: true, value: actions };
}

/**
 * The list itself: present, 1 to 100 members. Over 100, DynamoDB prints the list as Java does
 * (`[com.amazonaws.dynamodb.v20120810.TransactWriteItem@1a2b3c4d, ...]`, identity hashes); here
 * each hash is the CRC-32 of the member's JSON.
 */
function checkItemList(list: unknown, memberClass: string): Parsed<unknown[]> {
  if (list === undefined || list === null) return { ok: false, message: nullAt('transactItems') };
  if (!Array.isArray(list)) return { ok: false, message: oneError("Value at 'transactItems' failed to satisfy constraint: Member must be a list") };
  if (list.length < 1) return { ok: false, message: oneError("Value '[]' at 'transactItems' failed to satisfy constraint: Member must have length greater than or equal to 1") };
  if (list.length > MAX_TRANSACT_ITEMS) {
    const shown = list.map((member) => `com.amazonaws.dynamodb.v20120810.${memberClass}@${crc32(JSON.stringify(member)).toString(16)}`).join(', ');
    return {
      ok: false,
      message: oneError(`Value '[${shown}]' at 'transactItems' failed to satisfy constraint: Member must have length less than or equal to ${MAX_TRANSACT_ITEMS}`),
    };
  }
  return { ok: true, value: list };
}
