import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseTemplateText } from '../cloudformation/parse-template-text.js';
import { VariableError } from './variable-error.js';

/** A file `${file(...)}` names: its content parsed, or absent (the variable then falls back, as the Framework's does). */
export type IncludedFile =
  | { readonly status: 'read'; readonly file: string; readonly value: unknown }
  | { readonly status: 'absent'; readonly file: string };

/** Reads the files of `${file(path)}` variables, each once. */
export interface FileSource {
  /** Throws VariableError: `invalid` for a file that does not parse, `unsupported` for JavaScript or TypeScript. */
  read(param: string, variableText: string): IncludedFile;
  /** The files asked for so far (absolute), read or absent: what `--watch` watches besides serverless.yml. */
  included(): string[];
}

const CODE_EXTENSIONS = new Set(['.js', '.cjs', '.mjs', '.ts', '.cts', '.mts']);
const DATA_EXTENSIONS = new Set(['.yml', '.yaml', '.json']);

/**
 * `${file(./path)}` as the Framework reads it
 * (https://www.serverless.com/framework/docs/guides/variables/file): the path is relative to the
 * service directory (also in a file included from another); YAML and JSON are parsed (with
 * CloudFormation's short tags, as in serverless.yml); another extension is the file's text. A
 * JavaScript or TypeScript file is run by the Framework to get its value, which is not done here.
 * `serviceLabel` is how serverless.yml is named in messages; included files are named beside it.
 */
export function createFileSource(serviceDir: string, serviceLabel: string): FileSource {
  const cache = new Map<string, IncludedFile>();
  return {
    included: () => [...cache.keys()],
    read(param, variableText) {
      const absolute = path.resolve(serviceDir, param.trim());
      const file = path.relative(serviceDir, absolute).split(path.sep).join('/');
      const cached = cache.get(absolute);
      if (cached) return cached;
      const extension = path.extname(absolute).toLowerCase();
      if (CODE_EXTENSIONS.has(extension)) {
        throw new VariableError('unsupported', `${variableText}: ${file} is ${extension.endsWith('ts') ? 'TypeScript' : 'JavaScript'}, which the Framework runs to get the value; apigw-ws-local runs no code from serverless.yml: put the values in a .yml or .json file`);
      }
      let text: string;
      try {
        text = readFileSync(absolute, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
          throw new VariableError('invalid', `${variableText}: cannot read ${file}: ${(error as Error).message}`);
        const absent: IncludedFile = { status: 'absent', file };
        cache.set(absolute, absent);
        return absent;
      }
      let value: unknown = text;
      if (DATA_EXTENSIONS.has(extension)) {
        const parsed = parseTemplateText(text, path.join(path.dirname(serviceLabel), file));
        if (!parsed.ok) throw new VariableError('invalid', `${variableText}: ${parsed.problems[0]}`);
        value = parsed.value;
      }
      const read: IncludedFile = { status: 'read', file, value };
      cache.set(absolute, read);
      return read;
    },
  };
}
