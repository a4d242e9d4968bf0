import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The entry point that builds a handler's module, as `sam build` with `BuildMethod: esbuild` lays
 * its output out: esbuild writes each entry to `<entry path relative to the entries' common
 * folder>.js`, so `Handler: index.handler` with `EntryPoints: [src/index.ts]` runs the build of
 * `src/index.ts`. Without entry points, the handler's own file (`src/app.handler` → `src/app.ts`).
 * https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/serverless-sam-cli-using-build-typescript.html
 *
 * Returns the absolute entry file, or undefined when none matches (or the file is missing).
 */
export function findBuildEntry(codeDir: string, modulePath: string, entryPoints: readonly string[] | undefined): string | undefined {
  if (entryPoints === undefined || entryPoints.length === 0) {
    const base = path.resolve(codeDir, modulePath);
    const found = ['.ts', '.mts', '.cts', '.tsx', '.js', '.mjs', '.cjs'].find((ext) => existsSync(base + ext));
    return found === undefined ? undefined : base + found;
  }
  const entries = entryPoints.map((entry) => path.resolve(codeDir, entry));
  const outbase = entries.length === 1 ? path.dirname(entries[0] as string) : commonFolder(entries);
  const wanted = path.normalize(modulePath);
  const entry = entries.find((file) => {
    const relative = path.relative(outbase, file);
    return relative.slice(0, relative.length - path.extname(relative).length) === wanted;
  });
  return entry !== undefined && existsSync(entry) ? entry : undefined;
}

function commonFolder(files: readonly string[]): string {
  const split = files.map((file) => path.dirname(file).split(path.sep));
  const first = split[0] ?? [];
  let length = 0;
  while (length < first.length && split.every((parts) => parts[length] === first[length])) length += 1;
  return first.slice(0, length).join(path.sep) || path.sep;
}
