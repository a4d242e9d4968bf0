import { silentLogger, type Logger } from '../log/logger.js';
import type { Clock } from '../util/clock.js';
import { ClientRequestTokens, fingerprintRequest } from './client-request-tokens.js';
import { DynamoDbServiceError, type DynamoDbCaller } from './dynamodb-caller.js';
import { errorAnswer, VALIDATION_ERROR, type DynamoDbAnswer } from './json-protocol.js';
import { parseTransactWrite, type WriteAction } from './transact-items.js';
import {
  buildCancellation,
  CONDITIONAL_CHECK_FAILED_MESSAGE,
  DUPLICATE_ITEM_MESSAGE,
  IDEMPOTENT_PARAMETER_MISMATCH_ERROR,
  IDEMPOTENT_PARAMETER_MISMATCH_MESSAGE,
  INTERNAL_SERVER_ERROR,
  ITEM_VALIDATION_MESSAGES,
  type CancellationReason,
} from './transaction-errors.js';

type Item = Record<string, unknown>;

interface Target {
  readonly action: WriteAction;
  readonly key: Item;
  /** The item before the transaction, read under the lock; undefined when there is none. */
  readonly before: Item | undefined;
}

export interface TransactWriterOptions {
  /** Reaches dynalite without taking the interceptor's lock (the caller already holds it). */
  readonly caller: DynamoDbCaller;
  /** Time of the ten-minute `ClientRequestToken` window. */
  readonly clock: Clock;
  readonly logger?: Logger;
}

/**
 * TransactWriteItems on top of dynalite's single-item operations. The caller holds an exclusive
 * lock over every write, so: read each target item, apply each action as its own conditional write
 * (collecting a cancellation reason per action, in order), and if any fails put every touched
 * item back as it was read. Seen through the emulator, all or nothing.
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html
 */
export class TransactWriter {
  readonly #caller: DynamoDbCaller;
  readonly #tokens: ClientRequestTokens;
  readonly #logger: Logger;

  constructor(options: TransactWriterOptions) {
    this.#caller = options.caller;
    this.#tokens = new ClientRequestTokens(options.clock);
    this.#logger = options.logger ?? silentLogger;
  }

  /** Runs one TransactWriteItems request; call it holding the exclusive write lock. */
  async transactWrite(input: Record<string, unknown>): Promise<DynamoDbAnswer> {
    const parsed = parseTransactWrite(input);
    if (!parsed.ok) return errorAnswer(VALIDATION_ERROR, parsed.message);
    const { actions, clientRequestToken: token } = parsed.value;
    const fingerprint = token === undefined ? '' : fingerprintRequest({ ...input, ClientRequestToken: undefined });
    if (token !== undefined) {
      const verdict = this.#tokens.check(token, fingerprint);
      if (verdict === 'replay') return { statusCode: 200, body: {} };
      if (verdict === 'mismatch') return errorAnswer(IDEMPOTENT_PARAMETER_MISMATCH_ERROR, IDEMPOTENT_PARAMETER_MISMATCH_MESSAGE);
    }
    try {
      const targets = await this.#readTargets(actions);
      if (!Array.isArray(targets)) return targets;
      const answer = await this.#apply(targets);
      if (answer.statusCode === 200 && token !== undefined) this.#tokens.remember(token, fingerprint);
      return answer;
    } catch (error) {
      if (error instanceof DynamoDbServiceError) return errorAnswer(error.type, error.message, error.statusCode);
      throw error;
    }
  }

  /** Each action's key (refusing two actions on one item) and the item as it is now. */
  async #readTargets(actions: WriteAction[]): Promise<Target[] | DynamoDbAnswer> {
    const schemas = new Map<string, Promise<string[]>>();
    const keys: Item[] = [];
    const seen = new Set<string>();
    for (const action of actions) {
      let schema = schemas.get(action.tableName);
      if (schema === undefined) schemas.set(action.tableName, (schema = this.#keySchema(action.tableName)));
      const names = await schema;
      const source = (action.kind === 'Put' ? action.spec.Item : action.spec.Key) as Item;
      const missing = names.find((name) => source[name] === undefined);
      if (missing !== undefined && action.kind === 'Put') {
        return errorAnswer(VALIDATION_ERROR, `One or more parameter values were invalid: Missing the key ${missing} in the item`);
      }
      const key = action.kind === 'Put' ? Object.fromEntries(names.map((name) => [name, source[name]])) : source;
      const identity = JSON.stringify([action.tableName, ...names.map((name) => source[name] ?? null)]);
      if (seen.has(identity)) return errorAnswer(VALIDATION_ERROR, DUPLICATE_ITEM_MESSAGE);
      seen.add(identity);
      keys.push(key);
    }
    const befores = await Promise.all(
      actions.map((action, index) =>
        this.#caller.call<{ Item?: Item }>('GetItem', { TableName: action.tableName, Key: keys[index], ConsistentRead: true }),
      ),
    );
    return actions.map((action, index) => ({ action, key: keys[index]!, before: befores[index]!.Item }));
  }

  async #keySchema(tableName: string): Promise<string[]> {
    const { Table } = await this.#caller.call<{ Table: { KeySchema: Array<{ AttributeName: string }> } }>('DescribeTable', { TableName: tableName });
    return Table.KeySchema.map((key) => key.AttributeName);
  }

