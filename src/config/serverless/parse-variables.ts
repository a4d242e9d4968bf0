import { VariableError } from './variable-error.js';

/**
 * The Framework's variable syntax, as its docs describe it
 * (https://www.serverless.com/framework/docs/providers/aws/guide/variables):
 * `${source:address}`, `${source(params):address}`, fallbacks after commas
 * (`${opt:stage, self:provider.stage, 'dev'}`), literal fallbacks quoted or as numbers, `true`,
 * `false`, `null`, and variables nested in an address (`${self:custom.${opt:stage}}`).
 *
 * Only `${` followed by a lowercase source name and `:` or `(` is the Framework's: the Framework's
 * own parser treats anything else (`${AWS::Region}`, `${Table.Arn}`, `${stageVariables.x}`) as
 * foreign and leaves it for CloudFormation's `Fn::Sub` or API Gateway.
 */

/** A fallback literal: `'dev'`, `"dev"`, `1024`, `true`, `false`, `null`. */
export interface LiteralSource {
  readonly kind: 'literal';
  readonly value: string | number | boolean | null;
}

/** `type(params):address`; params and address may hold nested variables. */
export interface ReferenceSource {
  readonly kind: 'reference';
  readonly type: string;
  readonly params: string | undefined;
  readonly address: string | undefined;
}

export type VariableSource = LiteralSource | ReferenceSource;

/** One `${...}` in a value: its text as written and its sources, first to last fallback. */
export interface Variable {
  readonly text: string;
  readonly sources: readonly VariableSource[];
}

/** A value's text split into literal runs and variables. */
export type TextPart = string | Variable;

const FRAMEWORK_VARIABLE_START = /^[a-z][a-zA-Z0-9]*(?:\(|:(?!:))/;
const REFERENCE = /^([a-z][a-zA-Z0-9]*)(?:\(([^)]*)\))?(?::([\s\S]*))?$/;
const NUMBER = /^\d+(?:\.\d+)?$/;

/** True when `text` holds at least one Framework variable. */
export function hasVariables(text: string): boolean {
  return findVariableStart(text, 0) >= 0;
}

/**
 * Splits `text` into literal runs and variables, or undefined when it has none. Throws a
 * VariableError (`invalid`) for a variable the Framework would reject too.
 */
export function parseVariableText(text: string): TextPart[] | undefined {
  const parts: TextPart[] = [];
  let from = 0;
  let start = findVariableStart(text, 0);
  if (start < 0) return undefined;
  while (start >= 0) {
    const end = findClosingBrace(text, start);
    if (start > from) parts.push(text.slice(from, start));
    const variableText = text.slice(start, end + 1);
    parts.push({ text: variableText, sources: splitTopLevel(text.slice(start + 2, end), ',').map((source) => parseSource(source, variableText)) });
    from = end + 1;
    start = findVariableStart(text, from);
  }
  if (from < text.length) parts.push(text.slice(from));
  return parts;
}

function findVariableStart(text: string, from: number): number {
  for (let at = text.indexOf('${', from); at >= 0; at = text.indexOf('${', at + 2)) {
    if (FRAMEWORK_VARIABLE_START.test(text.slice(at + 2))) return at;
  }
  return -1;
}

/** The index of the `}` closing the variable at `start`, skipping nested variables and quoted fallbacks. */
function findClosingBrace(text: string, start: number): number {
  let depth = 0;
  for (let at = start; at < text.length; at += 1) {
    const char = text[at];
    if (char === '$' && text[at + 1] === '{') {
      depth += 1;
      at += 1;
    } else if (char === '}') {
      depth -= 1;
      if (depth === 0) return at;
    } else if ((char === "'" || char === '"') && startsSource(text, at)) {
      const close = text.indexOf(char, at + 1);
      if (close < 0) break;
      at = close;
    }
  }
  throw new VariableError('invalid', `${text.slice(start)}: the variable has no closing "}"`);
}

/** A quote opens a string only where a source or a param starts (after `,` or `(`), as in the Framework's parser. */
function startsSource(text: string, at: number): boolean {
  const before = text.slice(0, at).trimEnd();
  return before.endsWith(',') || before.endsWith('(');
}

/** Splits on `separator` outside quotes, parentheses and nested variables. */
function splitTopLevel(text: string, separator: string): string[] {
  const pieces: string[] = [];
  let depth = 0;
  let from = 0;
  for (let at = 0; at < text.length; at += 1) {
    const char = text[at];
    if (char === '$' && text[at + 1] === '{') {
      depth += 1;
      at += 1;
    } else if (char === '(') {
      depth += 1;
    } else if (char === '}' || char === ')') {
      depth -= 1;
    } else if ((char === "'" || char === '"') && (at === 0 || startsSource(text, at))) {
      const close = text.indexOf(char, at + 1);
      if (close >= 0) at = close;
    } else if (char === separator && depth === 0) {
      pieces.push(text.slice(from, at));
      from = at + 1;
    }
  }
  pieces.push(text.slice(from));
  return pieces;
}

function parseSource(raw: string, variableText: string): VariableSource {
  const text = raw.trim();
  if (/^'[^']*'$/.test(text)) return { kind: 'literal', value: text.slice(1, -1) };
  if (/^"(?:[^"\\]|\\.)*"$/.test(text)) return { kind: 'literal', value: JSON.parse(text) as string };
  if (text === 'true' || text === 'false') return { kind: 'literal', value: text === 'true' };
  if (text === 'null') return { kind: 'literal', value: null };
  if (NUMBER.test(text)) return { kind: 'literal', value: Number(text) };
  const reference = REFERENCE.exec(text);
  if (reference && (reference[2] !== undefined || reference[3] !== undefined)) {
    return { kind: 'reference', type: reference[1]!, params: reference[2], address: reference[3]?.trim() };
  }
  const hint = text === '' ? 'an empty source' : `"${text}" is neither a source (type:address) nor a literal`;
  throw new VariableError('invalid', `${variableText}: ${hint}; quote a literal fallback, e.g. '${text || 'dev'}'`);
}
