/** The public surface of apigw-ws-local. */
export { Emulator } from './emulator.js';
export { buildChatRoomOptions } from './chat-room.js';
export type { InvocationMatcher, InvocationRecord } from './invocation-log.js';
export type { EmulatorUrls, ConnectionSummary } from './emulator.js';
export type { EmulatorOptions, RouteOptions, FunctionOptions, DynamoDbConfig } from './config/options.js';
export type { ResolvedOptions, ResolvedRoute } from './config/resolve-options.js';
export { EmulatorError, isEmulatorError } from './errors.js';
export type { EmulatorErrorCode } from './errors.js';
export { createStreamLogger, silentLogger, LOG_LEVELS } from './log/logger.js';
export type { Logger, LogLevel } from './log/logger.js';
export { systemClock } from './util/clock.js';
export type { Clock, TimerHandle } from './util/clock.js';
export { createManualClock } from './util/manual-clock.js';
export type { ManualClock } from './util/manual-clock.js';
export { parseDuration } from './util/duration.js';
export type { ConnectionInfo } from './management/types.js';
export { parseTableSpec } from './dynamodb/index.js';
export type { TableOptions, KeyAttributeOptions, GlobalSecondaryIndexOptions } from './dynamodb/index.js';
