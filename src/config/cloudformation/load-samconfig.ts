import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseToml, TomlError } from 'smol-toml';
import { parseTemplateText } from './parse-template-text.js';
import { parseParameterOverrides } from './template-parameters.js';
import { isRecord } from '../../util/is-record.js';

/**
 * SAM CLI's project configuration, where `sam deploy --guided` saves the stack name, region and
 * parameter values. Looked for as SAM does: samconfig.toml, then samconfig.yaml / .yml, beside the
 * template (https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/serverless-sam-cli-config.html).
 */
export const SAMCONFIG_NAMES = ['samconfig.toml', 'samconfig.yaml', 'samconfig.yml'] as const;

/**
 * The sections read, later ones winning: `global`, then `deploy` (the values the stack was deployed
 * with, which is what a local run of it wants), then `local_start_api` (what `sam local` reads).
 */
const COMMAND_SECTIONS = ['global', 'deploy', 'local_start_api'] as const;

export interface SamConfigValues {
  readonly file: string;
  readonly stackName?: string;
  readonly region?: string;
  readonly parameterOverrides?: Readonly<Record<string, string>>;
  readonly problems: readonly string[];
}

export function findSamConfig(dir: string): string | undefined {
  const name = SAMCONFIG_NAMES.find((candidate) => existsSync(path.join(dir, candidate)));
  return name === undefined ? undefined : path.join(dir, name);
}

/** Reads the `default` environment's stack name, region and parameter overrides. Never throws for the file's mistakes. */
export function loadSamConfig(file: string, environment = 'default'): SamConfigValues {
  const label = path.relative(process.cwd(), file) || file;
  const failed = (problem: string): SamConfigValues => ({ file, problems: [problem] });
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return failed(`${label}: cannot read it: ${(error as Error).message}`);
  }
  let document: unknown;
  if (file.endsWith('.toml')) {
    try {
      document = parseToml(text);
    } catch (error) {
      if (!(error instanceof TomlError)) throw error;
      return failed(`${label}:${error.line}:${error.column}: ${error.message.split('\n')[0]}`);
    }
  } else {
    const parsed = parseTemplateText(text, label);
    if (!parsed.ok) return { file, problems: parsed.problems };
    document = parsed.value;
  }
  const sections = isRecord(document) && isRecord(document[environment]) ? document[environment] : {};
  const values: Record<string, unknown> = {};
  for (const command of COMMAND_SECTIONS) {
    const section = sections[command];
    if (isRecord(section) && isRecord(section.parameters)) Object.assign(values, section.parameters);
  }
  const problems: string[] = [];
  const overrides = values.parameter_overrides;
  let parameterOverrides: Record<string, string> | undefined;
  if (overrides !== undefined) {
    // A string `A=1 B="two words"`, or a list of `A=1` items, each one whole pair (SAM CLI writes both).
    if (Array.isArray(overrides)) {
      parameterOverrides = {};
      for (const item of overrides.map(String)) {
        const at = item.indexOf('=');
        if (at <= 0) problems.push(`${label}: parameter_overrides ${JSON.stringify(item)}: use Name=Value`);
        else parameterOverrides[item.slice(0, at)] = item.slice(at + 1).replace(/^(["'])(.*)\1$/, '$2');
      }
    } else if (typeof overrides === 'string') {
      const parsed = parseParameterOverrides([overrides]);
      problems.push(...parsed.problems.map((problem) => `${label}: ${problem.replace('--parameter-overrides', 'parameter_overrides')}`));
      parameterOverrides = parsed.values;
    } else {
      problems.push(`${label}: parameter_overrides must be a string (A=1 B=2) or a list of A=1 strings`);
    }
  }
  return {
    file,
    ...(typeof values.stack_name === 'string' ? { stackName: values.stack_name } : {}),
    ...(typeof values.region === 'string' ? { region: values.region } : {}),
    ...(parameterOverrides ? { parameterOverrides } : {}),
    problems,
  };
}
