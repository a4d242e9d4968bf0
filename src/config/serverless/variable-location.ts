/** Where a value sits in serverless.yml: keys, and indexes into lists. */
export type ConfigPath = readonly (string | number)[];

/**
 * Where a value is written: a path in serverless.yml, or in a file it includes with
 * `${file(...)}` (`file` relative to the service directory, with `/` separators).
 */
export interface VariableLocation {
  readonly file: string | undefined;
  readonly path: ConfigPath;
}

/** `functions.connect.events[0].websocket`. */
export function formatPath(path: ConfigPath): string {
  return path.map((segment, index) => (typeof segment === 'number' ? `[${segment}]` : index === 0 ? segment : `.${segment}`)).join('');
}

/** `custom.table` in serverless.yml; `resources/tables.yml:Resources.Table` in an included file, as `${file(...):key}` writes it. */
export function formatLocation(location: VariableLocation): string {
  if (location.file === undefined) return formatPath(location.path);
  return location.path.length === 0 ? location.file : `${location.file}:${formatPath(location.path)}`;
}

/** Two locations are the same place when their keys are equal. */
export function locationKey(location: VariableLocation): string {
  return `${location.file ?? ''}\u0000${formatPath(location.path)}`;
}
