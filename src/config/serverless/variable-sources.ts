import type { Variable } from './parse-variables.js';
import { VariableError } from './variable-error.js';

/** What `${...}` can read here, for messages. */
export const SUPPORTED_SOURCES = 'self, opt, sls, env, aws, file and strToBool';

/** Sources the Framework resolves by calling AWS or by plugins: out of reach of a local run. */
const UNSUPPORTED: Readonly<Record<string, string>> = {
  ssm: 'they read AWS Systems Manager Parameter Store',
  cf: "they read another CloudFormation stack's outputs",
  s3: 'they read an S3 object',
  param: 'they read stage parameters',
  git: 'they come from a plugin',
};

export interface SourceFacts {
  /** `--stage`, `--region`: the only options apigw-ws-local takes that `${opt:...}` can read. */
  readonly stage: string | undefined;
  readonly region: string | undefined;
  readonly accountId: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** `${sls:stage}` and `${aws:region}`, which read serverless.yml. */
  readStage(): string;
  readRegion(): string;
}

/**
 * The value of a source that reads neither serverless.yml nor another file: `opt`, `env`, `sls`,
 * `aws`, `strToBool`; undefined or null when it has none (the next fallback applies). Throws
 * VariableError `unsupported` for what needs AWS or a plugin.
 * https://www.serverless.com/framework/docs/providers/aws/guide/variables
 */
export function resolvePlainSource(type: string, address: string | undefined, params: string | undefined, variable: Variable, facts: SourceFacts): unknown {
  switch (type) {
    case 'opt':
      // Only the options apigw-ws-local itself takes exist here; any other falls through to the fallback.
      return address === 'stage' ? facts.stage : address === 'region' ? facts.region : undefined;
    case 'env':
      if (!address) throw new VariableError('invalid', `${variable.text}: name the environment variable, e.g. \${env:TABLE_NAME}`);
      // The Framework treats an empty variable as unset, so the fallback applies.
      return facts.env[address] || null;
    case 'sls':
      if (address === 'stage') return facts.readStage();
      throw unsupportedAddress(variable, address === 'instanceId' ? 'is a random id of each Framework run' : 'is not one of stage, instanceId');
    case 'aws':
      if (address === 'region') return facts.readRegion();
      if (address === 'accountId') return facts.accountId;
      throw unsupportedAddress(variable, 'is not one of region, accountId');
    case 'strToBool':
      return parseBoolean(params?.trim() ?? '', variable);
    default: {
      const why = UNSUPPORTED[type] ?? 'it is not a source the Framework has built in (a plugin\'s?)';
      throw new VariableError('unsupported', `${variable.text}: ${type} variables are not resolved locally (${why}); apigw-ws-local resolves ${SUPPORTED_SOURCES}`);
    }
  }
}

function unsupportedAddress(variable: Variable, why: string): VariableError {
  return new VariableError('unsupported', `${variable.text}: the address ${why}; apigw-ws-local resolves \${sls:stage}, \${aws:region} and \${aws:accountId}`);
}

function parseBoolean(text: string, variable: Variable): boolean {
  const lower = text.toLowerCase();
  if (lower === 'true' || lower === '1') return true;
  if (lower === 'false' || lower === '0') return false;
  throw new VariableError('invalid', `${variable.text}: strToBool takes true, false, 1 or 0, not ${JSON.stringify(text)}`);
}

/** Why a source gave nothing, for the message when no fallback is left. */
export function describeEmpty(type: string, address: string | undefined): string {
  switch (type) {
    case 'env':
      return `environment variable ${address} is not set`;
    case 'opt':
      return address === 'stage' || address === 'region' ? `no --${address} was given` : `--${address} is not an option here (only --stage and --region are)`;
    case 'self':
      return `${address || 'the file'} is not set`;
    default:
      return `${type}:${address ?? ''} is empty`;
  }
}

/** A value's kind, for a message: `a map`, `a list`, `null`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'a map' : String(value);
}
