import type { PreparedCode } from './load-handler.js';
import type { FunctionDefinition } from './types.js';

/** What an environment loads for `fn` instead of resolving its handler string, if anything. */
export function buildPreparedCode(fn: FunctionDefinition): PreparedCode {
  return {
    ...(fn.moduleFile === undefined ? {} : { moduleFile: fn.moduleFile }),
    ...(fn.buildError === undefined ? {} : { buildError: fn.buildError }),
  };
}
