/**
 * Routes `console` output the way the Lambda Node.js runtime does: each call becomes one log
 * line `{time}\t{requestId}\t{LEVEL}\t{message}` (`log` and `info` are INFO, plus TRACE, DEBUG,
 * WARN, ERROR and the runtime's extra `console.fatal`).
 * https://docs.aws.amazon.com/lambda/latest/dg/nodejs-logging.html
 */
import type { ConsoleLevel } from './log-format.js';

/** Receives one console call: its level and its arguments, still unformatted. */
export type ConsoleWriter = (level: ConsoleLevel, args: unknown[]) => void;

const METHOD_LEVELS: ReadonlyArray<readonly [string, ConsoleLevel]> = [
  ['trace', 'TRACE'],
  ['debug', 'DEBUG'],
  ['info', 'INFO'],
  ['log', 'INFO'],
  ['warn', 'WARN'],
  ['error', 'ERROR'],
  ['fatal', 'FATAL'],
];

/**
 * Replaces the console methods of `target` with calls to `write`; returns a function that puts the
 * original methods back.
 */
export function patchConsole(target: Console, write: ConsoleWriter): () => void {
  const methods = target as unknown as Record<string, unknown>;
  const originals = METHOD_LEVELS.map(([name]) => [name, methods[name]] as const);
  for (const [name, level] of METHOD_LEVELS) {
    methods[name] = (...args: unknown[]) => write(level, args);
  }
  return () => {
    for (const [name, original] of originals) {
      if (original === undefined) delete methods[name];
      else methods[name] = original;
    }
  };
}
