import type { DynamoDbAnswer } from './json-protocol.js';

/**
 * The errors of TransactWriteItems (AWS JSON 1.0 `__type` values), listed in
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html#API_TransactWriteItems_Errors
 * The cancellation body carries `CancellationReasons` and a capitalised `Message`, as DynamoDB
 * sends it (the API reference shows no error bodies; the SDKs read `Message` into `message`).
 */
const DYNAMODB_ERROR = 'com.amazonaws.dynamodb.v20120810#';
export const TRANSACTION_CANCELED_ERROR = `${DYNAMODB_ERROR}TransactionCanceledException`;
export const IDEMPOTENT_PARAMETER_MISMATCH_ERROR = `${DYNAMODB_ERROR}IdempotentParameterMismatchException`;
export const INTERNAL_SERVER_ERROR = `${DYNAMODB_ERROR}InternalServerError`;
export const CONDITIONAL_CHECK_FAILED_MESSAGE = 'The conditional request failed';
/** The exception's description in the API reference; what AWS puts in `message` is not documented. */
export const IDEMPOTENT_PARAMETER_MISMATCH_MESSAGE =
  'DynamoDB rejected the request because you retried a request with a different payload but with an idempotent token that was already used.';
export const DUPLICATE_ITEM_MESSAGE = 'Transaction request cannot include multiple operations on one item';

/**
 * dynalite's validation errors that depend on the item as stored (raised after it reads the item),
 * which DynamoDB reports as a cancellation reason `ValidationError` instead of failing the request.
 */
export const ITEM_VALIDATION_MESSAGES: ReadonlySet<string> = new Set([
  'The provided expression refers to an attribute that does not exist in the item',
  'An operand in the update expression has an incorrect data type',
  'The document path provided in the update expression is invalid for update',
  'Type mismatch for attribute to update',
  'Item size to update has exceeded the maximum allowed size',
  'The update expression attempted to update the secondary index key to unsupported type',
]);

/** One entry of `CancellationReasons`: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CancellationReason.html */
export interface CancellationReason {
  readonly Code: string;
  readonly Message?: string;
  readonly Item?: Record<string, unknown>;
}

/** TransactionCanceledException with one reason per action, and their codes in the message. */
export function buildCancellation(reasons: readonly CancellationReason[]): DynamoDbAnswer {
  const codes = reasons.map((reason) => reason.Code).join(', ');
  return {
    statusCode: 400,
    body: {
      __type: TRANSACTION_CANCELED_ERROR,
      CancellationReasons: reasons,
      Message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes}]`,
    },
  };
}