  async #apply(targets: Target[]): Promise<DynamoDbAnswer> {
    const reasons: CancellationReason[] = [];
    const touched: Target[] = [];
    let requestError: DynamoDbServiceError | undefined;
    for (const target of targets) {
      try {
        if (await this.#write(target)) touched.push(target);
        reasons.push({ Code: 'None' });
      } catch (error) {
        const reason = this.#reasonFor(error, target);
        if (reason === undefined) {
          requestError = error as DynamoDbServiceError;
          break;
        }
        reasons.push(reason);
      }
    }
    const cancelled = requestError !== undefined || reasons.some((reason) => reason.Code !== 'None');
    if (!cancelled) return { statusCode: 200, body: {} };
    try {
      for (const target of touched.reverse()) await this.#restore(target);
    } catch (error) {
      this.#logger.error(`DynamoDB: TransactWriteItems could not undo a cancelled transaction; its items may be partly written: ${(error as Error).message}`);
      return errorAnswer(INTERNAL_SERVER_ERROR, 'Internal server error: a cancelled transaction could not be undone', 500);
    }
    if (requestError !== undefined) return errorAnswer(requestError.type, requestError.message, requestError.statusCode);
    return buildCancellation(reasons);
  }

  /** The reason an action failed, or undefined when the failure is the request's (rethrown as is). */
  #reasonFor(error: unknown, target: Target): CancellationReason | undefined {
    if (!(error instanceof DynamoDbServiceError)) throw error;
    const returnsItem = target.action.spec.ReturnValuesOnConditionCheckFailure;
    if (error.name === 'ConditionalCheckFailedException') {
      return {
        Code: 'ConditionalCheckFailed',
        Message: CONDITIONAL_CHECK_FAILED_MESSAGE,
        ...(returnsItem === 'ALL_OLD' && target.before !== undefined ? { Item: target.before } : {}),
      };
    }
    if (error.name === 'ValidationException' && ITEM_VALIDATION_MESSAGES.has(error.message)) return { Code: 'ValidationError', Message: error.message };
    return undefined;
  }

  /** Applies one action as a conditional write; true when it changed something to undo. */
  async #write({ action, key, before }: Target): Promise<boolean> {
    const { spec, tableName: TableName } = action;
    const condition = {
      ConditionExpression: spec.ConditionExpression,
      ExpressionAttributeNames: spec.ExpressionAttributeNames,
      ExpressionAttributeValues: spec.ExpressionAttributeValues,
    };
    switch (action.kind) {
      case 'Put':
        await this.#caller.call('PutItem', { TableName, Item: spec.Item, ...condition });
        return true;
      case 'Update':
        await this.#caller.call('UpdateItem', { TableName, Key: key, UpdateExpression: spec.UpdateExpression, ...condition });
        return true;
      case 'Delete':
        await this.#caller.call('DeleteItem', { TableName, Key: key, ...condition });
        return before !== undefined;
      case 'ConditionCheck':
        // dynalite has no read-only condition check: write the item back unchanged under the
        // condition (or the bare key when there is none, deleted again at once).
        await this.#caller.call('PutItem', { TableName, Item: before ?? key, ...condition });
        if (before === undefined) await this.#caller.call('DeleteItem', { TableName, Key: key });
        return false;
    }
  }

  async #restore({ action, key, before }: Target): Promise<void> {
    if (before === undefined) await this.#caller.call('DeleteItem', { TableName: action.tableName, Key: key });
    else await this.#caller.call('PutItem', { TableName: action.tableName, Item: before });
  }
}
