/**
 * A levelled logger. The library is silent by default (`silentLogger`); the CLI passes a console
 * logger. One line per lifecycle event.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  /**
   * Output of user code (a handler's console and Lambda's START/END/REPORT lines), written as is.
   * Absent when nobody reads it: handlers' output is then not even collected.
   */
  readonly handler?: (line: string) => void;
}

const noop = (): void => {};

export const silentLogger: Logger = { debug: noop, info: noop, warn: noop, error: noop };

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/** A logger writing to a stream (stderr by default), dropping lines below `level`. */
export function createStreamLogger(
  level: LogLevel,
  write: (line: string) => void = (line) => process.stderr.write(line + '\n'),
): Logger {
  const at = (lineLevel: LogLevel, tag: string) =>
    RANK[lineLevel] >= RANK[level] ? (message: string) => write(`${tag} ${message}`) : noop;
  return {
    debug: at('debug', '[debug]'),
    info: at('info', '[info]'),
    warn: at('warn', '[warn]'),
    error: at('error', '[error]'),
    // Handler output is the user's own logging: shown unless the user asked for silence or errors only.
    ...(RANK.info >= RANK[level] ? { handler: write } : {}),
  };
}
