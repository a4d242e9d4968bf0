/**
 * CloudFormation's intrinsic functions, evaluated locally: what a template's values become once
 * deployed, as far as a local run can know them. Reference:
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html
 */

import { isRecord } from '../../util/is-record.js';

/** `Ref: AWS::NoValue`: the property is removed (in a list, the element). */
export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');

/** A value that cannot be known locally; the message says why and what to do. */
export class UnresolvableError extends Error {
  override readonly name = 'UnresolvableError';
}

export interface IntrinsicScope {
  /** `Ref` to a parameter or a pseudo parameter (`AWS::Region`): its value, or undefined when it is neither. */
  ref(name: string): string | readonly string[] | typeof NO_VALUE | undefined;
  /** `Ref` to a resource: its physical id, or undefined when there is no such resource. */
  refResource(logicalId: string): string | undefined;
  /** `Fn::GetAtt`: the attribute's value; throws UnresolvableError when it cannot be known. */
  getAtt(logicalId: string, attribute: string): string;
  /** A condition's value. */
  condition(name: string): boolean;
  /** `Mappings`. */
  readonly mappings: Readonly<Record<string, unknown>>;
  /** For `Fn::GetAZs`. */
  readonly region: string;
}

/** The intrinsic function a value is, when it is a one-key object `{ Ref | Fn::X | Condition }`. */
export function intrinsicName(value: unknown): string | undefined {
  if (!isRecord(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  const key = keys[0]!;
  return key === 'Ref' || key.startsWith('Fn::') ? key : undefined;
}

/**
 * Evaluates every intrinsic inside `value`. Properties and list elements that resolve to
 * `AWS::NoValue` are removed. Throws UnresolvableError for what cannot be known locally.
 */
export function resolveIntrinsics(value: unknown, scope: IntrinsicScope): unknown {
  if (Array.isArray(value)) {
    return value.map((item) => resolveIntrinsics(item, scope)).filter((item) => item !== NO_VALUE);
  }
  if (!isRecord(value)) return value;
  const name = intrinsicName(value);
  if (name !== undefined) return evaluate(name, value[name], scope);
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const resolved = resolveIntrinsics(item, scope);
    if (resolved !== NO_VALUE) result[key] = resolved;
  }
  return result;
}

/** Resolves `value` and expects a string (numbers and booleans are written as CloudFormation does). */
export function resolveString(value: unknown, scope: IntrinsicScope, what: string): string {
  const resolved = resolveIntrinsics(value, scope);
  if (typeof resolved === 'string') return resolved;
  if (typeof resolved === 'number' || typeof resolved === 'boolean') return String(resolved);
  throw new UnresolvableError(`${what} must be a string, not ${describe(resolved)}`);
}

function evaluate(name: string, argument: unknown, scope: IntrinsicScope): unknown {
  switch (name) {
    case 'Ref':
      return evaluateRef(argument, scope);
    case 'Fn::GetAtt':
      return evaluateGetAtt(argument, scope);
    case 'Fn::Sub':
      return evaluateSub(argument, scope);
    case 'Fn::Join': {
      const [delimiter, list] = expectArgs(name, argument, 2);
      const items = resolveList(list, scope, name);
      return items.map((item) => stringOf(item, name)).join(stringOf(resolveIntrinsics(delimiter, scope), name));
    }
    case 'Fn::Select': {
      const [index, list] = expectArgs(name, argument, 2);
      const items = resolveList(list, scope, name);
      const at = Number(resolveIntrinsics(index, scope));
      if (!Number.isInteger(at) || at < 0 || at >= items.length)
        throw new UnresolvableError(`Fn::Select: index ${String(at)} is outside the list of ${items.length}`);
      return items[at];
    }
    case 'Fn::Split': {
      const [delimiter, text] = expectArgs(name, argument, 2);
      return stringOf(resolveIntrinsics(text, scope), name).split(stringOf(resolveIntrinsics(delimiter, scope), name));
    }
    case 'Fn::If': {
      const [condition, whenTrue, whenFalse] = expectArgs(name, argument, 3);
      if (typeof condition !== 'string') throw new UnresolvableError('Fn::If: the first argument is a condition name');
      return resolveIntrinsics(scope.condition(condition) ? whenTrue : whenFalse, scope);
    }
    case 'Fn::FindInMap': {
      const [mapName, topKey, secondKey] = expectArgs(name, argument, 3).map((item) => stringOf(resolveIntrinsics(item, scope), name));
      const map = scope.mappings[mapName!];
      const top = isRecord(map) ? map[topKey!] : undefined;
      const found = isRecord(top) ? top[secondKey!] : undefined;
      if (found === undefined) throw new UnresolvableError(`Fn::FindInMap: no ${mapName}.${topKey}.${secondKey} in Mappings`);
      return found;
    }
    case 'Fn::Base64':
      return Buffer.from(stringOf(resolveIntrinsics(argument, scope), name)).toString('base64');
    case 'Fn::GetAZs':
      // Availability zones matter to nothing a WebSocket app does locally; three names of the Region's usual shape.
      return ['a', 'b', 'c'].map((zone) => `${scope.region}${zone}`);
    case 'Fn::Equals':
    case 'Fn::And':
    case 'Fn::Or':
    case 'Fn::Not':
      return evaluateCondition({ [name]: argument }, scope);
    case 'Fn::ImportValue':
      throw new UnresolvableError('Fn::ImportValue is not supported: values exported by another stack do not exist locally');
    default:
      throw new UnresolvableError(`${name} is not supported locally`);
  }
}

/** A condition expression (`Fn::Equals`, `Fn::And`, `Fn::Or`, `Fn::Not`, `Condition`) to a boolean. */
export function evaluateCondition(expression: unknown, scope: IntrinsicScope): boolean {
  if (typeof expression === 'boolean') return expression;
  if (!isRecord(expression)) throw new UnresolvableError(`a condition must be Fn::Equals, Fn::And, Fn::Or, Fn::Not or Condition, not ${describe(expression)}`);
  if (typeof expression.Condition === 'string' && Object.keys(expression).length === 1) return scope.condition(expression.Condition);
  const name = intrinsicName(expression);
  const argument = name === undefined ? undefined : expression[name];
  switch (name) {
    case 'Fn::Equals': {
      const [left, right] = expectArgs(name, argument, 2).map((item) => resolveIntrinsics(item, scope));
      return JSON.stringify(left) === JSON.stringify(right) || String(left) === String(right);
    }
    case 'Fn::And':
      return asList(name, argument).every((item) => evaluateCondition(item, scope));
    case 'Fn::Or':
      return asList(name, argument).some((item) => evaluateCondition(item, scope));
    case 'Fn::Not':
      return !evaluateCondition(expectArgs(name, argument, 1)[0], scope);
    default:
      throw new UnresolvableError(`a condition must be Fn::Equals, Fn::And, Fn::Or, Fn::Not or Condition, not ${describe(expression)}`);
  }
}

function evaluateRef(argument: unknown, scope: IntrinsicScope): unknown {
  if (typeof argument !== 'string') throw new UnresolvableError(`Ref takes a name, not ${describe(argument)}`);
  const value = scope.ref(argument);
  if (value !== undefined) return value;
  const physicalId = scope.refResource(argument);
  if (physicalId !== undefined) return physicalId;
  throw new UnresolvableError(`Ref ${argument}: no parameter or resource has that name`);
}

function evaluateGetAtt(argument: unknown, scope: IntrinsicScope): string {
  let parts = Array.isArray(argument) ? argument.map((item) => resolveIntrinsics(item, scope)) : [argument];
  if (parts.length === 1 && typeof parts[0] === 'string') {
    const text = parts[0];
    const dot = text.indexOf('.');
    parts = dot < 0 ? [text] : [text.slice(0, dot), text.slice(dot + 1)];
  }
  const [logicalId, attribute] = parts;
  if (parts.length !== 2 || typeof logicalId !== 'string' || typeof attribute !== 'string') {
    throw new UnresolvableError(`Fn::GetAtt takes [LogicalId, Attribute], not ${describe(argument)}`);
  }
  return scope.getAtt(logicalId, attribute);
}

function evaluateSub(argument: unknown, scope: IntrinsicScope): string {
  let template: unknown = argument;
  let variables: Record<string, unknown> = {};
  if (Array.isArray(argument)) {
    const [text, map] = expectArgs('Fn::Sub', argument, 2);
    if (!isRecord(map)) throw new UnresolvableError('Fn::Sub: the second argument is a map of variables');
    template = text;
    variables = map;
  }
  if (typeof template !== 'string') throw new UnresolvableError(`Fn::Sub takes a string, not ${describe(template)}`);
  // `${!Literal}` writes `${Literal}`; `${Name}` and `${Name.Attribute}` are substituted.
  return template.replace(/\$\{([^}]*)\}/g, (_match, inner: string) => {
    if (inner.startsWith('!')) return `\${${inner.slice(1)}}`;
    const name = inner.trim();
    if (Object.hasOwn(variables, name)) return stringOf(resolveIntrinsics(variables[name], scope), 'Fn::Sub');
    const dot = name.indexOf('.');
    if (dot > 0 && !name.startsWith('AWS::')) return scope.getAtt(name.slice(0, dot), name.slice(dot + 1));
    return stringOf(evaluateRef(name, scope), 'Fn::Sub');
  });
}

function resolveList(list: unknown, scope: IntrinsicScope, name: string): unknown[] {
  const resolved = resolveIntrinsics(list, scope);
  if (!Array.isArray(resolved)) throw new UnresolvableError(`${name}: expected a list, got ${describe(resolved)}`);
  return resolved;
}

function expectArgs(name: string, argument: unknown, count: number): unknown[] {
  if (!Array.isArray(argument) || argument.length !== count) throw new UnresolvableError(`${name} takes a list of ${count}, not ${describe(argument)}`);
  return argument;
}

function asList(name: string, argument: unknown): unknown[] {
  if (!Array.isArray(argument)) throw new UnresolvableError(`${name} takes a list of conditions`);
  return argument;
}

function stringOf(value: unknown, name: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map((item) => stringOf(item, name)).join(',');
  throw new UnresolvableError(`${name}: expected a string, got ${describe(value)}`);
}

function describe(value: unknown): string {
  if (value === NO_VALUE) return 'AWS::NoValue';
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** `fn()`'s value, or undefined when something in it cannot be known (for a look that reports nothing). */
export function resolveQuietly(fn: () => unknown): unknown {
  try {
    return fn();
  } catch (error) {
    if (error instanceof UnresolvableError) return undefined;
    throw error;
  }
}
