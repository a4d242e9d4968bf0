/** Where a `JSON.parse` error is in the text, for a `file:line:column` an editor can jump to. */
export interface JsonErrorLocation {
  /** 1-based. */
  readonly line: number;
  /** 1-based, in UTF-16 code units as editors count them. */
  readonly column: number;
  /** V8's message without its position or source excerpt, plus a hint for the common mistakes. */
  readonly reason: string;
}

/**
 * Locates the error `JSON.parse(text)` threw with `message`. V8 (Node 20 and later) states the
 * position in most messages (`... in JSON at position N`; Node 22 adds `(line L column C)`), but
 * not in `Unexpected token 'X', "excerpt" is not valid JSON` nor `Unexpected end of JSON input`.
 * Then the error is where the longest prefix of the text that could still begin a JSON document
 * ends: found by bisection, asking `JSON.parse` about each prefix.
 */
export function locateJsonError(text: string, message: string): JsonErrorLocation {
  const stated = findStatedPosition(message);
  const viable = stated ?? findLongestViablePrefix(text);
  // Nothing is wrong before the end: point just after the last thing written, not at trailing blank lines.
  const position = viable >= text.length ? text.trimEnd().length : viable;
  const before = text.slice(0, position).split('\n');
  const reason = message
    .replace(/ in JSON at position \d+[\s\S]*$/, '')
    .replace(/ at position \d+[\s\S]*$/, '')
    .replace(/^(Unexpected token) '([\s\S])', [\s\S]*$/, (_, words: string, token: string) => `${words} ${JSON.stringify(token)}`);
  return { line: before.length, column: (before.at(-1) ?? '').length + 1, reason: reason + findHint(text, position) };
}

function findStatedPosition(message: string): number | undefined {
  const stated = /at position (\d+)/.exec(message);
  return stated ? Number(stated[1]) : undefined;
}

/** The length of the longest prefix that is JSON or can be completed to JSON (viability only shrinks as a prefix grows). */
function findLongestViablePrefix(text: string): number {
  let viable = 0;
  let broken = text.length + 1;
  while (broken - viable > 1) {
    const middle = Math.floor((viable + broken) / 2);
    if (isViablePrefix(text.slice(0, middle))) viable = middle;
    else broken = middle;
  }
  return viable;
}

function isViablePrefix(prefix: string): boolean {
  try {
    JSON.parse(prefix);
    return true;
  } catch (error) {
    const message = (error as Error).message;
    if (message.startsWith('Unexpected end of JSON input')) return true;
    const stated = findStatedPosition(message);
    return stated !== undefined && stated >= prefix.length;
  }
}

/** JSON's two surprises for people used to JavaScript: no comments and no trailing commas. */
function findHint(text: string, position: number): string {
  if (text[position] === '/') return ' (JSON has no comments: remove them, or write apigw-ws.config.mjs)';
  const previous = text.slice(0, position).trimEnd().at(-1);
  if (previous === ',' && (text[position] === '}' || text[position] === ']')) return ' (JSON allows no comma after the last item)';
  return '';
}
