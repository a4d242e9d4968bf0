/** `apigw-ws-local/testing`: helpers for users' own test suites (vitest, Jest, node:test). */
export { startTestEmulator } from './start-test-emulator.js';
export type { TestEmulator, TestEmulatorOptions } from './start-test-emulator.js';
export { connectTestClient, TestClient } from './test-client.js';
export type { ConnectOptions } from './test-client.js';
export { WebSocketRefusedError } from './ws-test-client-errors.js';
export { createManualClock } from '../util/manual-clock.js';
export type { ManualClock } from '../util/manual-clock.js';
export type { InvocationMatcher, InvocationRecord } from '../invocation-log.js';
