import { parseDocument, type CollectionTag, type ScalarTag, type YAMLMap, type YAMLSeq } from 'yaml';

/**
 * CloudFormation's short-form tags, each mapped to its long form: `!Ref X` → `{ Ref: X }`,
 * `!Sub s` → `{ 'Fn::Sub': s }`, `!GetAtt A.B` → `{ 'Fn::GetAtt': ['A', 'B'] }`. The list is the
 * intrinsic function reference's, plus `!Condition` (conditions section):
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html
 */
const SHORT_TAGS = [
  'Ref', 'Condition', 'GetAtt', 'Sub', 'Join', 'Select', 'Split', 'If', 'FindInMap', 'Base64', 'GetAZs',
  'ImportValue', 'Equals', 'And', 'Or', 'Not', 'Cidr', 'Transform', 'Length', 'ToJsonString',
] as const;

function longName(tag: string): string {
  return tag === 'Ref' || tag === 'Condition' ? tag : `Fn::${tag}`;
}

function buildCloudFormationTags(): (ScalarTag | CollectionTag)[] {
  const tags: (ScalarTag | CollectionTag)[] = [];
  for (const tag of SHORT_TAGS) {
    const name = longName(tag);
    tags.push({
      tag: `!${tag}`,
      // `!GetAtt Fn.Arn` is the scalar form of `Fn::GetAtt: [Fn, Arn]`; the attribute may itself contain dots.
      resolve: (text: string) => ({ [name]: tag === 'GetAtt' ? splitGetAtt(text) : text }),
    });
    tags.push({ tag: `!${tag}`, collection: 'seq', resolve: (node) => ({ [name]: (node as YAMLSeq).toJSON() }) } as CollectionTag);
    tags.push({ tag: `!${tag}`, collection: 'map', resolve: (node) => ({ [name]: (node as YAMLMap).toJSON() }) } as CollectionTag);
  }
  return tags;
}

function splitGetAtt(text: string): string[] {
  const dot = text.indexOf('.');
  return dot < 0 ? [text] : [text.slice(0, dot), text.slice(dot + 1)];
}

export type ParsedText = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly problems: readonly string[] };

/**
 * Parses a template or serverless.yml: YAML 1.2 (a superset of JSON, so JSON templates too) with
 * CloudFormation's short tags turned into their long forms. Errors name `file:line:column`.
 * `label` is how the file is named in messages (usually its path relative to the working directory).
 */
export function parseTemplateText(text: string, label: string): ParsedText {
  const document = parseDocument(text, { customTags: buildCloudFormationTags(), merge: true, prettyErrors: true, strict: true });
  const errors = document.errors;
  if (errors.length > 0) {
    return {
      ok: false,
      problems: errors.map((error) => {
        const at = error.linePos?.[0];
        const where = at ? `${label}:${at.line}:${at.col}` : label;
        return `${where}: ${firstLine(error.message)}`;
      }),
    };
  }
  // Tags we do not know (e.g. a typo `!Refs`) come through as plain values; yaml reports them as warnings.
  const unknownTags = document.warnings.filter((warning) => warning.code === 'TAG_RESOLVE_FAILED');
  if (unknownTags.length > 0) {
    return {
      ok: false,
      problems: unknownTags.map((warning) => {
        const at = warning.linePos?.[0];
        return `${at ? `${label}:${at.line}:${at.col}` : label}: ${firstLine(warning.message)} (CloudFormation's short tags: ${SHORT_TAGS.map((tag) => `!${tag}`).join(', ')})`;
      }),
    };
  }
  return { ok: true, value: document.toJS({ maxAliasCount: 1000 }) };
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}
