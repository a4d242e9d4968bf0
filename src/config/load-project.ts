import { existsSync } from 'node:fs';
import path from 'node:path';
import { createProblemsError } from '../errors.js';
import { generateApiId } from '../util/ids.js';
import { createSeededRandomBytes } from '../util/seeded-random.js';
import { selectCdkStack } from './cloudformation/cdk-assembly.js';
import { findSamConfig, loadSamConfig } from './cloudformation/load-samconfig.js';
import { loadTemplate } from './cloudformation/load-template.js';
import * as D from './defaults.js';
import { findConfigFile, loadConfigFile } from './load-config-file.js';
import { mergeProjectOptions } from './merge-project-options.js';
import type { EmulatorOptions } from './options.js';
import type { LoadedSource, ProjectOptions } from './project-options.js';
import { loadServerless } from './serverless/load-serverless.js';

export interface ProjectLoadOptions extends ProjectOptions {
  /** Where project files are looked for. Default: `process.cwd()`. */
  readonly cwd?: string;
  /** A config file to read; `false`: none. Default: `apigw-ws.config.json` or `.mjs` in `cwd`, when present. */
  readonly config?: string | false;
  /** Look for a config file, `template.yaml` and `serverless.yml` in `cwd` when not given. Default true. */
  readonly discover?: boolean;
  /**
   * Throw when a file has problems. `false`: return them in `problems`, with the options of what
   * could be read (for `--print-config`). Default true.
   */
  readonly throwOnProblems?: boolean;
}

export interface LoadedProject {
  /** The emulator's options: template, then config file, then the caller's options on top. */
  readonly options: EmulatorOptions;
  /** The files read (absolute paths), config file first. */
  readonly sources: readonly string[];
  /** What the files asked for that is not emulated, each naming the file and where in it. */
  readonly warnings: readonly string[];
  /** Which files were chosen and why, for the log. */
  readonly notices: readonly string[];
  /** What stops the emulator from starting, each naming the file and where in it; empty unless `throwOnProblems: false`. */
  readonly problems: readonly string[];
}

/** What SAM CLI looks for (`sam local` and `sam build` default to template.yaml, then .yml). */
const TEMPLATE_NAMES = ['template.yaml', 'template.yml', 'template.json'];
/** The Framework's config names; the .ts/.js/.json ones are found so their loader can say what it supports. */
const SERVERLESS_NAMES = ['serverless.yml', 'serverless.yaml', 'serverless.json', 'serverless.ts', 'serverless.js'];
/** `sam build`'s output: `sam local` runs it when present, and so do we (TypeScript is built there). */
const SAM_BUILD_TEMPLATE = path.join('.aws-sam', 'build', 'template.yaml');

const SOURCE_KEYS = ['template', 'serverless', 'api', 'parameterOverrides', 'stackName'] as const;

/**
 * The options for a project directory: its config file, SAM/CloudFormation template or
 * serverless.yml, and the caller's options, merged with the precedence "caller over config file
 * over template". Throws one EmulatorError (`ERR_INVALID_OPTIONS`) naming every problem found in
 * every file, before anything starts; with `throwOnProblems: false`, returns them in `problems`.
 */
