import { UnresolvableError } from '../cloudformation/intrinsics.js';
import type { VariableLocation } from './variable-location.js';

/**
 * Why a Framework variable has no value locally. `unsupported` and `missing` are gaps a user can
 * fill from outside (`--env`, a fallback), so an environment variable hit by them is left out with a
 * warning; `invalid` and `cycle` are mistakes in the file and always stop the emulator.
 */
export type VariableErrorKind = 'unsupported' | 'missing' | 'invalid' | 'cycle';

/**
 * A `${...}` variable that cannot be resolved. It is an UnresolvableError, so the template
 * report's `attempt` turns it into a problem or a warning like any other unknowable value.
 */
export class VariableError extends UnresolvableError {
  readonly kind: VariableErrorKind;
  /**
   * Where the variable that failed is written, when that is not the value that was asked for (it
   * was reached through `${self:...}` or `${file(...)}`): the error is reported there, once,
   * however many values lead to it. Set by the resolver.
   */
  origin: VariableLocation | undefined;

  constructor(kind: VariableErrorKind, message: string) {
    super(message);
    this.kind = kind;
  }
}
