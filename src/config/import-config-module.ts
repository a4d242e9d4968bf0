import { execFile } from 'node:child_process';
import { pathToFileURL } from 'node:url';

/** What a config file's own format gave: a value to check, or the problems that stopped reading it. */
export type ConfigFileContent = { readonly value: unknown } | { readonly problems: readonly string[] };

/** How long `node --check` may take to re-parse a file that failed to load, ms. */
const SYNTAX_CHECK_TIMEOUT_MS = 10_000;

/**
 * Imports a config module and settles its default export: an object, a promise of one, or a
 * function (called with no arguments, possibly async) returning either. Errors become one problem
 * starting with `name` and, when Node can tell, `:line:column` in the file.
 */
export async function importConfigModule(file: string, name: string): Promise<ConfigFileContent> {
  const url = pathToFileURL(file).href;
  let exported: unknown;
  try {
    const module = (await import(url)) as { default?: unknown };
    exported = module.default;
  } catch (error) {
    if (error instanceof SyntaxError) return { problems: [await describeSyntaxError(file, name, error)] };
    return { problems: [`${name}${findStackLocation(error, url)}: ${describeError(error)}`] };
  }
  if (exported === undefined) {
    return { problems: [`${name}: no default export; write \`export default { routes: { $default: 'handlers/app.handler' } }\``] };
  }
  try {
    return { value: await (typeof exported === 'function' ? (exported as () => unknown)() : exported) };
  } catch (error) {
    return { problems: [`${name}${findStackLocation(error, url)}: the default export failed: ${describeError(error)}`] };
  }
}

/**
 * A module's SyntaxError from `import()` has no location (Node adds `file:line` and a caret only
 * when it prints an uncaught one), so `node --check` re-parses the file to say where. This costs a
 * process only on this failure path. When the file itself parses, the error is in a module it imports.
 */
async function describeSyntaxError(file: string, name: string, error: SyntaxError): Promise<string> {
  const check = await new Promise<{ parses: boolean; stderr: string }>((resolve) => {
    execFile(process.execPath, ['--check', file], { timeout: SYNTAX_CHECK_TIMEOUT_MS }, (failed, _stdout, stderr) =>
      resolve({ parses: !failed, stderr: String(stderr) }),
    );
  });
  if (check.parses) return `${name}: SyntaxError in a module it imports: ${error.message}`;
  // Node prints `FILE:LINE`, the source line, then carets under the offending token.
  const lines = check.stderr.split(/\r?\n/);
  const index = lines.findIndex((line) => line.startsWith(`${file}:`));
  const lineNumber = index >= 0 ? /:(\d+)$/.exec(lines[index] ?? '')?.[1] : undefined;
  if (lineNumber === undefined) return `${name}: SyntaxError: ${error.message}`;
  const caret = lines[index + 2]?.indexOf('^') ?? -1;
  return `${name}:${lineNumber}${caret >= 0 ? `:${caret + 1}` : ''}: SyntaxError: ${error.message}`;
}

/** `:line:column` of the config module's frame in a thrown error's stack; empty when it has none. */
function findStackLocation(error: unknown, url: string): string {
  const stack = error instanceof Error ? String(error.stack) : '';
  const escaped = url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`${escaped}:(\\d+):(\\d+)`).exec(stack);
  return match ? `:${match[1]}:${match[2]}` : '';
}

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return `threw ${String(error)}`;
}
