/**
 * A compiled route selection expression: literal text and body paths, in order. Compile it once
 * with {@link compileSelectionExpression}; evaluate it per message.
 */
export interface SelectionExpression {
  /** The expression as written, e.g. `$request.body.action`. */
  readonly source: string;
  /** Literal strings, and property paths into the JSON body (`['service', 'do']`). */
  readonly parts: readonly (string | readonly string[])[];
}

const BODY_PREFIX = 'request.body.';
// A bare variable ends at the first char that cannot be part of a dotted name, so
// `$request.body.action-v2` is the `action` property then `-v2`; braces allow any property name.
const BARE_NAME = /[A-Za-z0-9_.]*/y;
const FIX = 'use $request.body.<property>, e.g. $request.body.action';

function fail(expression: string, reason: string): never {
  throw new Error(`invalid route selection expression "${expression}": ${reason}`);
}

function parseVariable(expression: string, name: string, written: string): readonly string[] {
  if (name === 'request.body') fail(expression, `"${written}" names no property; ${FIX}`);
  if (!name.startsWith(BODY_PREFIX)) {
    fail(expression, `"${written}" is not a message body variable; ${FIX}, or write \\$ for a literal $`);
  }
  const path = name.slice(BODY_PREFIX.length).split('.');
  if (path.includes('')) fail(expression, `"${written}" has an empty property name; ${FIX}`);
  return path;
}

/**
 * Compiles an API's `RouteSelectionExpression` (docs/aws-behaviour.md#route-selection). Accepts what the
 * AWS docs list: bare `$request.body.action`, braced `${request.body.action}`, nested paths
 * (`$request.body.service.do`), variables mixed with static text
 * (`${request.body.service}/${request.body.action}`), static text alone (`action`), and `\$` for a literal
 * `$` (`\$default`).
 * @throws Error naming the expression and the fix when it is empty, has an unclosed `${`, or uses a
 * variable other than `request.body.<path>`.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-api-develop-routes.html
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-selection-expressions.html
 */
export function compileSelectionExpression(expression: string): SelectionExpression {
  if (expression === '') fail(expression, `it is empty; ${FIX}`);
  const parts: (string | readonly string[])[] = [];
  let literal = '';
  let i = 0;
  while (i < expression.length) {
    const char = expression[i];
    if (char === '\\' && expression[i + 1] === '$') {
      literal += '$';
      i += 2;
      continue;
    }
    if (char !== '$') {
      literal += char;
      i += 1;
      continue;
    }
    let path: readonly string[];
    if (expression[i + 1] === '{') {
      const end = expression.indexOf('}', i + 2);
      if (end === -1) fail(expression, `"\${" has no closing "}"; close it, e.g. \${request.body.action}`);
      path = parseVariable(expression, expression.slice(i + 2, end), expression.slice(i, end + 1));
      i = end + 1;
    } else {
      BARE_NAME.lastIndex = i + 1;
      const name = BARE_NAME.exec(expression)?.[0] ?? '';
      path = parseVariable(expression, name, `$${name}`);
      i += 1 + name.length;
    }
    if (literal !== '') parts.push(literal);
    literal = '';
    parts.push(path);
  }
  if (literal !== '') parts.push(literal);
  return { source: expression, parts };
}

// Values become route keys as the AWS docs show (docs/aws-behaviour.md#route-selection): strings as they
// are, numbers and booleans via String(), missing and null as "", arrays as `[item1, item2]`; objects as
// JSON (inferred; such keys never match a sane route anyway).
function stringifyValue(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return `[${value.map((item) => (item === null ? 'null' : stringifyValue(item))).join(', ')}]`;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function readPath(body: object, path: readonly string[]): unknown {
  let current: unknown = body;
  for (const key of path) {
    // Own properties only, so `constructor` or `__proto__` never reach Object.prototype.
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

// JSON text of an object starts with `{` after optional JSON whitespace; checking that first lets
// plain-text messages skip JSON.parse and its exception.
const STARTS_AS_OBJECT = /^[ \t\n\r]*\{/;

function parseObject(body: string): object | undefined {
  if (!STARTS_AS_OBJECT.test(body)) return undefined;
  try {
    const value: unknown = JSON.parse(body);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Evaluates a compiled expression against a message body (docs/aws-behaviour.md#route-selection). Returns
 * the evaluated route key, or `undefined` when the body is not a JSON object (AWS then uses `$default`,
 * also for a static expression). A missing or `null` property evaluates to `""`.
 */
export function evaluateSelectionExpression(expression: SelectionExpression, body: string): string | undefined {
  const json = parseObject(body);
  if (json === undefined) return undefined;
  let key = '';
  for (const part of expression.parts) key += typeof part === 'string' ? part : stringifyValue(readPath(json, part));
  return key;
}

// Keys a message can never select: the connection lifecycle routes, and "" (AWS allows no such key).
const UNSELECTABLE = new Set(['', '$connect', '$disconnect']);

/**
 * Picks the route for one incoming message (docs/aws-behaviour.md#route-selection): the evaluated key when
 * a route has exactly that key (case-sensitive), else `$default` when the API has it, else `undefined`, on
 * which the caller sends the `Forbidden` error frame and keeps the connection open
 * (docs/aws-behaviour.md#error-frames).
 * @param routeKeys the API's route keys; `$connect` and `$disconnect` in it are never selected.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-api-develop-routes.html
 */
export function selectRoute(
  expression: SelectionExpression,
  body: string,
  routeKeys: ReadonlySet<string>,
): string | undefined {
  const key = evaluateSelectionExpression(expression, body);
  if (key !== undefined && !UNSELECTABLE.has(key) && routeKeys.has(key)) return key;
  return routeKeys.has('$default') ? '$default' : undefined;
}
