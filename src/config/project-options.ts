import type { EmulatorOptions, FunctionOptions, RouteOptions } from './options.js';

/**
 * What a project file can say: the library's options (routes optional, because a template or a
 * serverless.yml can supply them) plus where the project's other descriptions are. Used by the
 * config file (`apigw-ws.config.json` / `.mjs`), by `loadProjectOptions` and by the CLI.
 */
export interface ProjectOptions extends Omit<EmulatorOptions, 'routes' | 'functions' | 'logger' | 'clock'> {
  readonly routes?: Readonly<Record<string, string | RouteOptions>>;
  /**
   * Functions by name. An entry without `handler` amends the template's or serverless.yml's
   * function of that name: `{ Echo: { codeDir: 'build/echo' } }` runs its code from a build folder
   * with the template's handler and environment.
   */
  readonly functions?: Readonly<Record<string, ProjectFunctionOptions>>;
  /** A SAM or CloudFormation template (YAML or JSON). Default: `template.yaml`/`.yml`/`.json` when present. */
  readonly template?: string;
  /** A Serverless Framework `serverless.yml`. Default: `serverless.yml`/`.yaml` when present. */
  readonly serverless?: string;
  /** Logical id of the WebSocket API to run when the template has several. */
  readonly api?: string;
  /** Template parameter values, like `sam deploy --parameter-overrides`. */
  readonly parameterOverrides?: Readonly<Record<string, string>>;
  /**
   * `AWS::StackName` in the template. Default: the project directory's name. In a CDK app, the stack
   * to run, by artifact id, stack name or display name (`Prod/ChatStack`); `AWS::StackName` is then
   * the name that stack deploys as.
   */
  readonly stackName?: string;
}

/** A function as a project file gives it: `handler` may come from the file below. */
export type ProjectFunctionOptions = Omit<FunctionOptions, 'handler'> & { readonly handler?: string };

/** A file read for options: what it gave, and what it could not honour. */
export interface LoadedSource {
  /** The file (absolute path). */
  readonly file: string;
  /** Files it includes (serverless.yml's `${file(...)}`), absolute. */
  readonly includes?: readonly string[];
  /** Options from the file, paths made absolute (or relative to an absolute `root`). */
  readonly options: ProjectOptions;
  /** Things skipped that a user should know of, each naming the file and its logical id or key. */
  readonly warnings: readonly string[];
  /** Things that stop the emulator from starting, each naming the file and where in it. */
  readonly problems: readonly string[];
}