export async function loadProjectOptions(input: ProjectLoadOptions = {}): Promise<LoadedProject> {
  const cwd = path.resolve(input.cwd ?? process.cwd());
  const discover = input.discover !== false;
  const { cwd: _cwd, config: configOption, discover: _discover, throwOnProblems = true, ...callerOptions } = input;
  const problems: string[] = [];
  const warnings: string[] = [];
  const notices: string[] = [];
  const sources: string[] = [];
  const take = (source: LoadedSource): ProjectOptions => {
    sources.push(source.file, ...(source.includes ?? []));
    problems.push(...source.problems);
    warnings.push(...source.warnings);
    return source.options;
  };

  const configFile =
    configOption === false ? undefined : configOption !== undefined ? path.resolve(cwd, configOption) : discover ? findConfigFile(cwd) : undefined;
  const config = configFile === undefined ? {} : take(await loadConfigFile(configFile));
  let wanted = mergeProjectOptions(config, callerOptions);

  // A file given by name is the choice: the other kind is not looked for beside it.
  const template = pickFile(wanted.template, cwd, TEMPLATE_NAMES, discover && wanted.serverless === undefined);
  const serverless = pickFile(wanted.serverless, cwd, SERVERLESS_NAMES, discover && wanted.template === undefined);
  const cdkJson = discover && !template && !serverless && existsSync(path.join(cwd, 'cdk.json')) ? path.join(cwd, 'cdk.json') : undefined;
  let projectFile: ProjectOptions = {};
  const apiIdOf = () => wanted.apiId ?? generateApiId(wanted.seed === undefined ? undefined : createSeededRandomBytes(wanted.seed ^ 0x5eed));
  const readTemplate = (file: string, stackName: string) =>
    take(
      loadTemplate(file, {
        region: wanted.region ?? D.DEFAULT_REGION,
        accountId: wanted.accountId ?? D.DEFAULT_ACCOUNT_ID,
        stackName,
        apiId: apiIdOf(),
        ...(wanted.api === undefined ? {} : { api: wanted.api }),
        ...(wanted.stage === undefined ? {} : { stage: wanted.stage }),
        parameterOverrides: wanted.parameterOverrides ?? {},
        // functions.NAME.codeDir (e.g. a build folder) replaces the template's CodeUri: its handler file is looked for there.
        relocatedFunctions: Object.entries(wanted.functions ?? {}).flatMap(([name, fn]) => (fn.codeDir === undefined ? [] : [name])),
      }),
    );
  if (template && serverless) {
    problems.push(`both ${show(template.file)} and ${show(serverless.file)} describe the project: choose one with --template or --serverless`);
  } else if (template) {
    // What `sam deploy` saved (stack name, region, parameter values) lies under the config file and flags.
    const samConfig = discover ? findSamConfig(path.dirname(template.file)) : undefined;
    if (samConfig !== undefined) {
      const saved = loadSamConfig(samConfig);
      sources.push(samConfig);
      problems.push(...saved.problems);
      notices.push(`using ${show(samConfig)} for the stack name, region and parameter values sam deploy saved`);
      wanted = mergeProjectOptions(
        {
          ...(saved.stackName === undefined ? {} : { stackName: saved.stackName }),
          ...(saved.region === undefined ? {} : { region: saved.region }),
          ...(saved.parameterOverrides === undefined ? {} : { parameterOverrides: saved.parameterOverrides }),
        },
        wanted,
      );
    }
    let file = template.file;
    const built = path.join(path.dirname(file), SAM_BUILD_TEMPLATE);
    if (template.found && existsSync(built)) {
      notices.push(`using ${show(built)} (the output of sam build), as sam local does; give --template ${show(file)} to run the source template`);
      file = built;
    } else {
      notices.push(`using ${show(file)}`);
    }
    projectFile = readTemplate(file, wanted.stackName ?? buildStackName(path.dirname(template.file)));
  } else if (serverless) {
    notices.push(`using ${show(serverless.file)}`);
    if (wanted.api !== undefined) problems.push(`--api ${wanted.api}: a serverless.yml has one WebSocket API; --api is for templates`);
    projectFile = take(
      loadServerless(serverless.file, {
        accountId: wanted.accountId ?? D.DEFAULT_ACCOUNT_ID,
        apiId: apiIdOf(),
        ...(wanted.region === undefined ? {} : { region: wanted.region }),
        ...(wanted.stage === undefined ? {} : { stage: wanted.stage }),
      }),
    );
  } else if (cdkJson !== undefined) {
    // A CDK app runs from what `cdk synth` wrote, as `sam local` runs it; --stack-name picks the stack.
    const choice = selectCdkStack(cdkJson, wanted.stackName, show);
    if (choice.problems) {
      problems.push(...choice.problems);
    } else {
      const { stack } = choice;
      notices.push(`using ${show(stack.templateFile)} (stack ${stack.displayName} of the CDK app in ${show(cdkJson)}); run \`npx cdk synth\` after changing the app`);
      projectFile = readTemplate(stack.templateFile, stack.stackName);
    }
  } else if (wanted.api !== undefined || wanted.parameterOverrides !== undefined) {
    problems.push('--api and --parameter-overrides apply to a SAM/CloudFormation template: give one with --template (none was found)');
  } else if (discover && Object.keys(wanted.routes ?? {}).length === 0) {
    // Without routes the CLI starts its demo chat room; a SAM project whose template has another name must not get it.
    const samConfig = findSamConfig(cwd);
    if (samConfig !== undefined) problems.push(`${show(samConfig)} found but no ${TEMPLATE_NAMES.join(', ')}: give the template with --template FILE`);
  }
  if (problems.length > 0 && throwOnProblems) {
    throw createProblemsError('ERR_INVALID_OPTIONS', 'Invalid project', problems);
  }
  const merged: Record<string, unknown> = { ...mergeProjectOptions(projectFile, wanted) };
  for (const key of SOURCE_KEYS) delete merged[key];
  const options = { ...merged, routes: (merged.routes as EmulatorOptions['routes'] | undefined) ?? {} } as EmulatorOptions;
  return { options, sources, warnings, notices, problems };
}

function pickFile(given: string | undefined, cwd: string, names: readonly string[], discover: boolean): { file: string; found: boolean } | undefined {
  if (given !== undefined) return { file: path.resolve(cwd, given), found: false };
  if (!discover) return undefined;
  const name = names.find((candidate) => existsSync(path.join(cwd, candidate)));
  return name === undefined ? undefined : { file: path.join(cwd, name), found: true };
}

/** `AWS::StackName`: the project directory's name made a valid stack name (letters, digits, `-`, starting with a letter). */
function buildStackName(dir: string): string {
  const name = path.basename(dir).replace(/[^A-Za-z0-9-]+/g, '-').replace(/^[^A-Za-z]+/, '').slice(0, 128);
  return name === '' ? 'local-stack' : name;
}

function show(file: string): string {
  return path.relative(process.cwd(), file) || file;
}
