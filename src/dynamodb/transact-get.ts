import { DynamoDbServiceError, type DynamoDbCaller } from './dynamodb-caller.js';
import { errorAnswer, VALIDATION_ERROR, type DynamoDbAnswer } from './json-protocol.js';
import { parseTransactGet } from './transact-items.js';

/**
 * TransactGetItems as one GetItem per member, all under a shared lock that no write holds, so the
 * items form one snapshot. `Responses` follow the request's order; a missing item answers `{}`.
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactGetItems.html
 *
 * `caller` must reach dynalite without taking the lock (the caller of this function holds it).
 */
export async function transactGet(caller: DynamoDbCaller, input: Record<string, unknown>): Promise<DynamoDbAnswer> {
  const parsed = parseTransactGet(input);
  if (!parsed.ok) return errorAnswer(VALIDATION_ERROR, parsed.message);
  try {
    const results = await Promise.all(
      parsed.value.map(({ tableName, spec }) =>
        caller.call<{ Item?: Record<string, unknown> }>('GetItem', {
          TableName: tableName,
          Key: spec.Key,
          ProjectionExpression: spec.ProjectionExpression,
          ExpressionAttributeNames: spec.ExpressionAttributeNames,
          ConsistentRead: true,
        }),
      ),
    );
    return { statusCode: 200, body: { Responses: results.map(({ Item }) => (Item === undefined ? {} : { Item })) } };
  } catch (error) {
    if (error instanceof DynamoDbServiceError) return errorAnswer(error.type, error.message, error.statusCode);
    throw error;
  }
}
