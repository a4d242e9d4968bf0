/** The embedded DynamoDB's surface, for the composition root (src/emulator.ts) and the config loader. */
export { startDynamoDb } from './start-dynamodb.js';
export type { DynamoDbHandle } from './dynamodb-handle.js';
export { resolveDynamoDbOptions } from './dynamodb-options.js';
export type { DynamoDbOptions, ResolvedDynamoDbOptions } from './dynamodb-options.js';
export { parseTableSpec, TABLE_SPEC_FORMAT } from './table-spec.js';
export { resolveTables, MAX_GLOBAL_SECONDARY_INDEXES } from './table-definition.js';
export type {
  GlobalSecondaryIndex,
  GlobalSecondaryIndexOptions,
  KeyAttribute,
  KeyAttributeOptions,
  KeyType,
  Projection,
  TableDefinition,
  TableOptions,
} from './table-definition.js';
export { LOCK_FILE_NAME } from './persist-lock.js';
export { TTL_FILE_NAME } from './ttl-registry.js';
export { TTL_MAX_AGE_SECONDS, TTL_SWEEP_INTERVAL_MS } from './ttl-sweeper.js';
export { UNSUPPORTED_OPERATIONS } from './request-interceptor.js';
