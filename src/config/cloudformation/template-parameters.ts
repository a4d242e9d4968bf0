import type { TemplateReport } from './template-report.js';
import { isRecord } from '../../util/is-record.js';

/**
 * The template's parameter values: overrides (`--parameter-overrides`), else defaults. List types
 * (`CommaDelimitedList`, `List<...>`) become string lists, as `Ref` gives them on AWS.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html
 */
export function buildParameterValues(
  parameters: unknown,
  overrides: Readonly<Record<string, string>>,
  report: TemplateReport,
  /** Whether the template refers to a parameter; an SSM parameter nothing refers to is not worth a warning. */
  isReferenced: (name: string) => boolean = () => true,
): Map<string, string | readonly string[]> {
  const values = new Map<string, string | readonly string[]>();
  const declared = isRecord(parameters) ? parameters : {};
  for (const name of Object.keys(overrides)) {
    if (!Object.hasOwn(declared, name)) {
      report.problem(`parameter override ${name}`, `the template has no parameter ${name} (it has: ${Object.keys(declared).join(', ') || 'none'})`);
    }
  }
  for (const [name, definition] of Object.entries(declared)) {
    const where = `Parameters.${name}`;
    const spec = isRecord(definition) ? definition : {};
    const type = typeof spec.Type === 'string' ? spec.Type : 'String';
    const given = Object.hasOwn(overrides, name)
      ? overrides[name]
      : spec.Default === undefined
        ? undefined
        : String(Array.isArray(spec.Default) ? spec.Default.join(',') : spec.Default);
    if (given === undefined) {
      // Only a problem when something uses it; the caller asks through Ref and gets this message then.
      continue;
    }
    if (type.startsWith('AWS::SSM::Parameter::Value') && !Object.hasOwn(overrides, name) && isReferenced(name)) {
      report.warn(where, `type ${type} reads SSM Parameter Store on AWS; locally the default ${JSON.stringify(given)} is used as the value itself (override it with --parameter-overrides ${name}=VALUE)`);
    }
    if (Array.isArray(spec.AllowedValues) && !spec.AllowedValues.map(String).includes(given)) {
      report.problem(where, `${JSON.stringify(given)} is not one of its AllowedValues: ${spec.AllowedValues.map(String).join(', ')}`);
    }
    if (typeof spec.AllowedPattern === 'string') {
      const pattern = compilePattern(spec.AllowedPattern);
      if (pattern === undefined) report.warn(where, `AllowedPattern ${spec.AllowedPattern} is not a regular expression JavaScript reads, so it is not checked`);
      else if (!pattern.test(given)) report.problem(where, `${JSON.stringify(given)} does not match its AllowedPattern ${spec.AllowedPattern}`);
    }
    const isList = type === 'CommaDelimitedList' || type.startsWith('List<');
    values.set(name, isList ? given.split(',').map((item) => item.trim()) : given);
  }
  return values;
}

/** CloudFormation matches AllowedPattern against the whole value (Java regular expressions; most read the same in JavaScript). */
function compilePattern(pattern: string): RegExp | undefined {
  try {
    return new RegExp(`^(?:${pattern})$`);
  } catch {
    return undefined;
  }
}

/**
 * Parses `Key=Value` pairs as `sam deploy --parameter-overrides` takes them: several in one
 * argument separated by spaces, values optionally quoted, and the long form
 * `ParameterKey=K,ParameterValue=V`.
 */
export function parseParameterOverrides(texts: readonly string[]): { values: Record<string, string>; problems: string[] } {
  const values: Record<string, string> = {};
  const problems: string[] = [];
  const pairs = texts.flatMap((text) => (text.match(/(?:[^\s"']+|"[^"]*"|'[^']*')+/g) ?? []).map((pair) => pair.replace(/=(["'])(.*)\1$/, '=$2')));
  for (const pair of pairs) {
    const long = /^ParameterKey=([^,]+),ParameterValue=(.*)$/.exec(pair);
    if (long) {
      values[long[1]!] = long[2]!;
      continue;
    }
    const at = pair.indexOf('=');
    if (at <= 0) problems.push(`--parameter-overrides ${JSON.stringify(pair)}: use Name=Value, e.g. --parameter-overrides TableName=chat`);
    else values[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return { values, problems };
}
