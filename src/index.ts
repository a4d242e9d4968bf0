export { EmulatorError, isEmulatorError } from './errors.js';
export type { EmulatorErrorCode } from './errors.js';
